"""Accreditation events: dated facts about accreditations (granted, suspended, scope reduced ...).

Kept apart from ``models`` (which imports this module, so that Django registers the
model) because that module is long enough.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accreditation.models import Accreditation, AccreditationStatus, Standard


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
# The event that brings an accreditation to each status (an active one is reinstated).
KIND_FOR_STATUS = {
    AccreditationStatus.ACTIVE: EventKind.REINSTATED,
    AccreditationStatus.SUSPENDED: EventKind.SUSPENDED,
    AccreditationStatus.WITHDRAWN: EventKind.WITHDRAWN,
    AccreditationStatus.EXPIRED: EventKind.EXPIRED,
}
# The kinds that bring an accreditation to a status: the CSV's status_since column dates them.
STATUS_EVENT_KINDS = tuple(KIND_FOR_STATUS.values())


class EventOrigin(models.TextChoices):
    """The path that recorded an event."""

    ADMIN = "admin", _("Admin")
    IMPORT = "import", _("Import")
    BACKFILL = "backfill", _("Backfill of existing records")
    DEMO = "demo", _("Demo data")


class EventDating(models.TextChoices):
    """Where an event's effective date came from when its source gave none."""

    AS_GIVEN = "", _("As given")
    IMPORT_DAY = "import_day", _("The day of the import")
    EDIT_DAY = "edit_day", _("The day of the edit")
    DAY_AFTER_VALID_UNTIL = "day_after_valid_until", _("The day after its valid-until date")


def explain(kind, origin, source_file, dated, note):
    """Where an event came from and how it was dated, then its ``note``, in the active
    language ("" when there is nothing to say).

    The facts are stored, not the sentences, so that each reader gets them in their own
    language.
    """
    parts = []
    if origin == EventOrigin.IMPORT:
        if source_file:
            parts.append(gettext("From the import of %(file)s.") % {"file": source_file})
        else:
            parts.append(gettext("From a CSV import."))
    if dated == EventDating.IMPORT_DAY and kind in STATUS_EVENT_KINDS:
        parts.append(
            gettext("The file gives no status_since for this change: dated the day of the import.")
        )
    elif dated == EventDating.IMPORT_DAY:
        parts.append(
            gettext("The file gives no date for this change: dated the day of the import.")
        )
    elif dated == EventDating.DAY_AFTER_VALID_UNTIL:
        parts.append(gettext("The file gives no status_since: dated the day after valid_until."))
    elif dated == EventDating.EDIT_DAY:
        parts.append(
            gettext("No effective date was given with this edit: dated the day of the edit.")
        )
    if note:
        parts.append(note)
    return " ".join(parts)


class AccreditationEventQuerySet(models.QuerySet):
    def for_feed(self):
        """Events a subscriber is told about (not the backfill), newest recorded first."""
        return (
            self.exclude(origin=EventOrigin.BACKFILL)
            .select_related("accreditation__body", "accreditation__accreditation_body", "standard")
            .order_by("-recorded_at", "-pk")
        )


SOURCE_FILE_LENGTH = 255


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
    # The curator's (or a source's) own words; what the system knows is in the fields
    # below, put in words by ``explanation`` in the reader's language.
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=EventOrigin.choices)
    source_file = models.CharField(
        _("imported file"),
        max_length=SOURCE_FILE_LENGTH,
        blank=True,
        help_text=_("For an import: the name of the file, when known."),
    )
    dated = models.CharField(
        _("dated"),
        max_length=30,
        choices=EventDating.choices,
        blank=True,
        default=EventDating.AS_GIVEN,
        help_text=_("Where the effective date came from when the source gave none."),
    )
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
            models.CheckConstraint(
                condition=Q(dated__in=EventDating.values), name="accevent_dated_valid"
            ),
            models.CheckConstraint(
                condition=Q(source_file="") | Q(origin=EventOrigin.IMPORT),
                name="accevent_source_file_only_imported",
            ),
        ]

    def __str__(self):
        on = self.effective_on.isoformat() if self.effective_on else "date not on record"
        return f"{self.accreditation}: {self.get_kind_display().lower()} ({on})"

    def get_absolute_url(self):
        return self.accreditation.get_absolute_url()

    @property
    def explanation(self):
        """Where it came from, how it was dated and its note, in the active language."""
        return explain(self.kind, self.origin, self.source_file, self.dated, self.note)
