"""What the API answers, field by field.

These serializers both write the responses and, through drf-spectacular, describe them
in the OpenAPI schema, so the two cannot differ. They read objects the views have
already loaded (with their accreditations prefetched): serializing costs no query.
Statuses "today" are taken on ``context["today"]``, the date the search was made on.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accreditation.events import EventKind
from accreditation.models import (
    AccreditationStatus,
    Arrangement,
    Membership,
    Region,
    Signatory,
    Standard,
)
from accreditation.timeline import timeline
from bodies.models import AccreditationSummary
from bodies.verdicts import arrangement, summarise, verdicts_for


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute URL of the object's page on the site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        # The English page whatever the answer's language: URLs are part of the contract.
        with translation.override(settings.LANGUAGE_CODE):
            return self.context["request"].build_absolute_uri(value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class BodySearchURLField(serializers.Field):
    """The absolute URL of the API's search for the bodies the object names."""

    def __init__(self, param, value=lambda obj: obj.slug, **kwargs):
        self.param = param
        self.value = value
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        param = self.param(obj) if callable(self.param) else self.param
        query = urlencode([(param, self.value(obj))])
        return self.context["request"].build_absolute_uri(f"{reverse('api:body-list')}?{query}")


class EffectiveStatusField(serializers.ChoiceField):
    """An accreditation's status today: expired once past its valid-until date."""

    def __init__(self, **kwargs):
        super().__init__(AccreditationStatus.choices, source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return value.effective_status_on(self.context["today"])


class StandingField(serializers.ChoiceField):
    """A body's standing today, from its accreditations."""

    def __init__(self, **kwargs):
        super().__init__(AccreditationSummary.choices, source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return value.accreditation_summary(self.context["today"])


def country_fields():
    """The ``country`` (its code) and ``country_name`` fields of a serializer."""
    return (
        serializers.CharField(source="country.code", help_text=gettext_lazy("ISO 3166-1 alpha-2.")),
        serializers.CharField(source="country.name"),
    )


# Accreditations and bodies.


class AccreditationBriefSerializer(serializers.Serializer):
    accreditation_body = serializers.CharField(
        source="accreditation_body.acronym",
        help_text=gettext_lazy("The accreditation body's acronym."),
    )
    number = serializers.CharField(help_text=gettext_lazy("As issued by the accreditation body."))
    casco_standard = serializers.CharField(
        source="casco_standard.code",
        help_text=gettext_lazy("The CASCO standard it is granted against."),
    )
    status = serializers.ChoiceField(
        AccreditationStatus.choices, help_text=gettext_lazy("As recorded.")
    )
    effective_status = EffectiveStatusField(
        help_text=gettext_lazy(
            "Today: expired once past its valid-until date, whatever is recorded."
        )
    )
    valid_until = serializers.DateField(allow_null=True)


class BodySummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    country, country_name = country_fields()
    city = serializers.CharField()
    website = serializers.CharField(help_text=gettext_lazy("A URL, or empty."))
    standing = StandingField(
        help_text=gettext_lazy("The body's standing today, from its accreditations.")
    )
    is_demo = serializers.BooleanField(
        help_text=gettext_lazy("A fictional demo record, not a real body.")
    )
    accreditations = AccreditationBriefSerializer(many=True, source="accreditations.all")
    url = PageURLField(help_text=gettext_lazy("The body's page on the site."))


class AccreditationBodyRefSerializer(serializers.Serializer):
    acronym = serializers.CharField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    country, country_name = country_fields()
    iaf_mla = serializers.ChoiceField(
        Signatory.choices, help_text=gettext_lazy("IAF MLA signatory status.")
    )
    ilac_mra = serializers.ChoiceField(
        Signatory.choices, help_text=gettext_lazy("ILAC MRA signatory status.")
    )
    membership = serializers.ChoiceField(
        Membership.choices, help_text=gettext_lazy("Whether it belongs to IAF or ILAC.")
    )


class StandardRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    slug = serializers.SlugField()
    applies_to = serializers.ChoiceField(Standard.AppliesTo.choices)


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(EventKind.choices)
    effective_on = serializers.DateField(
        allow_null=True,
        help_text=gettext_lazy("When it took effect; null when that is not on record."),
    )
    known_by = serializers.DateField(
        help_text=gettext_lazy("The effective date, or when CertDir knew of it.")
    )
    standard = serializers.CharField(
        help_text=gettext_lazy("For a scope change: the standard; else empty.")
    )
    valid_until = serializers.DateField(
        allow_null=True, help_text=gettext_lazy("For a grant or renewal.")
    )
    source_url = serializers.CharField(help_text=gettext_lazy("A URL, or empty."))
    note = serializers.CharField(
        source="explanation",
        help_text=gettext_lazy(
            "Where it was recorded from and how it was dated, then the curator's note, in "
            "the answer's language; or empty."
        ),
    )
    derived = serializers.BooleanField(
        help_text=gettext_lazy(
            "Implied by the record (its grant date, its status, expiry by date), not "
            "recorded as an event."
        )
    )
    text = serializers.CharField(
        source="__str__", help_text=gettext_lazy("The entry in words, in the answer's language.")
    )


class AccreditationSerializer(serializers.Serializer):
    accreditation_body = AccreditationBodyRefSerializer()
    number = serializers.CharField(help_text=gettext_lazy("As issued by the accreditation body."))
    casco_standard = StandardRefSerializer(
        help_text=gettext_lazy("The CASCO standard it is granted against.")
    )
    standards = StandardRefSerializer(
        many=True,
        source="standards.all",
        help_text=gettext_lazy("Certifiable standards in its scope."),
    )
    iaf_sectors = serializers.SerializerMethodField(
        help_text=gettext_lazy("IAF sector codes in its scope.")
    )
    status = serializers.ChoiceField(
        AccreditationStatus.choices, help_text=gettext_lazy("As recorded.")
    )
    effective_status = EffectiveStatusField(
        help_text=gettext_lazy(
            "Today: expired once past its valid-until date, whatever is recorded."
        )
    )
    granted_on = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    scope_document_url = serializers.CharField(help_text=gettext_lazy("A URL, or empty."))
    last_verified_on = serializers.DateField(allow_null=True)
    stale = serializers.BooleanField(
        source="is_stale",
        help_text=gettext_lazy(
            "Not checked against the accreditation body's register for over 12 months (or never)."
        ),
    )

    timeline = serializers.SerializerMethodField(
        help_text=gettext_lazy("What happened to it and when it took effect, the earliest first.")
    )

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_iaf_sectors(self, accreditation):
        return [sector.code for sector in accreditation.sectors.all()]

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, accreditation):
        entries = timeline(accreditation, self.context["today"])
        return TimelineEntrySerializer(entries, many=True).data


class VerdictSerializer(serializers.Serializer):
    """What the body's strongest accreditation for one standard says about it."""

    standard = serializers.CharField(help_text=gettext_lazy("The standard's code."))
    name = serializers.CharField(help_text=gettext_lazy("The standard as a reader sees it."))
    status = serializers.ChoiceField(
        AccreditationStatus.choices, help_text=gettext_lazy("The accreditation's status today.")
    )
    accreditation_body = serializers.CharField(
        help_text=gettext_lazy("The accreditation body's acronym.")
    )
    accreditation_number = serializers.CharField()
    arrangement = serializers.ChoiceField(
        [a.label for a in Arrangement],
        help_text=gettext_lazy("The arrangement covering this kind of body."),
    )
    signatory_status = serializers.ChoiceField(
        Signatory.choices,
        help_text=gettext_lazy("Whether the accreditation body's signature covers this scope."),
    )
    recognition = serializers.ChoiceField(
        ["signatory", "not_signatory", "not_confirmed", "not_member"],
        help_text=gettext_lazy(
            "The accreditation body's recognition for this scope: a signatory, not a "
            "signatory, not confirmed by any source, or not a member of IAF or ILAC."
        ),
    )
    recognition_source = serializers.CharField(
        help_text=gettext_lazy(
            'Where the recognition claim comes from (addresses separated by " | "), or empty.'
        )
    )
    valid_until = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(
        allow_null=True, help_text=gettext_lazy("When an expired one ended.")
    )
    sentence = serializers.CharField(
        help_text=gettext_lazy("The verdict in words, in the answer's language, as on the page.")
    )


class SummarySerializer(serializers.Serializer):
    text = serializers.CharField(
        help_text=gettext_lazy("The body's standing in one line, as on the page.")
    )
    tone = serializers.ChoiceField(["accredited", "partial", "suspended", "lapsed", "unaccredited"])


def verdict_rows(verdicts):
    """One row per standard a verdict speaks for, in the page's order."""
    for verdict in verdicts:
        accreditation = verdict.accreditation
        arrangement_name, signatory = arrangement(verdict)
        for code, name in zip(verdict.subjects, verdict.names, strict=True):
            yield {
                "standard": code,
                "name": name,
                "status": verdict.status,
                "accreditation_body": accreditation.accreditation_body.acronym,
                "accreditation_number": accreditation.number,
                "arrangement": arrangement_name,
                "signatory_status": signatory,
                "recognition": verdict.standing.code,
                "recognition_source": verdict.standing.record.source
                if verdict.standing.record
                else "",
                "valid_until": accreditation.valid_until,
                "ended_on": verdict.ended_on,
                "sentence": verdict.sentence,
            }


class IgnoredSerializer(serializers.Serializer):
    """A parameter value the search did not use, as the search page lists it."""

    param = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()
    suggestion = serializers.CharField(
        help_text=gettext_lazy("The nearest allowed value, or empty.")
    )
    suggestion_label = serializers.CharField(
        help_text=gettext_lazy("How the page names the suggestion.")
    )


class BodyDetailSerializer(BodySummarySerializer):
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    address = serializers.CharField()
    email = serializers.CharField(help_text=gettext_lazy("An e-mail address, or empty."))
    phone = serializers.CharField()
    description = serializers.CharField()
    updated_at = serializers.DateTimeField()
    summary = serializers.SerializerMethodField()
    verdicts = serializers.SerializerMethodField()
    accreditations = AccreditationSerializer(many=True, source="accreditations.all")

    on = serializers.SerializerMethodField(
        help_text=gettext_lazy("The date the summary and verdicts are for: `on`, or today.")
    )

    def verdicts_of(self, body):
        """The body's verdicts, worked out once for the summary and the list."""
        memo = self.context.setdefault("verdicts", {})
        if body.pk not in memo:
            memo[body.pk] = verdicts_for(
                body,
                self.context.get("on", self.context["today"]),
                self.context.get("recognitions"),
            )
        return memo[body.pk]

    ignored = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "An `on` value that was not used (not a date, or in the future), and why."
        )
    )

    @extend_schema_field(serializers.DateField())
    def get_on(self, body):
        return self.context.get("on", self.context["today"]).isoformat()

    @extend_schema_field(IgnoredSerializer(many=True))
    def get_ignored(self, body):
        return IgnoredSerializer(self.context.get("ignored", []), many=True).data

    @extend_schema_field(SummarySerializer)
    def get_summary(self, body):
        return SummarySerializer(summarise(self.verdicts_of(body))).data

    @extend_schema_field(VerdictSerializer(many=True))
    def get_verdicts(self, body):
        rows = verdict_rows(self.verdicts_of(body))
        return VerdictSerializer(list(rows), many=True).data


