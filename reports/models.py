"""Reports from the public that a body's record is wrong: kept for curators, never published.

A report changes nothing by itself; a curator checks it, corrects the record in the
admin if it is right, and says what became of it in its status.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Long enough for a paragraph with the details, short enough to read in the admin list.
DETAILS_MAX_LENGTH = 2000
URL_MAX_LENGTH = 500


class ReportQuerySet(models.QuerySet):
    def open(self):
        """Reports still waiting for a curator: new, or confirmed but not yet fixed."""
        return self.filter(status__in=[Report.Status.NEW, Report.Status.CONFIRMED])

    def for_admin_index(self):
        """Open reports with their body, newest first, for the admin's index."""
        return self.open().select_related("body").order_by("-created_at")


class Report(models.Model):
    class Problem(models.TextChoices):
        ACCREDITATION = "accreditation", _("An accreditation is wrong or missing")
        STATUS = "status", _("A status or date is wrong (suspended, withdrawn, expired …)")
        SCOPE = "scope", _("A standard or IAF sector in scope is wrong or missing")
        CONTACT = "contact", _("The name, address, website or contact details are wrong")
        DUPLICATE = "duplicate", _("The body is listed twice")
        CLOSED = "closed", _("The body no longer exists")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        FIXED = "fixed", _("Fixed")

    # A report on a deleted record has nothing left to correct.
    body = models.ForeignKey(
        "bodies.CertificationBody",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("body"),
    )
    problem = models.CharField(_("what is wrong"), max_length=20, choices=Problem.choices)
    details = models.TextField(_("details"), max_length=DETAILS_MAX_LENGTH)
    source_url = models.URLField(_("source"), max_length=URL_MAX_LENGTH, blank=True)
    email = models.EmailField(_("email for a reply"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_reports",
        limit_choices_to={"is_staff": True},
        verbose_name=_("handled by"),
        help_text=_("The curator who last set its status."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["status", "created_at"], name="report_status_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "confirmed", "rejected", "fixed"]),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    problem__in=[
                        "accreditation",
                        "status",
                        "scope",
                        "contact",
                        "duplicate",
                        "closed",
                        "other",
                    ]
                ),
                name="report_problem_valid",
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.get_problem_display()}"

    def get_absolute_url(self):
        """The record reported on (the admin's "View on site")."""
        return self.body.get_absolute_url()

    @property
    def is_open(self):
        return self.status in (self.Status.NEW, self.Status.CONFIRMED)
