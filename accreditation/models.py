"""Reference data (standards, IAF sectors, accreditation bodies) and accreditations.

An accreditation links a conformity assessment body (``bodies.CertificationBody``,
named here only by its string reference) to the accreditation body that granted it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


def standard_slug(code):
    """Slug for a standard code: "ISO/IEC 17021-1" -> "iso-iec-17021-1"."""
    return code.strip().lower().replace("/", "-").replace(" ", "-")


class StandardQuerySet(models.QuerySet):
    def certifiable(self):
        """Standards an organization can be certified to (ISO 9001, ISO/IEC 27001 ...)."""
        return self.filter(kind=Standard.Kind.CERTIFIABLE)

    def casco(self):
        """CASCO conformity-assessment standards that bodies are accredited against."""
        return self.filter(kind=Standard.Kind.CASCO)


class Standard(models.Model):
    class Kind(models.TextChoices):
        CERTIFIABLE = "certifiable", _("Certifiable management-system standard")
        CASCO = "casco", _("CASCO conformity-assessment standard")

    class AppliesTo(models.TextChoices):
        MANAGEMENT_SYSTEM = "management system", _("Management systems")
        ACCREDITATION_BODY = "accreditation body", _("Accreditation bodies")
        MANAGEMENT_SYSTEM_CB = (
            "management system certification body",
            _("Management-system certification bodies"),
        )
        PRODUCT_CB = "product certification body", _("Product certification bodies")
        PERSONNEL_CB = "personnel certification body", _("Personnel certification bodies")
        LABORATORY = "testing or calibration laboratory", _("Testing and calibration laboratories")
        MEDICAL_LABORATORY = "medical laboratory", _("Medical laboratories")
        INSPECTION_BODY = "inspection body", _("Inspection bodies")
        PT_PROVIDER = "proficiency testing provider", _("Proficiency testing providers")
        RM_PRODUCER = "reference material producer", _("Reference material producers")
        VV_BODY = "validation and verification body", _("Validation and verification bodies")

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_('e.g. "ISO 9001"'))
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    edition = models.PositiveSmallIntegerField(_("edition"), help_text=_("Year of the edition."))
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    applies_to = models.CharField(
        _("applies to"),
        max_length=50,
        choices=AppliesTo.choices,
        help_text=_("What a certifiable standard covers, or whom a CASCO standard is for."),
    )

    objects = StandardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name, verbose_name_plural = _("standard"), _("standards")
        indexes = [models.Index(fields=["kind"], name="standard_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["certifiable", "casco"]), name="standard_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(edition__gte=1900, edition__lte=2100), name="standard_edition_year"
            ),
        ]

    def __str__(self):
        return f"{self.code}:{self.edition}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = standard_slug(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("standards:detail", kwargs={"slug": self.slug})

    @property
    def is_casco(self):
        return self.kind == self.Kind.CASCO

    def get_applies_to_display(self):
        # Django's own translates all eleven lazy labels to hash them (0.1 ms a call); a
        # dict of the choices still built eleven pairs (9 µs): the member's label, 3 µs.
        try:
            return str(self.AppliesTo(self.applies_to).label)
        except ValueError:
            return self.applies_to


# The IAF/EA sector codes (IAF ID 1) run from 1 to 39.
IAF_SECTOR_CODES = range(1, 40)


class SectorCode(models.Model):
    """One of the 39 IAF/EA sector codes (IAF ID 1)."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name, verbose_name_plural = _("IAF sector code"), _("IAF sector codes")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=IAF_SECTOR_CODES[0], code__lte=IAF_SECTOR_CODES[-1]),
                name="sectorcode_code_1_to_39",
            ),
        ]

    def __str__(self):
        return f"IAF {self.code}: {self.name}"

    def get_absolute_url(self):
        return f"{reverse('search:list')}?sector={self.code}"


class Region(models.TextChoices):
    EA = "EA", _("EA (Europe)")
    APAC = "APAC", _("APAC (Asia Pacific)")
    IAAC = "IAAC", _("IAAC (the Americas)")
    AFRAC = "AFRAC", _("AFRAC (Africa)")
    ARAC = "ARAC", _("ARAC (Arab countries)")
    SADCA = "SADCA", _("SADCA (Southern Africa)")


class Signatory(models.TextChoices):
    YES = "yes", _("Signatory")
    NO = "no", _("Not a signatory")
    # Sources at hand did not confirm it either way: never show this as "no".
    UNKNOWN = "unknown", _("Not confirmed")


