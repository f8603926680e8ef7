"""The search rule over an in-memory, columnar copy of the directory: the pages' executor.

Facet counts are counts of distinct bodies over (accreditation, standard, sector)
combinations; in SQL each costs a join and a grouped distinct count over the whole
directory (hundreds of milliseconds at 100,000 bodies). Here every dimension is a
small-integer numpy array, so a whole search (results, six facets and the page order)
is a few dozen vectorised operations: milliseconds.

The index is derived data, never written to: it is built from the database once per
directory version (which database triggers bump on every write) and kept per process.
Accreditation statuses are resolved against the date at query time, so expiry by date
needs no rebuild. ``search.sql`` states the same rule in SQL and stays the reference;
the functions below mirror it one for one, and a test compares the two on random data.
"""

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from accreditation.models import (
    IAF_SECTOR_CODES,
    Accreditation,
    AccreditationSector,
    AccreditationStatus,
    Standard,
)
from accreditation.recognition import Recognitions
from bodies.models import CertificationBody
from search.criteria import STATUS_CHOICES, UNACCREDITED, month_bounds, year_bounds

STATUS_CODES = {status: code for code, status in enumerate(AccreditationStatus.values)}
EXPIRED = STATUS_CODES[AccreditationStatus.EXPIRED]
ACTIVE = STATUS_CODES[AccreditationStatus.ACTIVE]
NO_END = np.iinfo(np.int32).max
# One column per IAF sector code, indexed by the code itself.
SECTOR_COLUMNS = IAF_SECTOR_CODES[-1] + 1

_lock = threading.Lock()
_current = {}


def _row_number(*ordering):
    """ROW_NUMBER() over ``ordering`` ("-field" for descending)."""
    order_by = [F(f[1:]).desc() if f.startswith("-") else F(f).asc() for f in ordering]
    return Window(RowNumber(), order_by=order_by)


def forget_index():
    """Drop this process's index (tests roll back writes, and with them the version)."""
    with _lock:
        _current.clear()


def index_for_version(version):
    """The index for ``version``, built at most once per version in this process."""
    with _lock:
        index = _current.get("index")
        if index is None or _current.get("version") != version or version is None:
            index = SearchIndex.build()
            _current.update(index=index, version=version)
        return index


@dataclass
class FacetCounts:
    """Raw counts keyed by primary key (standards, cascos, ABs), code or value."""

    total: int
    countries: dict
    statuses: dict
    recognised: int
    standards: dict
    cascos: dict
    accreditation_bodies: dict
    sectors: dict


