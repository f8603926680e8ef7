"""The statistics of a search: how many bodies each variant of it finds, from the index.

Every number is the result count of a search (``Bar.criteria``): the given criteria
with one value replaced (a country, a standard added, an accreditation body, a CASCO
standard, a status, the month an accreditation is valid until, the year it was
granted). Charts of the bodies there are today default the status to "accredited"
unless the search names one. Countries, standards and statuses are the search's facet
counts (``SearchIndex.search``), which are exact for those; accreditation bodies, CASCO
standards, months and years are counted here exactly for any number of standards,
where the facets approximate with several.
"""

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from bodies.models import CertificationBody
from search import sql
from search.criteria import ACCREDITED, UNACCREDITED, Criteria
from search.index import NO_END

MONTHS_AHEAD = 12
NO_KEY = -1
# The value of each parameter a chart varies when it is not given.
UNSET = {"accreditation_bodies": (), "cascos": (), "expires": "", "granted": ""}


@dataclass(frozen=True)
class Bar:
    """One number: ``count`` bodies match ``criteria``; ``key`` is what the bar stands for."""

    key: object
    criteria: Criteria
    count: int


@dataclass
class Statistics:
    criteria: Criteria  # as asked
    current: Criteria  # as asked, the status "accredited" unless one was asked for
    total: int  # bodies matching ``current``
    countries: list
    standards: list
    accreditation_bodies: list
    cascos: list
    statuses: list
    expiring: list
    granted: list


def text_mask(index, text):
    """Bodies whose names, city or numbers hold every word of ``text`` (None: no text)."""
    if not text:
        return None
    # Unordered: a mask needs no order, and sorting 40,000 names for "cert" took 110 of 180 ms.
    ids = sql.text_matching(CertificationBody.objects.order_by(), text).values_list("pk", flat=True)
    return index.ids_mask(list(ids))


def search_summary(index, today, criteria, reference, text=None):
    """The countries', standards' and statuses' numbers: all the small sections on other
    pages show; the other charts are left empty.

    The same counts as the search's facets (``SearchIndex.search``), without the facets
    these charts do not show (sectors, and the approximate ones for several standards).
    """
    current = criteria if criteria.status else criteria.replace(status=ACCREDITED)
    text = text if text is not None else np.ones(index.n_bodies, dtype=bool)
    in_countries = index.country_mask(current.countries)
    matching = text & index.rule_mask(today, current)
    results = matching & in_countries
    by_country = np.bincount(index.body_country[matching], minlength=len(index.countries))
    in_results = index.accreditation_mask(today, **current.accreditation_criteria())
    in_results &= results[index.acc_body]
    standards = reference.standards_by_pk
    return Statistics(
        criteria=criteria,
        current=current,
        total=int(np.count_nonzero(results)),
        countries=_bars(
            current,
            ((index.countries[n], int(count)) for n, count in enumerate(by_country.tolist())),
            lambda code: {"countries": (code,)},
        ),
        standards=_bars(
            current,
            (
                (standards[pk], count)
                for pk, count in index.bodies_per_standard(
                    in_results, index.acc_standard_bits
                ).items()
            ),
            lambda s: {"standards": tuple({*current.standards, s})},
        ),
        accreditation_bodies=[],
        cascos=[],
        statuses=[
            Bar(value, criteria.replace(status=value), count)
            for value, count in index.status_counts(today, criteria, text & in_countries).items()
        ],
        expiring=[],
        granted=[],
    )


def search_statistics(index, today, criteria, reference, text=None):
    """Every chart's numbers for ``criteria`` (``text``: its text mask, from ``text_mask``)."""
    summary = search_summary(index, today, criteria, reference, text)
    current = summary.current
    by_ab = {ab.pk: ab for ab in reference.accreditation_bodies.values()}
    months = _months(today)
    years, year_codes = _years(index, today)
    return replace(
        summary,
        accreditation_bodies=_bars(
            current,
            _per_key(
                index,
                today,
                current,
                text,
                "accreditation_bodies",
                index.ab_codes,
                by_ab,
                index.ab_keys,
            ),
            lambda ab: {"accreditation_bodies": (ab,)},
        ),
        cascos=_bars(
            current,
            _per_key(
                index,
                today,
                current,
                text,
                "cascos",
                index.casco_codes,
                reference.standards_by_pk,
                index.casco_keys,
            ),
            lambda s: {"cascos": (s,)},
        ),
        expiring=[
            Bar(month, current.replace(expires=month), n)
            for month, n in _per_key(
                index,
                today,
                current,
                text,
                "expires",
                _month_codes(index, months),
                dict(enumerate(months)),
                range(len(months)),
                keep_zero=True,
            )
        ],
        granted=[
            Bar(year, criteria.replace(granted=year), n)
            for year, n in _per_key(
                index,
                today,
                criteria,
                text,
                "granted",
                year_codes,
                dict(enumerate(years)),
                range(len(years)),
                keep_zero=True,
            )
        ],
    )


