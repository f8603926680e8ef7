"""The search's public parameters, described once: ``/bodies/?q=&standard=&casco=&ab=&sector=
&country=&status=&recognised=&sort=&page=``.

``BodyFilterSet`` names every parameter with its label and allowed values (the page
renders its controls from it, the API publishes it), validates a query string and
produces the ``Search`` every output works from. A bad value never fails a search: it
is left out and listed in ``Search.ignored``, so the page can say what it did not use.
"""

import difflib
import re
from dataclasses import replace
from functools import cached_property

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accreditation.models import IAF_SECTOR_CODES, DirectoryVersion
from bodies.models import CertificationBody
from bodies.text import fold
from search import sql
from search.criteria import SORT_CHOICES, STATUS_CHOICES, Criteria, Ignored, Search
from search.reference import reference_for_version
from search.understanding import describe, understand

MAX_QUERY_LENGTH = 200
# Values kept per parameter: enough for any real search, and a bound on what one
# anonymous request can make the server build and cache.
MAX_VALUES = 20
# Ignored values listed one by one; the rest are counted.
MAX_IGNORED_LISTED = 20
MAX_PAGE_LENGTH = 20
# Why a value was left out (``Search.ignored``), in the request's language.
UNKNOWN_VALUE = _("unknown value")


# The parameters query understanding can read a value for, and its names for them.
PARAM_CRITERIA = {
    "standard": "standards",
    "casco": "cascos",
    "ab": "accreditation_bodies",
    "country": "countries",
    "sector": "sectors",
}


def _choice(value):
    """(URL value, label) of something query understanding found."""
    if isinstance(value, str):
        return value, str(countries.name(value))
    if isinstance(value, int):
        return str(value), str(value)
    return value.slug, getattr(value, "code", None) or value.acronym


def _short(value, limit=60):
    return value if len(value) <= limit else value[: limit - 1] + "…"


class ListSelect(forms.Select):
    """A select that reads every value of its parameter, so extra values can be reported."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]


class ListSelectMultiple(forms.SelectMultiple):
    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])


class ValidValues(frozenset):
    """The values a parameter accepts; shared, never copied, by the per-request fields."""

    def __deepcopy__(self, memo):
        return self


class PatternValues:
    """The values a parameter accepts, when there are too many to list (every month)."""

    def __init__(self, pattern):
        self.pattern = re.compile(pattern)

    def __contains__(self, value):
        return bool(self.pattern.fullmatch(value))

    def __deepcopy__(self, memo):
        return self


class Choices(tuple):
    """A parameter's (value, label) pairs; immutable, so shared rather than deep-copied
    into every request's filters and form."""

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self


class LenientChoicesField(forms.Field):
    """Keeps the valid values of a parameter (up to ``max_values``) and notes the rest.

    ``rejected`` holds (value, reason) pairs after ``clean``: the form reports them
    rather than failing the whole search for one bad value. ``valid_values`` (the keys
    of ``choices``, given once) spares every request from walking the choices.
    """

    widget = ListSelectMultiple

    def __init__(
        self, *args, max_values=MAX_VALUES, normalize=str.strip, valid_values=None, **kwargs
    ):
        self.max_values = max_values
        self.normalize = normalize
        self.valid_values = valid_values
        self.rejected = []
        # Kept as given (a list, or a callable for long lists): Django's ChoiceField would
        # normalise and copy them for every request's form; only pages and schemas read them.
        self._choices = kwargs.pop("choices", ())
        kwargs["required"] = False
        super().__init__(*args, **kwargs)

    @property
    def choices(self):
        return self._choices() if callable(self._choices) else self._choices

    def nearest(self, item):
        """(value, label) of the valid value nearest to ``item``, or ("", "")."""
        if len(item) > 60:
            return "", ""
        keys = {}
        for key, label in self.choices:
            keys.setdefault(fold(str(key)), (str(key), str(label)))
            keys.setdefault(fold(str(label)), (str(key), str(label)))
        close = difflib.get_close_matches(fold(item), list(keys), n=1, cutoff=0.6)
        return keys[close[0]] if close else ("", "")

    def clean(self, value):
        self.rejected = []
        valid = self.valid_values
        if valid is None:
            valid = {str(key) for key, _ in self.choices}
        kept = []
        for raw in value or []:
            item = self.normalize(raw or "")
            if not item or item in kept:
                continue
            if item not in valid:
                self.rejected.append((_short(item), str(UNKNOWN_VALUE), *self.nearest(item)))
            elif len(kept) >= self.max_values:
                reason = (
                    gettext("only one value is used")
                    if self.max_values == 1
                    else gettext("at most %(count)d values are used") % {"count": self.max_values}
                )
                self.rejected.append((item, reason))
            else:
                kept.append(item)
        return kept


