"""The value every output of the search works from: a parsed, canonical ``Criteria``.

``search.filters.BodyFilterSet`` turns a query string into a ``Search`` (criteria, sort,
page and what was ignored); the rule (``search.sql`` and ``search.index``) reads only
the criteria. Values are held canonically (each list deduplicated and sorted), so
two URLs that ask the same thing give equal values and the same cache key.
"""

import calendar
import datetime
import hashlib
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from accreditation.models import AccreditationStatus

# The "status" parameter: "accredited" is the accreditation status "active" (and not past
# its date); "unaccredited" describes a body with no current accreditation at all.
ACCREDITED = "accredited"
UNACCREDITED = "unaccredited"
STATUS_CHOICES = [
    (ACCREDITED, _("Accredited")),
    (AccreditationStatus.SUSPENDED.value, _("Suspended")),
    (AccreditationStatus.WITHDRAWN.value, _("Withdrawn")),
    (AccreditationStatus.EXPIRED.value, _("Expired")),
    (UNACCREDITED, _("Not accredited")),
]
STATUS_TO_ACCREDITATION_STATUS = {
    ACCREDITED: AccreditationStatus.ACTIVE,
    AccreditationStatus.SUSPENDED.value: AccreditationStatus.SUSPENDED,
    AccreditationStatus.WITHDRAWN.value: AccreditationStatus.WITHDRAWN,
    AccreditationStatus.EXPIRED.value: AccreditationStatus.EXPIRED,
}

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("name", _("Name")),
    ("country", _("Country")),
    ("updated", _("Recently updated")),
]
SORT_ORDER = {
    "relevance": ["-relevance", "name", "country", "pk"],
    "name": ["name", "country", "pk"],
    "country": ["country", "name", "pk"],
    "updated": ["-updated_at", "name", "pk"],
}

# URL parameters of the filters, in the order links write them.
FILTER_PARAMS = (
    "standard",
    "casco",
    "ab",
    "sector",
    "country",
    "status",
    "recognised",
    "expires",
    "granted",
)


def month_bounds(month):
    """The first and last day of a "YYYY-MM" month."""
    year, number = (int(part) for part in month.split("-"))
    last = calendar.monthrange(year, number)[1]
    return datetime.date(year, number, 1), datetime.date(year, number, last)


def year_bounds(year):
    """The first and last day of a "YYYY" year."""
    return datetime.date(int(year), 1, 1), datetime.date(int(year), 12, 31)


@dataclass(frozen=True)
class Ignored:
    """A parameter value the search did not use, and why."""

    param: str
    value: str
    reason: str
    suggestion: str = ""  # the nearest valid value, for "did you mean ...?"
    suggestion_label: str = ""


@dataclass(frozen=True)
class Criteria:
    """What a search asks for: the search rule's only input.

    Several standards mean all of them (each on an accreditation of its own that meets
    the other accreditation criteria); several values of any other list mean any of them.
    """

    text: str = ""
    standards: tuple = ()  # certifiable Standard objects
    cascos: tuple = ()  # CASCO Standard objects
    accreditation_bodies: tuple = ()  # AccreditationBody objects
    sectors: tuple = ()  # IAF sector codes (int)
    countries: tuple = ()  # ISO 3166-1 alpha-2 codes
    status: str = ""  # a value of STATUS_CHOICES, or ""
    # The accreditation body signs the arrangement that covers the accredited kind of body.
    recognised: bool = False
    # The accreditation's valid-until date is in this month ("YYYY-MM"), its granted-on
    # date in this year ("YYYY"): the statistics' time charts link to these searches.
    expires: str = ""
    granted: str = ""

    def __post_init__(self):
        canonical = {
            "standards": tuple(sorted(set(self.standards), key=lambda s: s.slug)),
            "cascos": tuple(sorted(set(self.cascos), key=lambda s: s.slug)),
            "accreditation_bodies": tuple(
                sorted(set(self.accreditation_bodies), key=lambda ab: ab.slug)
            ),
            "sectors": tuple(sorted(set(self.sectors))),
            "countries": tuple(sorted(set(self.countries))),
        }
        for name, value in canonical.items():
            object.__setattr__(self, name, value)

    @property
    def accreditation_status(self):
        """The effective status each matching accreditation must have, or None."""
        return STATUS_TO_ACCREDITATION_STATUS.get(self.status)

    def accreditation_criteria(self):
        """The criteria one accreditation must meet besides a standard, as keywords."""
        return {
            "cascos": self.cascos,
            "accreditation_bodies": self.accreditation_bodies,
            "sectors": self.sectors,
            "status": self.accreditation_status,
            "recognised": self.recognised,
            "expires": self.expires,
            "granted": self.granted,
        }

    @property
    def has_filters(self):
        return bool(self.filter_params())

    def replace(self, **changes):
        """A copy with ``changes`` (field names of this class)."""
        return replace(self, **changes)

    def filter_params(self):
        """The filters as URL parameters, (name, value) pairs in canonical order."""
        pairs = [("standard", s.slug) for s in self.standards]
        pairs += [("casco", s.slug) for s in self.cascos]
        pairs += [("ab", ab.slug) for ab in self.accreditation_bodies]
        pairs += [("sector", str(code)) for code in self.sectors]
        pairs += [("country", code) for code in self.countries]
        if self.status:
            pairs.append(("status", self.status))
        if self.recognised:
            pairs.append(("recognised", "yes"))
        if self.expires:
            pairs.append(("expires", self.expires))
        if self.granted:
            pairs.append(("granted", self.granted))
        return pairs

    def params(self):
        """Every criterion as URL parameters, the text query last."""
        return [*self.filter_params(), *([("q", self.text)] if self.text else [])]


@dataclass(frozen=True)
class Search:
    """One request's search: criteria, sort order, page and what was left out."""

    criteria: Criteria = field(default_factory=Criteria)
    sort: str = ""  # "" means the default: relevance with a text query, else name
    page: str = ""  # as asked for (the paginator falls back to a real page)
    ignored: tuple = ()  # Ignored values, then at most one summary of the rest
    ignored_more: int = 0  # ignored values not listed one by one
    literal: bool = False  # "literal=yes": take ``q`` as words only, understand nothing
    # When ``q`` named filters: what was understood ("ISO 9001 bodies in Germany"), the
    # text as typed, and the parameters of its literal reading.
    understood: str = ""
    understood_from: str = ""
    literal_params: tuple = ()

    @property
    def sort_by(self):
        return self.sort or ("relevance" if self.criteria.text else "name")

    def params(self):
        """The search as URL parameters (criteria, then sort and page when given)."""
        pairs = self.criteria.params()
        if self.literal and self.criteria.text:
            pairs.append(("literal", "yes"))
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.page:
            pairs.append(("page", self.page))
        return pairs

    def cache_key(self):
        """A key for everything a rendered search depends on (ignored values included)."""
        parts = [f"{name}={value}" for name, value in self.params()]
        parts += [f"!{i.param}={i.value}:{i.reason}:{i.suggestion}" for i in self.ignored]
        parts.append(f"!understood={self.understood_from}")
        parts.append(f"!+{self.ignored_more}")
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