class SearchIndex:
    def __init__(
        self,
        *,
        body_ids,
        countries,
        body_country,
        orders,
        accreditations,
        scope,
        acc_ids,
        acc_granted,
    ):
        self.body_ids = body_ids
        self.acc_granted = acc_granted
        self.acc_ids = acc_ids
        self.n_bodies = len(body_ids)
        self.countries = countries
        self.body_country = body_country
        self.orders = orders
        (
            self.acc_body,
            self.acc_ab,
            self.acc_casco,
            self.acc_status,
            self.acc_valid_until,
            self.acc_recognised,
        ) = accreditations
        (
            self.standard_columns,
            self.acc_standard,
            self.acc_sector,
            self.acc_standard_recognised,
        ) = scope
        self.sector_acc, self.sector_code = np.nonzero(self.acc_sector)
        # Dense codes of the accreditation bodies and CASCO standards, for counting.
        self.ab_keys, self.ab_codes = np.unique(self.acc_ab, return_inverse=True)
        self.casco_keys, self.casco_codes = np.unique(self.acc_casco, return_inverse=True)
        # Body positions in each sort order, so ordering results is a boolean gather.
        self.sorted_positions = {
            sort: np.argsort(rank, kind="stable") for sort, rank in orders.items()
        }

    @classmethod
    def build(cls):
        """Read the directory into arrays (a handful of queries, once per version)."""
        # The three sort orders come from the database (its collation orders names) as
        # row numbers over the same scan.
        rows = list(
            CertificationBody.objects.annotate(
                by_name=_row_number("name", "country", "pk"),
                by_country=_row_number("country", "name", "pk"),
                by_updated=_row_number("-updated_at", "name", "pk"),
            )
            .order_by("pk")
            .values_list("pk", "country", "by_name", "by_country", "by_updated")
        )
        body_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        countries = sorted({row[1] for row in rows})
        country_code = {country: n for n, country in enumerate(countries)}
        body_country = np.fromiter(
            (country_code[row[1]] for row in rows), dtype=np.int16, count=len(rows)
        )
        orders = {
            sort: np.fromiter((row[column] - 1 for row in rows), dtype=np.int32, count=len(rows))
            for column, sort in ((2, "name"), (3, "country"), (4, "updated"))
        }

        # One row per accreditation and standard in its scope (one with None for an
        # accreditation without standards): accreditations and scope in one query.
        rows = list(
            Accreditation.objects.order_by("pk").values_list(
                "pk",
                "body_id",
                "accreditation_body_id",
                "casco_standard_id",
                "status",
                "valid_until",
                "standards",
                "granted_on",
            )
        )
        row_acc = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        acc_ids, first = np.unique(row_acc, return_index=True)
        acc_rows = [rows[n] for n in first.tolist()]
        n_acc = len(acc_rows)
        acc_body = np.searchsorted(
            body_ids, np.fromiter((row[1] for row in acc_rows), dtype=np.int64, count=n_acc)
        ).astype(np.int32)
        acc_ab = np.fromiter((row[2] for row in acc_rows), dtype=np.int32, count=n_acc)
        acc_casco = np.fromiter((row[3] for row in acc_rows), dtype=np.int32, count=n_acc)
        acc_status = np.fromiter(
            (STATUS_CODES[row[4]] for row in acc_rows), dtype=np.int8, count=n_acc
        )
        acc_valid_until = np.fromiter(
            (row[5].toordinal() if row[5] else NO_END for row in acc_rows),
            dtype=np.int32,
            count=n_acc,
        )

        # Ordinals, 0 for none: no period of a search starts that early.
        acc_granted = np.fromiter(
            (row[7].toordinal() if row[7] else 0 for row in acc_rows),
            dtype=np.int32,
            count=n_acc,
        )

        in_scope = np.fromiter((row[6] is not None for row in rows), dtype=bool, count=len(rows))
        scope_standard = np.fromiter(
            (row[6] or 0 for row in rows), dtype=np.int64, count=len(rows)
        )[in_scope]
        # One column per standard that some scope holds; others match nothing.
        scope_standards, scope_column = np.unique(scope_standard, return_inverse=True)
        standard_columns = {int(pk): n for n, pk in enumerate(scope_standards)}
        acc_standard = np.zeros((n_acc, max(len(standard_columns), 1)), dtype=bool)
        scope_acc = np.searchsorted(acc_ids, row_acc[in_scope])
        acc_standard[scope_acc, scope_column] = True
        acc_sector = np.zeros((n_acc, SECTOR_COLUMNS), dtype=bool)
        pairs = np.array(
            list(AccreditationSector.objects.values_list("accreditation_id", "sector__code")),
            dtype=np.int64,
        ).reshape(-1, 2)
        acc_sector[np.searchsorted(acc_ids, pairs[:, 0]), pairs[:, 1]] = True
        acc_recognised, row_recognised = cls.recognition(acc_rows, rows)
        acc_standard_recognised = np.zeros_like(acc_standard)
        acc_standard_recognised[scope_acc[row_recognised], scope_column[row_recognised]] = True

        return cls(
            body_ids=body_ids,
            countries=countries,
            body_country=body_country,
            orders=orders,
            accreditations=(
                acc_body,
                acc_ab,
                acc_casco,
                acc_status,
                acc_valid_until,
                acc_recognised,
            ),
            scope=(standard_columns, acc_standard, acc_sector, acc_standard_recognised),
            acc_ids=acc_ids,
            acc_granted=acc_granted,
        )

    @staticmethod
    def recognition(acc_rows, rows):
        """Which accreditations are recognised, and which scope rows (accreditation,
        standard) are recognised for their standard, by ``accreditation.recognition``:
        worked out once per accreditation body, CASCO standard and scope.
        """
        recognitions = Recognitions.load()
        cascos = Standard.objects.casco().in_bulk()
        scopes = {}
        for row in rows:
            if row[6] is not None:
                scopes.setdefault(row[0], []).append(row[6])
        memo = {}

        def recognised(ab, casco, scope, standard=None):
            key = (ab, casco, scope, standard)
            if key not in memo:
                memo[key] = recognitions.recognised(ab, cascos[casco], scope, standard)
            return memo[key]

        acc_recognised = np.fromiter(
            (recognised(r[2], r[3], tuple(scopes.get(r[0], ()))) for r in acc_rows),
            dtype=bool,
            count=len(acc_rows),
        )
        row_recognised = np.fromiter(
            (recognised(r[2], r[3], (), r[6]) for r in rows if r[6] is not None), dtype=bool
        )
        return acc_recognised, row_recognised

    # The rule, function for function as in ``search.sql``.

    def _effective_status(self, today):
        return np.where(self.acc_valid_until < today.toordinal(), EXPIRED, self.acc_status)

    def accreditation_mask(
        self,
        today,
        *,
        standard=None,
        cascos=(),
        accreditation_bodies=(),
        sectors=(),
        status=None,
        recognised=False,
        expires="",
        granted="",
    ):
        """Accreditations meeting every given criterion at once (``accreditations_matching``)."""
        mask = np.ones(len(self.acc_body), dtype=bool)
        if standard is not None:
            column = self.standard_columns.get(standard.pk)
            if column is None:
                return np.zeros_like(mask)
            mask &= self.acc_standard[:, column]
        if cascos:
            mask &= np.isin(self.acc_casco, [s.pk for s in cascos])
        if accreditation_bodies:
            mask &= np.isin(self.acc_ab, [ab.pk for ab in accreditation_bodies])
        if sectors:
            mask &= self.acc_sector[:, list(sectors)].any(axis=1)
        if status:
            mask &= self._effective_status(today) == STATUS_CODES[status]
        if recognised and standard is not None:
            mask &= self.acc_standard_recognised[:, self.standard_columns[standard.pk]]
        elif recognised:
            mask &= self.acc_recognised
        if expires:
            first, last = (day.toordinal() for day in month_bounds(expires))
            mask &= (self.acc_valid_until >= first) & (self.acc_valid_until <= last)
        if granted:
            first, last = (day.toordinal() for day in year_bounds(granted))
            mask &= (self.acc_granted >= first) & (self.acc_granted <= last)
        return mask

    def bodies_with(self, accreditation_mask):
        """Bodies holding at least one of the masked accreditations (``has_accreditation``)."""
        mask = np.zeros(self.n_bodies, dtype=bool)
        mask[self.acc_body[accreditation_mask]] = True
        return mask

    def rule_mask(self, today, criteria):
        """Bodies meeting the accreditation part of the rule (``rule_q``)."""
        mask = np.ones(self.n_bodies, dtype=bool)
        if criteria.status == UNACCREDITED:
            mask &= ~self.bodies_with(
                self.accreditation_mask(today, status=AccreditationStatus.ACTIVE)
            )
        each = criteria.accreditation_criteria()
        if criteria.standards:
            for standard in criteria.standards:
                mask &= self.bodies_with(self.accreditation_mask(today, standard=standard, **each))
        elif any(each.values()):
            mask &= self.bodies_with(self.accreditation_mask(today, **each))
        return mask

    def country_mask(self, codes):
        """Bodies in any of the countries ``codes`` (all bodies when there are none)."""
        if not codes:
            return np.ones(self.n_bodies, dtype=bool)
        wanted = [self.countries.index(code) for code in codes if code in self.countries]
        return np.isin(self.body_country, wanted)

    def ids_mask(self, ids):
        """Bodies whose primary keys are in ``ids``."""
        mask = np.zeros(self.n_bodies, dtype=bool)
        ids = np.asarray(ids, dtype=np.int64)
        positions = np.searchsorted(self.body_ids, ids)
        inside = positions < self.n_bodies
        positions, ids = positions[inside], ids[inside]
        mask[positions[self.body_ids[positions] == ids]] = True
        return mask

    # A search: results, facet counts and the order of the results.

    def _distinct_bodies_by(self, codes, bodies, keys):
        """{key: number of distinct bodies} over parallel arrays of dense codes and bodies.

        Marking (code, body) cells in a boolean grid and summing its rows counts distinct
        pairs in linear time, where np.unique would sort or hash them.
        """
        if not len(codes):
            return {}
        grid = np.zeros(len(keys) * self.n_bodies, dtype=bool)
        grid[codes.astype(np.int64) * self.n_bodies + bodies] = True
        counts = np.count_nonzero(grid.reshape(len(keys), self.n_bodies), axis=1)
        return {int(keys[code]): int(count) for code, count in enumerate(counts) if count}

    def scope_for(self, criteria):
        """(accreditation, standard) pairs a standard filter can match: with ``recognised``,
        only those whose recognition covers the standard."""
        return self.acc_standard_recognised if criteria.recognised else self.acc_standard

    def _scope_accreditations(self, today, criteria, base, exclude):
        """Accreditations of ``base`` bodies meeting the criteria other than ``exclude``.

        As in ``search.facets``: with one standard selected it must be on the same
        accreditation; with several, any of them.
        """
        each = {**criteria.accreditation_criteria(), exclude: ()}
        standards = criteria.standards
        mask = self.accreditation_mask(
            today, standard=standards[0] if len(standards) == 1 else None, **each
        )
        if len(standards) > 1:
            columns = [
                self.standard_columns[s.pk] for s in standards if s.pk in self.standard_columns
            ]
            mask &= self.scope_for(criteria)[:, columns].any(axis=1)
        return mask & base[self.acc_body]

    def search(self, today, criteria, text_mask=None):
        """The results mask and every facet's counts for one search (``text_mask``: the
        bodies matching ``criteria.text``, which SQL finds)."""
        text = text_mask if text_mask is not None else np.ones(self.n_bodies, dtype=bool)
        in_countries = self.country_mask(criteria.countries)
        base = text & self.rule_mask(today, criteria.replace(status=""))

        matching = base & self.rule_mask(today, criteria)
        results = matching & in_countries
        country_counts = np.bincount(self.body_country[matching], minlength=len(self.countries))
        statuses = {
            value: int(
                np.count_nonzero(
                    base & in_countries & self.rule_mask(today, criteria.replace(status=value))
                )
            )
            for value, _ in STATUS_CHOICES
        }
        recognised = int(
            np.count_nonzero(
                text & in_countries & self.rule_mask(today, criteria.replace(recognised=True))
            )
        )

        standard_mask = self.accreditation_mask(today, **criteria.accreditation_criteria())
        standard_mask &= results[self.acc_body]
        scope = self.scope_for(criteria)
        standards = {
            pk: int(np.count_nonzero(self.bodies_with(standard_mask & scope[:, column])))
            for pk, column in self.standard_columns.items()
        }

        def base_without(name):
            return text & in_countries & self.rule_mask(today, criteria.replace(**{name: ()}))

        casco_mask = self._scope_accreditations(today, criteria, base_without("cascos"), "cascos")
        ab_mask = self._scope_accreditations(
            today, criteria, base_without("accreditation_bodies"), "accreditation_bodies"
        )
        sector_mask = self._scope_accreditations(
            today, criteria, base_without("sectors"), "sectors"
        )
        in_scope = sector_mask[self.sector_acc]
        counts = FacetCounts(
            total=int(np.count_nonzero(results)),
            countries={
                self.countries[n]: int(count) for n, count in enumerate(country_counts) if count
            },
            statuses=statuses,
            recognised=recognised,
            standards=standards,
            cascos=self._distinct_bodies_by(
                self.casco_codes[casco_mask], self.acc_body[casco_mask], self.casco_keys
            ),
            accreditation_bodies=self._distinct_bodies_by(
                self.ab_codes[ab_mask], self.acc_body[ab_mask], self.ab_keys
            ),
            sectors=self._distinct_bodies_by(
                self.sector_code[in_scope],
                self.acc_body[self.sector_acc[in_scope]],
                np.arange(SECTOR_COLUMNS),
            ),
        )
        return results, counts

    def scope_standard_ids(self, accreditation_ids):
        """{accreditation pk: [pks of the standards in its scope]} for the given accreditations."""
        column_standard = {column: pk for pk, column in self.standard_columns.items()}
        ids = np.asarray(accreditation_ids, dtype=np.int64)
        positions = np.minimum(np.searchsorted(self.acc_ids, ids), max(len(self.acc_ids) - 1, 0))
        return {
            int(pk): [column_standard[c] for c in np.flatnonzero(self.acc_standard[position])]
            for pk, position in zip(ids.tolist(), positions.tolist(), strict=True)
            if len(self.acc_ids) and self.acc_ids[position] == pk
        }

    # Counts for the reference pages.

    def current_body_counts(self, today, accreditation_body=None):
        """Bodies currently accredited, per standard in scope, CASCO standard and AB pk."""
        current = self._effective_status(today) == ACTIVE
        if accreditation_body is not None:
            current &= self.acc_ab == accreditation_body.pk
        standards = {
            pk: int(np.count_nonzero(self.bodies_with(current & self.acc_standard[:, column])))
            for pk, column in self.standard_columns.items()
        }
        cascos = self._distinct_bodies_by(
            self.casco_codes[current], self.acc_body[current], self.casco_keys
        )
        accreditation_bodies = self._distinct_bodies_by(
            self.ab_codes[current], self.acc_body[current], self.ab_keys
        )
        return standards, cascos, accreditation_bodies

    def country_counts(self):
        """[(country code, number of bodies)], the most represented country first."""
        counts = np.bincount(self.body_country, minlength=len(self.countries))
        pairs = [(self.countries[n], int(c)) for n, c in enumerate(counts) if c]
        return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))

    def ordered_ids(self, mask, sort, relevance=None):
        """Primary keys of the masked bodies in the order of ``sort`` (see SORT_ORDER)."""
        if sort == "relevance":
            if relevance is None:
                # Without a text query every body is as relevant: name order, as in SQL.
                sort = "name"
            else:
                positions = np.flatnonzero(mask)
                order = np.lexsort((self.orders["name"][positions], -relevance[positions]))
                return self.body_ids[positions[order]]
        in_order = self.sorted_positions[sort]
        return self.body_ids[in_order[mask[in_order]]]

    def relevance(self, pairs):
        """A relevance per body from (pk, relevance) pairs; 0 for the others."""
        relevance = np.zeros(self.n_bodies, dtype=np.int8)
        if pairs:
            ids, values = zip(*pairs, strict=True)
            positions = np.searchsorted(self.body_ids, np.asarray(ids, dtype=np.int64))
            relevance[positions] = values
        return relevance