def _bars(current, pairs, replace_value):
    """Bars of ``current`` with each key's replacement, largest first, zeros left out."""
    found = [Bar(key, current.replace(**replace_value(key)), n) for key, n in pairs if n]
    return sorted(found, key=lambda bar: -bar.count)


def _per_key(index, today, criteria, text, param, codes, objects, keys, keep_zero=False):
    """[(object, bodies matching ``criteria`` with ``param`` set to it)] per dense code.

    ``codes`` gives each accreditation its code (NO_KEY for none), ``keys`` maps codes to
    the keys of ``objects``. A (code, body) grid is marked per selected standard, so that
    each standard needs an accreditation of its own with the key, as the rule says.
    """
    n_keys, n_bodies = len(keys), index.n_bodies
    if not n_keys or not n_bodies:
        return []
    bodies = index.country_mask(criteria.countries)
    if text is not None:
        bodies &= text
    if criteria.status == UNACCREDITED:
        bodies &= index.rule_mask(today, Criteria(status=UNACCREDITED))
    # Accreditations of other bodies are left out before marking: fewer cells to mark.
    usable = (codes != NO_KEY) & bodies[index.acc_body]
    each = {**criteria.accreditation_criteria(), param: UNSET[param]}
    grids = None
    for standard in criteria.standards or (None,):
        mask = index.accreditation_mask(today, standard=standard, **each) & usable
        grid = np.zeros(n_keys * n_bodies, dtype=bool)
        grid[codes[mask].astype(np.int64) * n_bodies + index.acc_body[mask]] = True
        grids = grid if grids is None else grids & grid
    counts = np.count_nonzero(grids.reshape(n_keys, n_bodies), axis=1)
    return [
        (objects[int(keys[code])], int(n))
        for code, n in enumerate(counts.tolist())
        if (n or keep_zero) and int(keys[code]) in objects
    ]


def _months(today):
    """The next ``MONTHS_AHEAD`` months from today's, as "YYYY-MM"."""
    first = today.year * 12 + today.month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, first + MONTHS_AHEAD)]


@lru_cache(maxsize=1)
def _calendar(index):
    """Each accreditation's valid-until month (months since year 0) and granted year, -1
    for none: computed once per index, which is built once per directory version."""
    valid_month = np.full(len(index.acc_valid_until), NO_KEY, dtype=np.int64)
    dated = index.acc_valid_until != NO_END
    days = np.datetime64("0001-01-01") + (index.acc_valid_until[dated].astype(np.int64) - 1)
    # datetime64 months and years count from 1970.
    valid_month[dated] = days.astype("datetime64[M]").astype(np.int64) + 1970 * 12
    granted_year = np.full(len(index.acc_granted), NO_KEY, dtype=np.int64)
    granted = index.acc_granted > 0
    days = np.datetime64("0001-01-01") + (index.acc_granted[granted].astype(np.int64) - 1)
    granted_year[granted] = days.astype("datetime64[Y]").astype(np.int64) + 1970
    return valid_month, granted_year


def _month_codes(index, months):
    """Each accreditation's valid-until month as a position in ``months``, else NO_KEY."""
    year, month = (int(part) for part in months[0].split("-"))
    position = _calendar(index)[0] - (year * 12 + month - 1)
    return np.where((position >= 0) & (position < len(months)), position, NO_KEY)


def _years(index, today):
    """The years from the first grant to this one ("YYYY"), and each accreditation's
    granted year as a position among them (NO_KEY for none)."""
    years = _calendar(index)[1]
    granted = years != NO_KEY
    if not granted.any():
        return [], years
    first, last = int(years[granted].min()), max(int(years.max()), today.year)
    return [str(year) for year in range(first, last + 1)], np.where(granted, years - first, NO_KEY)