class Arrangement(models.TextChoices):
    """The mutual recognition arrangement that covers a kind of accredited body (its name is
    the same in every language: not translated)."""

    IAF_MLA = "iaf_mla", "IAF MLA"
    ILAC_MRA = "ilac_mra", "ILAC MRA"


# The IAF MLA covers certification and validation/verification bodies; the ILAC MRA
# covers laboratories, inspection bodies, PT providers and RM producers.
IAF_KINDS = frozenset(
    {
        Standard.AppliesTo.MANAGEMENT_SYSTEM_CB,
        Standard.AppliesTo.PRODUCT_CB,
        Standard.AppliesTo.PERSONNEL_CB,
        Standard.AppliesTo.VV_BODY,
    }
)


def arrangement_for(applies_to):
    """The arrangement covering bodies accredited against a CASCO standard for ``applies_to``."""
    return Arrangement.IAF_MLA if applies_to in IAF_KINDS else Arrangement.ILAC_MRA


class Membership(models.TextChoices):
    """Whether an AB belongs to IAF or ILAC (now Global Accreditation Cooperation)."""

    MEMBER = "member", _("Member of IAF or ILAC")
    NOT_MEMBER = "not_member", _("Not a member of IAF or ILAC")
    UNKNOWN = "unknown", _("Not confirmed")


class AccreditationBody(models.Model):
    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    slug = models.SlugField(_("slug"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    complaints_url = models.URLField(
        _("complaints page"),
        blank=True,
        help_text=_("Where the accreditation body takes complaints about the bodies it accredits."),
    )
    region = models.CharField(
        _("regional co-operation"), max_length=10, choices=Region.choices, blank=True
    )
    iaf_mla = models.CharField(
        _("IAF MLA signatory"), max_length=10, choices=Signatory.choices, default=Signatory.UNKNOWN
    )
    ilac_mra = models.CharField(
        _("ILAC MRA signatory"), max_length=10, choices=Signatory.choices, default=Signatory.UNKNOWN
    )
    membership = models.CharField(
        _("IAF/ILAC membership"), max_length=12, choices=Membership, default=Membership.UNKNOWN
    )
    membership_source = models.TextField(
        _("membership source"),
        blank=True,
        help_text=_('Addresses separated by " | "; required for a body that is not a member.'),
    )
    membership_quote = models.TextField(
        _("membership quote"), blank=True, help_text=_("What the source says.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name, verbose_name_plural = _("accreditation body"), _("accreditation bodies")
        indexes = [
            models.Index(fields=["country"], name="accbody_country_idx"),
            models.Index(fields=["region"], name="accbody_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(iaf_mla__in=["yes", "no", "unknown"]), name="accbody_iaf_mla_valid"
            ),
            models.CheckConstraint(
                condition=Q(ilac_mra__in=["yes", "no", "unknown"]), name="accbody_ilac_mra_valid"
            ),
            models.CheckConstraint(
                condition=Q(membership__in=["member", "not_member", "unknown"]),
                name="accbody_membership_valid",
            ),
            models.CheckConstraint(
                condition=~Q(membership="not_member") | ~Q(membership_source=""),
                name="accbody_not_member_has_source",
                violation_error_message=_("Give the source that says this body is not a member."),
            ),
        ]

    def __str__(self):
        return self.acronym

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.acronym)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accreditation_bodies:detail", kwargs={"slug": self.slug})

    @property
    def is_iaf_mla_signatory(self):
        return self.iaf_mla == Signatory.YES

    @property
    def is_ilac_mra_signatory(self):
        return self.ilac_mra == Signatory.YES

    @property
    def is_not_member(self):
        """A source places this body outside IAF and ILAC (its country may then be blank)."""
        return self.membership == Membership.NOT_MEMBER


class RecognitionStandard(models.Model):
    """A standard in a recognition's sub-scope; before ``Recognition``, whose history uses it."""

    recognition = models.ForeignKey("Recognition", on_delete=models.CASCADE)
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT)

    class Meta:
        ordering = ["standard__code"]
        verbose_name, verbose_name_plural = _("sub-scope standard"), _("sub-scope standards")
        constraints = [
            models.UniqueConstraint(
                fields=["recognition", "standard"], name="recognitionstandard_unique"
            )
        ]

    def __str__(self):
        return f"{self.recognition}: {self.standard.code}"


class Recognition(models.Model):
    """A source's claim on a body's signature, for a scope or the whole field (``recognition``)."""

    accreditation_body = models.ForeignKey(
        AccreditationBody, models.CASCADE, "recognitions", verbose_name=_("accreditation body")
    )
    arrangement = models.CharField(_("arrangement"), max_length=10, choices=Arrangement.choices)
    casco_standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions",
        limit_choices_to={"kind": Standard.Kind.CASCO},
        verbose_name=_("CASCO standard"),
        help_text=_("Empty when the source itemises no scopes: the claim covers the whole field."),
    )
    standards = models.ManyToManyField(
        Standard,
        through=RecognitionStandard,
        related_name="sub_scope_recognitions",
        limit_choices_to={"kind": Standard.Kind.CERTIFIABLE},
        blank=True,
        verbose_name=_("sub-scope standards"),
        help_text=_("Only these standards, when the source names them; empty for the whole scope."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Signatory.choices)
    scope_note = models.CharField(_("scope note"), max_length=255, blank=True)
    source = models.TextField(_("source"), blank=True, help_text=_('Addresses separated by " | ".'))
    quote = models.TextField(_("quote"), blank=True, help_text=_("What the source says."))

    history = HistoricalRecords(m2m_fields=["standards"])

    class Meta:
        ordering = ["accreditation_body__acronym", "arrangement", "casco_standard__code"]
        verbose_name, verbose_name_plural = _("recognition"), _("recognitions")
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation_body", "arrangement", "casco_standard"],
                name="recognition_unique_scope",
            ),
            models.UniqueConstraint(
                fields=["accreditation_body", "arrangement"],
                condition=Q(casco_standard__isnull=True),
                name="recognition_unique_whole_field",
            ),
            models.CheckConstraint(
                condition=Q(arrangement__in=["iaf_mla", "ilac_mra"]),
                name="recognition_arrangement_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["yes", "no", "unknown"]), name="recognition_status_valid"
            ),
        ]

    def __str__(self):
        scope = self.casco_standard.code if self.casco_standard_id else _("whole field")
        return f"{self.accreditation_body} {self.get_arrangement_display()} ({scope})"

    def get_absolute_url(self):
        return self.accreditation_body.get_absolute_url()

    def clean(self):
        if self.casco_standard_id and (
            not self.casco_standard.is_casco
            or arrangement_for(self.casco_standard.applies_to) != self.arrangement
        ):
            raise ValidationError(
                {"casco_standard": _("Choose a CASCO standard that this arrangement covers.")}
            )


class AccreditationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


def stale_before(today=None):
    """Records last checked before this day, 12 months (365 days) before ``today``, are stale."""
    return (today or timezone.localdate()) - datetime.timedelta(days=365)


def effective_status_q(status, today=None):
    """Q matching accreditations whose status, after expiry by date, is ``status``.

    The one SQL statement of "expired once past its valid-until date, whatever is
    stored"; ``Accreditation.effective_status_on`` says it in Python for loaded rows.
    """
    today = today or timezone.localdate()
    past = Q(valid_until__lt=today)
    if status == AccreditationStatus.EXPIRED:
        return Q(status=status) | past
    return Q(status=status) & ~past


class AccreditationQuerySet(models.QuerySet):
    def with_effective_status(self, today=None):
        """Annotate ``effective_status``: the stored status, or expired once past valid-until."""
        today = today or timezone.localdate()
        return self.annotate(
            effective_status=Case(
                *(When(effective_status_q(s, today), then=Value(s)) for s in AccreditationStatus),
                output_field=models.CharField(),
            )
        )

    def with_status(self, status, today=None):
        """Accreditations whose effective status is ``status``."""
        return self.filter(effective_status_q(status, today))

    def body_counts(self, field):
        """{pk of ``field``'s value: number of distinct bodies} over these accreditations."""
        rows = self.order_by().values_list(field).annotate(n=Count("body", distinct=True))
        return {value: n for value, n in rows if value is not None}

    def standard_body_counts(self, standards):
        """{standard pk: distinct bodies} for ``standards``: in scope for certifiable ones,
        accredited against for CASCO ones (one grouped query per kind present)."""
        counts = {}
        for is_casco, field in ((False, "standards"), (True, "casco_standard")):
            if any(standard.is_casco == is_casco for standard in standards):
                counts.update(self.body_counts(field))
        return counts

    def body_count(self):
        """How many distinct bodies hold these accreditations."""
        return self.order_by().values("body").distinct().count()

    def for_display(self):
        """Accreditations with everything a page shows about them, in a fixed number of queries."""
        return self.select_related("accreditation_body", "casco_standard").prefetch_related(
            "standards", "sectors"
        )


