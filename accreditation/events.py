"""Accreditation events: dated facts about accreditations (granted, suspended, scope reduced ...).

Kept apart from ``models`` (which imports this module, so that Django registers the
model) because that module is long enough.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models import Accreditation, Standard


class EventKind(models.TextChoices):
    """What happened to an accreditation in the world (not an edit of its record)."""

    GRANTED = "granted", _("Granted")
    RENEWED = "renewed", _("Renewed")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    SCOPE_EXTENDED = "scope_extended", _("Scope extended")
    SCOPE_REDUCED = "scope_reduced", _("Scope reduced")


SCOPE_EVENT_KINDS = (EventKind.SCOPE_EXTENDED, EventKind.SCOPE_REDUCED)


class EventOrigin(models.TextChoices):
    """The path that recorded an event."""

    ADMIN = "admin", _("Admin")
    IMPORT = "import", _("Import")
    BACKFILL = "backfill", _("Backfill of existing records")
    DEMO = "demo", _("Demo data")


class AccreditationEventQuerySet(models.QuerySet):
    def for_feed(self):
        """Events a subscriber is told about (not the backfill), newest recorded first."""
        return (
            self.exclude(origin=EventOrigin.BACKFILL)
            .select_related("accreditation__body", "accreditation__accreditation_body", "standard")
            .order_by("-recorded_at", "-pk")
        )


class AccreditationEvent(models.Model):
    """A dated fact about an accreditation: granted, suspended, scope reduced ...

    The history (django-simple-history) says when the record was edited; events say
    when things took effect in the world. ``accreditation.timeline`` reads them.
    """

    accreditation = models.ForeignKey(
        Accreditation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("accreditation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    effective_on = models.DateField(
        _("effective on"),
        null=True,
        blank=True,
        help_text=_("When it took effect; empty when not on record."),
    )
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Standard.Kind.CERTIFIABLE},
        verbose_name=_("standard"),
        help_text=_("For a scope change: the standard added or removed."),
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("For a grant or renewal: valid until this date."),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=EventOrigin.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AccreditationEventQuerySet.as_manager()

    class Meta:
        ordering = ["accreditation", "effective_on", "recorded_at", "pk"]
        verbose_name = _("accreditation event")
        verbose_name_plural = _("accreditation events")
        indexes = [
            models.Index(fields=["-recorded_at"], name="accevent_recorded_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="accevent_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=EventOrigin.values), name="accevent_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SCOPE_EVENT_KINDS, standard__isnull=False)
                | (~Q(kind__in=SCOPE_EVENT_KINDS) & Q(standard__isnull=True)),
                name="accevent_standard_iff_scope_change",
            ),
        ]

    def __str__(self):
        on = self.effective_on.isoformat() if self.effective_on else "date not on record"
        return f"{self.accreditation}: {self.get_kind_display().lower()} ({on})"

    def get_absolute_url(self):
        return self.accreditation.get_absolute_url()