# The search's response.


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(
        help_text=gettext_lazy("Bodies this value gives, with the other filters.")
    )
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    param = serializers.CharField()
    label = serializers.CharField(source="legend")
    multiple = serializers.BooleanField(
        help_text=gettext_lazy("Whether several values may be chosen.")
    )
    options = FacetOptionSerializer(many=True)


class BodySearchSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=gettext_lazy("Bodies matching the search, on every page.")
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = BodySummarySerializer(many=True)
    ignored = IgnoredSerializer(many=True)
    ignored_more = serializers.IntegerField(
        help_text=gettext_lazy("Ignored values not listed one by one.")
    )
    understood = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy("What words of `q` were taken to mean, when any were."),
    )
    literal = serializers.URLField(
        allow_null=True,
        help_text=gettext_lazy("The search for the typed words only, when any were understood."),
    )
    facets = FacetSerializer(
        many=True, required=False, help_text=gettext_lazy("With `facets=1` only.")
    )


# Reference data.


class AccreditationBodySerializer(AccreditationBodyRefSerializer):
    region = serializers.ChoiceField(
        [("", gettext_lazy("None recorded")), *Region.choices],
        help_text=gettext_lazy("Regional co-operation."),
    )
    website = serializers.CharField(help_text=gettext_lazy("A URL, or empty."))
    current_body_count = serializers.IntegerField(
        help_text=gettext_lazy("Bodies it accredits today.")
    )
    url = PageURLField()
    bodies = BodySearchURLField(
        "ab", help_text=gettext_lazy("The API's search for the bodies it accredits.")
    )


