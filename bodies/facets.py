"""Facet counts for the search page, computed for the current search.

Counts are disjunctive, as in most faceted search: the count beside a country is the
number of results with that country given every *other* filter, so choosing a second
country adds to the results. Standards are the exception: several standards mean all
of them, so their counts are taken within the current results. With one standard
selected (the common case) every count is exact; with several, the CASCO, accreditation
body and sector counts require the value on an accreditation for any one of them.

Eight queries at most whatever the filters: countries, statuses and the total share one.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django_countries import countries

from accreditation.models import Accreditation, AccreditationSector
from bodies.filters import STATUS_CHOICES, STATUS_TO_CRITERION
from bodies.models import matching_q


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    hint: str = ""


@dataclass
class Facet:
    param: str
    legend: str
    options: list = field(default_factory=list)
    multiple: bool = True

    @property
    def has_selection(self):
        return any(option.selected for option in self.options)


@dataclass
class FacetResult:
    total: int
    facets: list


def _accreditation_criteria(criteria):
    """The accreditation-level part of the criteria (status "unaccredited" is body-level)."""
    status = criteria["status"]
    return {
        "cascos": criteria["cascos"],
        "accreditation_bodies": criteria["accreditation_bodies"],
        "sectors": criteria["sectors"],
        "status": None if status == STATUS_TO_CRITERION["unaccredited"] else status,
        "today": criteria["today"],
    }


def _scope_accreditations(filterset, queryset, criteria, exclude):
    """Accreditations of bodies found without the ``exclude`` criterion, meeting the others."""
    base = filterset.apply(
        queryset,
        {**criteria, exclude: []},
        filterset.selected_countries,
        filterset.query,
    )
    accreditation_criteria = {**_accreditation_criteria(criteria), exclude: ()}
    standards = criteria["standards"]
    accreditations = Accreditation.objects.matching(
        standard=standards[0] if len(standards) == 1 else None, **accreditation_criteria
    ).filter(body__in=base.values("pk"))
    if len(standards) > 1:
        accreditations = accreditations.filter(standards__in=standards)
    return accreditations


def _counts(rows, key):
    return {row[key]: row["n"] for row in rows if row[key] is not None}


def compute_facets(filterset, queryset):
    """The total and the facet groups for ``filterset`` over ``queryset``."""
    criteria = filterset.criteria
    reference = filterset.reference
    selected_countries = set(filterset.selected_countries)
    selected_status = filterset.form.cleaned_data.get("status") if filterset.is_bound else None

    # Countries, statuses and the total in one grouped query over the results found
    # without the country and status filters.
    without_status = {**criteria, "status": None}
    base = filterset.apply(queryset, without_status, [], filterset.query)
    status_counts = {
        value: Count("pk", filter=matching_q(**{**criteria, "status": criterion}))
        for value, criterion in STATUS_TO_CRITERION.items()
    }
    rows = list(
        base.values("country")
        .annotate(n=Count("pk", filter=matching_q(**criteria)), **status_counts)
        .order_by()
    )
    in_country = [
        row for row in rows if not selected_countries or row["country"] in selected_countries
    ]
    total = sum(row["n"] for row in in_country)
    country_counts = {row["country"]: row["n"] for row in rows}
    status_totals = {value: sum(row[value] for row in in_country) for value in STATUS_TO_CRITERION}

    results = filterset.apply(queryset, criteria, filterset.selected_countries, filterset.query)
    standard_counts = _counts(
        Accreditation.objects.matching(**_accreditation_criteria(criteria))
        .filter(body__in=results.values("pk"))
        .values("standards")
        .annotate(n=Count("body", distinct=True))
        .order_by(),
        "standards",
    )
    casco_counts = _counts(
        _scope_accreditations(filterset, queryset, criteria, "cascos")
        .values("casco_standard")
        .annotate(n=Count("body", distinct=True))
        .order_by(),
        "casco_standard",
    )
    ab_counts = _counts(
        _scope_accreditations(filterset, queryset, criteria, "accreditation_bodies")
        .values("accreditation_body")
        .annotate(n=Count("body", distinct=True))
        .order_by(),
        "accreditation_body",
    )
    sector_rows = list(
        AccreditationSector.objects.filter(
            accreditation__in=_scope_accreditations(filterset, queryset, criteria, "sectors")
        )
        .values("sector__code", "sector__name")
        .annotate(n=Count("accreditation__body", distinct=True))
        .order_by("sector__code")
    )

    selected = {
        "standard": {s.slug for s in criteria["standards"]},
        "casco": {s.slug for s in criteria["cascos"]},
        "ab": {ab.slug for ab in criteria["accreditation_bodies"]},
        "sector": set(criteria["sectors"]),
    }
    standards = list(reference.standards.values())
    facets = [
        Facet(
            "standard",
            "Standard",
            [
                FacetOption(
                    s.slug,
                    s.code,
                    total if s.slug in selected["standard"] else standard_counts.get(s.pk, 0),
                    s.slug in selected["standard"],
                    s.title,
                )
                for s in sorted(standards, key=lambda s: _code_key(s.code))
                if not s.is_casco
            ],
        ),
        Facet(
            "country",
            "Country",
            sorted(
                (
                    FacetOption(code, str(countries.name(code)), count, code in selected_countries)
                    for code, count in country_counts.items()
                    if count or code in selected_countries
                ),
                key=lambda option: (-option.count, option.label),
            )
            + [
                FacetOption(code, str(countries.name(code)), 0, True)
                for code in sorted(selected_countries - set(country_counts))
            ],
        ),
        Facet(
            "ab",
            "Accreditation body",
            [
                FacetOption(
                    ab.slug,
                    ab.acronym,
                    ab_counts.get(ab.pk, 0),
                    ab.slug in selected["ab"],
                    f"{ab.name} ({ab.country.name})",
                )
                for ab in reference.accreditation_bodies.values()
                if ab_counts.get(ab.pk) or ab.slug in selected["ab"]
            ],
        ),
        Facet(
            "casco",
            "Kind of body (CASCO standard)",
            [
                FacetOption(
                    s.slug,
                    s.code,
                    casco_counts.get(s.pk, 0),
                    s.slug in selected["casco"],
                    s.get_applies_to_display(),
                )
                for s in sorted(standards, key=lambda s: _code_key(s.code))
                if s.is_casco and (casco_counts.get(s.pk) or s.slug in selected["casco"])
            ],
        ),
        Facet(
            "sector",
            "IAF sector",
            _sector_options(sector_rows, selected["sector"]),
        ),
        Facet(
            "status",
            "Accreditation status",
            [
                FacetOption(value, label, status_totals[value], value == selected_status)
                for value, label in STATUS_CHOICES
            ],
            multiple=False,
        ),
    ]
    return FacetResult(total=total, facets=facets)


def _sector_options(rows, selected):
    options = [
        FacetOption(
            str(row["sector__code"]),
            f"{row['sector__code']}: {row['sector__name']}",
            row["n"],
            row["sector__code"] in selected,
        )
        for row in rows
    ]
    found = {row["sector__code"] for row in rows}
    options += [FacetOption(str(code), f"IAF {code}", 0, True) for code in sorted(selected - found)]
    return sorted(options, key=lambda option: int(option.value))


def _code_key(code):
    """Sort "ISO 9001" before "ISO 14001" (by number, not by text)."""
    digits = "".join(ch if ch.isdigit() else " " for ch in code).split()
    return [int(d) for d in digits] or [0], code
