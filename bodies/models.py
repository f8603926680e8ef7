"""Conformity assessment bodies: certification bodies, laboratories, inspection bodies ..."""

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accreditation.models import Accreditation, AccreditationStatus
from bodies.text import fold


class AccreditationSummary(models.TextChoices):
    """A body's standing, derived from its accreditations (never typed by hand)."""

    ACCREDITED = "accredited", _("Accredited")
    SUSPENDED = "suspended", _("Accreditation suspended")
    LAPSED = "lapsed", _("No longer accredited")
    UNACCREDITED = "unaccredited", _("Not accredited")


class CertificationBodyQuerySet(models.QuerySet):
    def demo(self):
        """Bodies created by ``seed_demo``."""
        return self.filter(is_demo=True)

    def for_list(self):
        """Bodies with their accreditations, AB and CASCO standard, for result rows.

        The scope standards of each accreditation come from the search index
        (``search.presenter.BodiesInOrder``), which already holds them.
        """
        return self.prefetch_related(
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.select_related(
                    "accreditation_body", "casco_standard"
                ),
            )
        )

    def for_detail(self):
        """Bodies with every accreditation, its scope standards and IAF sectors."""
        return self.prefetch_related(
            Prefetch("accreditations", queryset=Accreditation.objects.for_display())
        )


class CertificationBody(models.Model):
    name = models.CharField(_("name"), max_length=255)
    aliases = models.TextField(
        _("other or former names"), blank=True, help_text=_("One name per line.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    complaints_url = models.URLField(
        _("complaints page"),
        max_length=300,
        blank=True,
        help_text=_("Where the body itself takes complaints: its complaints page or contact form."),
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(
        _("demo record"), default=False, help_text=_("Fictional, created by seed_demo.")
    )
    # Folded (lower-case ASCII) name, aliases, city and accreditation numbers, so one
    # portable LIKE finds "TÜV" from "tuv" on SQLite and PostgreSQL alike.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CertificationBodyQuerySet.as_manager()
    # search_text is derived (recomputed by save()), so its changes are not history.
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["name", "country"]
        verbose_name = _("conformity assessment body")
        verbose_name_plural = _("conformity assessment bodies")
        indexes = [
            models.Index(fields=["name"], name="body_name_idx"),
            models.Index(fields=["country", "name"], name="body_country_name_idx"),
            models.Index(fields=["updated_at"], name="body_updated_at_idx"),
            models.Index(fields=["is_demo"], name="body_is_demo_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="body_name_country_unique"),
            models.CheckConstraint(condition=~models.Q(name=""), name="body_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        numbers = self.accreditations.values_list("number", flat=True) if self.pk else ()
        self.search_text = self.build_search_text(numbers)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("bodies:detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def build_search_text(self, numbers=()):
        """The folded text that ``search`` matches: names, city and accreditation numbers."""
        parts = [self.name, *self.alias_list, self.city, *numbers]
        return " ".join(filter(None, (fold(part) for part in parts)))

    def accreditation_summary(self, today=None):
        """The body's standing from its (prefetched) accreditations."""
        today = today or timezone.localdate()
        statuses = {a.effective_status_on(today) for a in self.accreditations.all()}
        if AccreditationStatus.ACTIVE in statuses:
            return AccreditationSummary.ACCREDITED
        if AccreditationStatus.SUSPENDED in statuses:
            return AccreditationSummary.SUSPENDED
        if statuses:
            return AccreditationSummary.LAPSED
        return AccreditationSummary.UNACCREDITED