class AccreditationStandard(models.Model):
    """A certifiable standard in an accreditation's scope (PROTECT keeps standards in use).

    Defined before ``Accreditation``, whose history records its scope through these models.
    """

    accreditation = models.ForeignKey("Accreditation", on_delete=models.CASCADE)
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT)

    class Meta:
        ordering = ["standard__code"]
        verbose_name, verbose_name_plural = _("standard in scope"), _("standards in scope")
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation", "standard"], name="accreditationstandard_unique"
            )
        ]

    def __str__(self):
        return f"{self.accreditation}: {self.standard.code}"


class AccreditationSector(models.Model):
    """An IAF sector code in an accreditation's scope (PROTECT keeps sectors in use)."""

    accreditation = models.ForeignKey("Accreditation", on_delete=models.CASCADE)
    sector = models.ForeignKey(SectorCode, on_delete=models.PROTECT)

    class Meta:
        ordering = ["sector__code"]
        verbose_name, verbose_name_plural = _("IAF sector in scope"), _("IAF sectors in scope")
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation", "sector"], name="accreditationsector_unique"
            )
        ]

    def __str__(self):
        return f"{self.accreditation}: IAF {self.sector.code}"


class Accreditation(models.Model):
    body = models.ForeignKey(
        "bodies.CertificationBody", models.CASCADE, "accreditations", verbose_name=_("body")
    )
    accreditation_body = models.ForeignKey(
        AccreditationBody, models.PROTECT, "accreditations", verbose_name=_("accreditation body")
    )
    number = models.CharField(
        _("accreditation number"), max_length=64, help_text=_("As the accreditation body wrote it.")
    )
    casco_standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="casco_accreditations",
        limit_choices_to={"kind": Standard.Kind.CASCO},
        verbose_name=_("CASCO standard"),
        help_text=_("The conformity-assessment standard the accreditation is granted against."),
    )
    standards = models.ManyToManyField(
        Standard,
        through=AccreditationStandard,
        related_name="scope_accreditations",
        limit_choices_to={"kind": Standard.Kind.CERTIFIABLE},
        blank=True,
        verbose_name=_("standards in scope"),
    )
    sectors = models.ManyToManyField(
        SectorCode,
        through=AccreditationSector,
        related_name="accreditations",
        blank=True,
        verbose_name=_("IAF sector codes in scope"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AccreditationStatus, default=AccreditationStatus.ACTIVE
    )
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scope_document_url = models.URLField(_("scope document"), max_length=500, blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AccreditationQuerySet.as_manager()
    # Each historical record also keeps the scope (standards and IAF sectors) as it was.
    history = HistoricalRecords(m2m_fields=["standards", "sectors"])

    class Meta:
        ordering = ["accreditation_body__acronym", "number"]
        verbose_name, verbose_name_plural = _("accreditation"), _("accreditations")
        indexes = [
            models.Index(fields=["status"], name="accreditation_status_idx"),
            models.Index(fields=["valid_until"], name="accreditation_valid_until_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["accreditation_body", "number"], name="accreditation_number_unique_per_ab"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "suspended", "withdrawn", "expired"]),
                name="accreditation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(granted_on__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("granted_on")),
                name="accreditation_valid_until_after_granted_on",
            ),
        ]

    def __str__(self):
        return f"{self.accreditation_body} {self.number}"

    def get_absolute_url(self):
        return self.body.get_absolute_url()

    def clean(self):
        errors = {}
        if self.casco_standard_id and not self.casco_standard.is_casco:
            errors["casco_standard"] = _("Choose a CASCO conformity-assessment standard.")
        if self.granted_on and self.valid_until and self.valid_until < self.granted_on:
            errors["valid_until"] = _("Valid until cannot be before granted on.")
        if errors:
            raise ValidationError(errors)

    def effective_status_on(self, today):
        if self.valid_until and self.valid_until < today:
            return AccreditationStatus.EXPIRED
        return self.status

    @property
    def is_stale(self):
        """Not checked against the accreditation body's register for over 12 months, or never."""
        return self.last_verified_on is None or self.last_verified_on < stale_before()

    @property
    def current_status(self):
        """The status as of today: expired once past valid-until, whatever is stored."""
        return self.effective_status_on(timezone.localdate())

    def get_current_status_display(self):
        return str(AccreditationStatus(self.current_status).label)


# Models kept beside their helpers, registered (and importable) from here.
from accreditation.changes import DirectoryChange, DirectoryVersion  # noqa: E402, F401
from accreditation.events import AccreditationEvent, EventKind  # noqa: E402, F401  (registers it)
