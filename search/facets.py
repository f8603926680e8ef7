"""Facet counts for the search page, computed for the current search.

Counts are disjunctive, as in most faceted search: the count beside a country is the
number of results with that country given every *other* filter, so choosing a second
country adds to the results. Standards are the exception: several standards mean all
of them, so their counts are taken within the current results. With one standard
selected (the common case) every count is exact; with several, the CASCO, accreditation
body and sector counts require the value on an accreditation for any one of them.

The counts come from the in-memory search index (``search.index``); this module
turns them into labelled options for the page, with the labels the filter set gives.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bodies.text import country_names
from search.criteria import STATUS_CHOICES


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    hint: str = ""
    # The value as an id fragment, made once: a page has some 130 options, each named twice.
    dom_id: str = field(init=False)

    def __post_init__(self):
        self.dom_id = _dom_id(self.value)


# The same few hundred values on every page: slugified once each.
_dom_id = lru_cache(maxsize=4096)(slugify)


# Options shown before "Show all": the rest fold away (selected ones always show).
SHOWN_OPTIONS = 8


@dataclass
class Facet:
    param: str
    legend: str
    options: list = field(default_factory=list)
    multiple: bool = True
    findable: bool = False  # offers a type-to-find box (progressive enhancement)

    @property
    def input_type(self):
        return "checkbox" if self.multiple else "radio"

    @property
    def has_selection(self):
        return any(option.selected for option in self.options)

    @property
    def shown_options(self):
        """The first options, and every selected one."""
        return [
            option for n, option in enumerate(self.options) if n < SHOWN_OPTIONS or option.selected
        ]

    @property
    def more_options(self):
        """The options behind "Show all"."""
        return [
            option
            for n, option in enumerate(self.options)
            if n >= SHOWN_OPTIONS and not option.selected
        ]


@dataclass
class FacetResult:
    total: int
    facets: list


def build_facets(filterset, counts):
    """The facet groups of ``filterset``'s search from the index's raw ``counts``."""
    criteria = filterset.criteria
    reference = filterset.reference
    labels = {name: filter_.label for name, filter_ in filterset.filters.items()}
    selected_countries = set(criteria.countries)
    names = country_names(get_language())
    selected = {
        "standard": {s.slug for s in criteria.standards},
        "casco": {s.slug for s in criteria.cascos},
        "ab": {ab.slug for ab in criteria.accreditation_bodies},
        "sector": set(criteria.sectors),
    }
    standards = sorted(reference.standards.values(), key=lambda s: _code_key(s.code))
    return [
        Facet(
            "standard",
            labels["standard"],
            [
                FacetOption(
                    s.slug,
                    s.code,
                    counts.total
                    if s.slug in selected["standard"]
                    else counts.standards.get(s.pk, 0),
                    s.slug in selected["standard"],
                    s.title,
                )
                for s in standards
                if not s.is_casco
            ],
        ),
        Facet(
            "country",
            labels["country"],
            sorted(
                (
                    FacetOption(code, names.get(code, code), count, code in selected_countries)
                    for code, count in counts.countries.items()
                ),
                key=lambda option: (-option.count, option.label),
            )
            + [
                FacetOption(code, names.get(code, code), 0, True)
                for code in sorted(selected_countries - set(counts.countries))
            ],
            findable=True,
        ),
        Facet(
            "ab",
            labels["ab"],
            [
                FacetOption(
                    ab.slug,
                    ab.acronym,
                    counts.accreditation_bodies.get(ab.pk, 0),
                    ab.slug in selected["ab"],
                    f"{ab.name} ({names.get(ab.country.code, ab.country.name)})",
                )
                for ab in reference.accreditation_bodies.values()
                if counts.accreditation_bodies.get(ab.pk) or ab.slug in selected["ab"]
            ],
        ),
        Facet(
            "casco",
            labels["casco"],
            [
                FacetOption(
                    s.slug,
                    s.code,
                    counts.cascos.get(s.pk, 0),
                    s.slug in selected["casco"],
                    s.get_applies_to_display(),
                )
                for s in standards
                if s.is_casco and (counts.cascos.get(s.pk) or s.slug in selected["casco"])
            ],
        ),
        Facet(
            "sector",
            labels["sector"],
            _sector_options(counts.sectors, reference.sector_names, selected["sector"]),
        ),
        Facet(
            "recognised",
            labels["recognised"],
            [
                FacetOption(
                    "yes",
                    _("By a signatory of the IAF MLA or ILAC MRA"),
                    counts.recognised,
                    criteria.recognised,
                    filterset.filters["recognised"].extra.get("help_text", ""),
                )
            ],
        ),
        Facet(
            "status",
            labels["status"],
            [
                FacetOption(value, label, counts.statuses[value], value == criteria.status)
                for value, label in STATUS_CHOICES
            ],
            multiple=False,
        ),
    ]


def _sector_options(counts, names, selected):
    return [
        FacetOption(
            str(code), f"{code}: {names.get(code, '')}", counts.get(code, 0), code in selected
        )
        for code in sorted(set(counts) | selected)
    ]


def _code_key(code):
    """Sort "ISO 9001" before "ISO 14001" (by number, not by text)."""
    digits = "".join(ch if ch.isdigit() else " " for ch in code).split()
    return [int(d) for d in digits] or [0], code