class LenientChoiceField(LenientChoicesField):
    """One value of a parameter: the first valid one."""

    widget = ListSelect

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_values=1, **kwargs)

    def clean(self, value):
        kept = super().clean(value)
        return kept[0] if kept else ""


class SearchTextField(forms.CharField):
    """The text query: every ``q`` value joined, NUL-free, spaces collapsed, at most 200."""

    widget = forms.SearchInput

    def __init__(self, *args, **kwargs):
        self.rejected = []
        kwargs["required"] = False
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(MAX_QUERY_LENGTH)}

    def clean(self, value):
        self.rejected = []
        values = value if isinstance(value, list) else [value or ""]
        text = " ".join(" ".join(values).replace("\x00", " ").split())
        if len(text) > MAX_QUERY_LENGTH:
            self.rejected.append(
                (
                    _short(text),
                    gettext("shortened to %(count)d characters") % {"count": MAX_QUERY_LENGTH},
                )
            )
            text = text[:MAX_QUERY_LENGTH]
        return text


class SearchInputList(forms.SearchInput):
    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]

    def format_value(self, value):
        return " ".join(value) if isinstance(value, list) else super().format_value(value)


class LenientMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientChoicesField


class LenientChoiceFilter(django_filters.ChoiceFilter):
    field_class = LenientChoiceField


class SearchTextFilter(django_filters.CharFilter):
    field_class = SearchTextField