class CascoCountSerializer(StandardRefSerializer):
    current_body_count = serializers.IntegerField()


class AccreditationBodyDetailSerializer(AccreditationBodySerializer):
    total_body_count = serializers.IntegerField(
        help_text=gettext_lazy("Bodies it has ever accredited.")
    )
    by_casco = CascoCountSerializer(
        many=True, help_text=gettext_lazy("Bodies it accredits today, by kind.")
    )


class StandardSerializer(StandardRefSerializer):
    edition = serializers.IntegerField(help_text=gettext_lazy("Year of the current edition."))
    title = serializers.CharField()
    kind = serializers.ChoiceField(Standard.Kind.choices)
    current_body_count = serializers.IntegerField(
        help_text=gettext_lazy("Bodies accredited for it (or, for a CASCO standard, to it) today.")
    )
    url = PageURLField()
    bodies = BodySearchURLField(
        lambda standard: "casco" if standard.is_casco else "standard",
        help_text=gettext_lazy("The API's search for the bodies accredited for it."),
    )


class SectorSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    name = serializers.CharField()
    url = PageURLField(
        help_text=gettext_lazy("The site's search for bodies accredited in the sector.")
    )
    bodies = BodySearchURLField(
        "sector",
        lambda sector: sector.code,
        help_text=gettext_lazy("The API's search for those bodies."),
    )


class ListSerializer(serializers.Serializer):
    count = serializers.IntegerField()


def list_serializer(name, item):
    """A ``{"count": n, "results": [...]}`` response of ``item``s (and ``ignored``)."""
    fields = {
        "results": item(many=True),
        "ignored": IgnoredSerializer(many=True, required=False),
    }
    return type(name, (ListSerializer,), fields)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
