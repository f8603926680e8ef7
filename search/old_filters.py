"""The search page's parameters: parsing, cleaning and applying them (the public URL contract).

``/bodies/?q=&standard=&casco=&ab=&sector=&status=&country=&sort=&page=`` — every search
is a GET URL. Unknown or invalid values never fail the page: they are dropped and
listed in ``ignored`` so the page can say what it did not use.
"""

from dataclasses import dataclass

import django_filters
from django.http import QueryDict
from django_countries import countries

from accreditation.cache import cached_for_version
from accreditation.models import AccreditationBody, AccreditationStatus, SectorCode, Standard
from bodies.models import AccreditationSummary, CertificationBody

MAX_QUERY_LENGTH = 200

STATUS_CHOICES = [
    (AccreditationSummary.ACCREDITED.value, "Accredited"),
    (AccreditationStatus.SUSPENDED.value, "Suspended"),
    (AccreditationStatus.WITHDRAWN.value, "Withdrawn"),
    (AccreditationStatus.EXPIRED.value, "Expired"),
    (AccreditationSummary.UNACCREDITED.value, "Not accredited"),
]
# "accredited" in the URL is the accreditation status "active" (and not past its date).
STATUS_TO_CRITERION = {
    "accredited": AccreditationStatus.ACTIVE,
    "suspended": AccreditationStatus.SUSPENDED,
    "withdrawn": AccreditationStatus.WITHDRAWN,
    "expired": AccreditationStatus.EXPIRED,
    "unaccredited": AccreditationSummary.UNACCREDITED,
}

SORT_CHOICES = [
    ("relevance", "Relevance"),
    ("name", "Name"),
    ("country", "Country"),
    ("updated", "Recently updated"),
]
SORT_ORDER = {
    "relevance": ["-relevance", "name", "country", "pk"],
    "name": ["name", "country", "pk"],
    "country": ["country", "name", "pk"],
    "updated": ["-updated_at", "name", "pk"],
}

MULTI_VALUED = ("standard", "casco", "ab", "sector", "country")
SINGLE_VALUED = ("status", "sort")


@dataclass(frozen=True)
class Ignored:
    """A parameter value the search did not use, and why."""

    param: str
    value: str
    reason: str


@dataclass(frozen=True)
class Reference:
    """The standards and accreditation bodies a search can name, loaded once per request."""

    standards: dict
    accreditation_bodies: dict
    sector_names: dict

    @classmethod
    def load(cls, version=None):
        """The reference data, from the cache when this directory version has it."""
        return cached_for_version(
            "search-reference",
            version,
            lambda: cls(
                standards={s.slug: s for s in Standard.objects.all()},
                accreditation_bodies={ab.slug: ab for ab in AccreditationBody.objects.all()},
                sector_names=dict(SectorCode.objects.values_list("code", "name")),
            ),
        )


def _short(value, limit=60):
    return value if len(value) <= limit else value[: limit - 1] + "…"


class BodyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search")
    standard = django_filters.MultipleChoiceFilter(label="Standard")
    casco = django_filters.MultipleChoiceFilter(label="Kind of body (CASCO standard)")
    ab = django_filters.MultipleChoiceFilter(label="Accreditation body")
    sector = django_filters.MultipleChoiceFilter(label="IAF sector")
    status = django_filters.ChoiceFilter(label="Accreditation status", choices=STATUS_CHOICES)
    country = django_filters.MultipleChoiceFilter(label="Country", choices=list(countries))
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, empty_label=None)

    class Meta:
        model = CertificationBody
        fields = []

    def __init__(self, data=None, queryset=None, *, reference=None, today=None, **kwargs):
        self.reference = reference or Reference.load()
        self.today = today
        self.ignored = []
        super().__init__(self._clean_params(data) if data is not None else None, queryset, **kwargs)
        standards = self.reference.standards.values()
        self.form.fields["standard"].choices = [
            (s.slug, s.code) for s in standards if not s.is_casco
        ]
        self.form.fields["casco"].choices = [(s.slug, s.code) for s in standards if s.is_casco]
        self.form.fields["ab"].choices = [
            (ab.slug, ab.acronym) for ab in self.reference.accreditation_bodies.values()
        ]
        self.form.fields["sector"].choices = [(str(n), str(n)) for n in range(1, 40)]

    def _clean_params(self, data):
        """Keep the valid values of each known parameter; remember the rest in ``ignored``."""
        valid = {
            "standard": {s for s, obj in self.reference.standards.items() if not obj.is_casco},
            "casco": {s for s, obj in self.reference.standards.items() if obj.is_casco},
            "ab": set(self.reference.accreditation_bodies),
            "sector": {str(n) for n in range(1, 40)},
            "country": set(countries.countries),
            "status": set(STATUS_TO_CRITERION),
            "sort": set(SORT_ORDER),
        }
        cleaned = {}
        for param in MULTI_VALUED:
            kept = []
            for value in data.getlist(param):
                value = value.strip()
                if param == "country":
                    value = value.upper()
                if value in valid[param] and value not in kept:
                    kept.append(value)
                elif value and value not in valid[param]:
                    self.ignored.append(Ignored(param, _short(value), "unknown value"))
            if kept:
                cleaned[param] = kept
        for param in SINGLE_VALUED:
            values = [v.strip() for v in data.getlist(param) if v.strip()]
            for value in values:
                if value in valid[param] and param not in cleaned:
                    cleaned[param] = value
                elif value in valid[param]:
                    self.ignored.append(Ignored(param, value, "only one value is used"))
                else:
                    self.ignored.append(Ignored(param, _short(value), "unknown value"))
        query = " ".join(" ".join(data.getlist("q")).replace("\x00", " ").split())
        if len(query) > MAX_QUERY_LENGTH:
            self.ignored.append(
                Ignored("q", _short(query), f"shortened to {MAX_QUERY_LENGTH} characters")
            )
            query = query[:MAX_QUERY_LENGTH]
        if query:
            cleaned["q"] = query
        params = QueryDict(mutable=True)
        for param, value in cleaned.items():
            params.setlist(param, value if isinstance(value, list) else [value])
        return params

    @property
    def criteria(self):
        """The cleaned search as keyword arguments for ``CertificationBody.objects.matching``."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        standards = self.reference.standards
        abs_ = self.reference.accreditation_bodies
        return {
            "standards": [standards[slug] for slug in data.get("standard", [])],
            "cascos": [standards[slug] for slug in data.get("casco", [])],
            "accreditation_bodies": [abs_[slug] for slug in data.get("ab", [])],
            "sectors": [int(code) for code in data.get("sector", [])],
            "status": STATUS_TO_CRITERION.get(data.get("status") or ""),
            "today": self.today,
        }

    @property
    def query(self):
        return (self.form.cleaned_data.get("q") or "") if self.is_bound and self.is_valid() else ""

    @property
    def selected_countries(self):
        if not (self.is_bound and self.is_valid()):
            return []
        return self.form.cleaned_data.get("country") or []

    @property
    def sort_by(self):
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("sort") or ("relevance" if self.query else "name")

    def filter_queryset(self, queryset):
        # The accreditation criteria must hold for one and the same accreditation, so
        # they are applied together rather than one filter at a time.
        return self.apply(queryset, self.criteria, self.selected_countries, self.query)

    def apply(self, queryset, criteria, country_codes, query):
        """``queryset`` narrowed by the given criteria, countries and text query."""
        if country_codes:
            queryset = queryset.filter(country__in=country_codes)
        if query:
            queryset = queryset.search(query)
        return queryset.matching(**criteria)

    def ordered(self, queryset):
        """``queryset`` in the requested sort order."""
        if self.sort_by == "relevance":
            if not self.query:
                return queryset.order_by(*SORT_ORDER["name"])
            queryset = queryset.with_relevance(self.query)
        return queryset.order_by(*SORT_ORDER[self.sort_by])