class BodyFilterSet(django_filters.FilterSet):
    """Every parameter of the search, and the ``Search`` a query string asks for.

    The filters describe; ``filter_queryset`` applies the whole rule at once (the
    accreditation criteria must hold on one and the same accreditation, which no
    filter-by-filter chain can express).
    """

    q = SearchTextFilter(
        label=_("Search by name, city or accreditation number"), widget=SearchInputList
    )
    standard = LenientMultipleChoiceFilter(
        label=_("Standard"), help_text=_("Certified to all the chosen standards.")
    )
    casco = LenientMultipleChoiceFilter(label=_("Kind of body (CASCO standard)"))
    ab = LenientMultipleChoiceFilter(label=_("Accreditation body"))
    sector = LenientMultipleChoiceFilter(
        label=_("IAF sector"),
        choices=Choices((str(code), str(code)) for code in IAF_SECTOR_CODES),
        valid_values=ValidValues(str(code) for code in IAF_SECTOR_CODES),
    )
    country = LenientMultipleChoiceFilter(
        label=_("Country"),
        choices=lambda: [(code, str(name)) for code, name in countries],
        normalize=lambda value: value.strip().upper(),
        valid_values=ValidValues(countries.countries),
    )
    status = LenientChoiceFilter(label=_("Accreditation status"), choices=Choices(STATUS_CHOICES))
    recognised = LenientChoiceFilter(
        label=_("Recognised accreditation"),
        choices=[("yes", _("Accreditation body signs the IAF MLA or ILAC MRA for its scope"))],
        help_text=_(
            "Only accreditations whose accreditation body signs the arrangement that "
            "covers them (IAF MLA for certification, ILAC MRA for laboratories and inspection, now "
            "continued under Global Accreditation Cooperation) for that scope, as a source "
            "confirms: never one by a body outside IAF and ILAC."
        ),
        normalize=lambda value: value.strip().lower(),
    )
    literal = LenientChoiceFilter(
        label=_("Take the search words literally"),
        choices=[("yes", _("Search for the words only"))],
        help_text=_(
            "Without it, words naming a standard, country, accreditation body, kind "
            "of body or IAF sector become those filters."
        ),
        normalize=lambda value: value.strip().lower(),
    )
    expires = LenientChoiceFilter(
        label=_("Accreditation valid until (month)"),
        help_text=_("A month, YYYY-MM: the accreditation's valid-until date is in it."),
        valid_values=PatternValues(r"(19|20)\d\d-(0[1-9]|1[0-2])"),
    )
    granted = LenientChoiceFilter(
        label=_("Accreditation granted (year)"),
        help_text=_("A year, YYYY: the accreditation was granted in it."),
        valid_values=PatternValues(r"(19|20)\d\d"),
    )
    sort = LenientChoiceFilter(label=_("Sort by"), choices=Choices(SORT_CHOICES))

    class Meta:
        model = CertificationBody
        fields = []

    def __init__(self, data=None, queryset=None, *, reference=None, today=None, **kwargs):
        if reference is None:
            reference = reference_for_version(DirectoryVersion.current())
        self.reference = reference
        self.today = today or timezone.localdate()
        super().__init__(data, queryset, **kwargs)
        for name, choices in reference.choices.items():
            self.filters[name].extra["choices"] = Choices(choices)
            self.filters[name].extra["valid_values"] = ValidValues(key for key, _ in choices)
            # A field built before the choices were set (a schema generator's) is stale.
            self.filters[name].__dict__.pop("_field", None)

    @cached_property
    def search(self):
        """The search the data asks for, with every value it left out and why."""
        cleaned = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        standards = self.reference.standards
        abs_ = self.reference.accreditation_bodies
        criteria = Criteria(
            text=cleaned.get("q", ""),
            standards=tuple(standards[slug] for slug in cleaned.get("standard", [])),
            cascos=tuple(standards[slug] for slug in cleaned.get("casco", [])),
            accreditation_bodies=tuple(abs_[slug] for slug in cleaned.get("ab", [])),
            sectors=tuple(int(code) for code in cleaned.get("sector", [])),
            countries=tuple(cleaned.get("country", [])),
            status=cleaned.get("status", ""),
            recognised=cleaned.get("recognised") == "yes",
            expires=cleaned.get("expires", ""),
            granted=cleaned.get("granted", ""),
        )
        ignored = [
            self._suggest(Ignored(name, *rejected))
            for name in self.filters
            for rejected in getattr(self.form.fields[name], "rejected", [])
        ]
        page, page_ignored = self._page()
        ignored += page_ignored
        literal = cleaned.get("literal") == "yes"
        understood = {}
        if criteria.text and not literal:
            understood = self._understand(criteria)
            criteria = understood.pop("criteria")
        return Search(
            criteria=criteria,
            sort=cleaned.get("sort", ""),
            page=page,
            ignored=tuple(ignored[:MAX_IGNORED_LISTED]),
            ignored_more=max(len(ignored) - MAX_IGNORED_LISTED, 0),
            literal=literal,
            **understood,
        )

    def _suggest(self, item):
        """``item`` with the value query understanding reads in it ("iso-27001" is ISO/IEC
        27001), when it reads one for the same parameter; else as the field suggested."""
        criterion = PARAM_CRITERIA.get(item.param)
        if criterion is None or item.reason != str(UNKNOWN_VALUE):
            return item
        for name, value in self.reference.vocabulary.get(tuple(fold(item.value).split()), []):
            if name == criterion:
                key, label = _choice(value)
                return replace(item, suggestion=key, suggestion_label=label)
        return item

    def _understand(self, criteria):
        """The criteria with what the text names, and how to say so (``Search`` fields)."""
        found = understand(
            criteria.text, self.reference.vocabulary, self.reference.capital_acronyms
        )
        if not found.understood:
            return {"criteria": criteria}
        literal = [*criteria.filter_params(), ("q", criteria.text), ("literal", "yes")]
        return {
            "criteria": criteria.replace(
                text=found.text,
                standards=(*criteria.standards, *found.standards),
                cascos=(*criteria.cascos, *found.cascos),
                accreditation_bodies=(*criteria.accreditation_bodies, *found.accreditation_bodies),
                sectors=(*criteria.sectors, *found.sectors),
                countries=(*criteria.countries, *found.countries),
            ),
            "understood": describe(found),
            "understood_from": criteria.text,
            "literal_params": tuple(literal),
        }

    def _page(self):
        """The first non-blank ``page`` value (shortened), and any others as ignored."""
        values = [v.strip() for v in (self.data.getlist("page") if self.is_bound else [])]
        values = [v for v in values if v]
        ignored = [
            Ignored("page", _short(v), gettext("only one value is used")) for v in values[1:]
        ]
        return (values[0][:MAX_PAGE_LENGTH] if values else ""), ignored

    @property
    def criteria(self):
        return self.search.criteria

    def filter_queryset(self, queryset):
        return sql.ordered(sql.matching(self.criteria, self.today, queryset), self.search)
