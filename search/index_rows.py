"""What the search index reads from the database, for a full build or for some bodies.

``search.index`` builds the whole index from these readers; ``search.index_patch``
re-reads only the bodies a change touched with the same readers, so both read the same
columns the same way.
"""

import numpy as np
from django.db import connections, router, transaction
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

try:
    import psycopg
except ImportError:  # SQLite only, or psycopg2
    psycopg = None

STATUS_CODES = {status: code for code, status in enumerate(AccreditationStatus.values)}
NO_END = np.iinfo(np.int32).max
# One column per IAF sector code, indexed by the code itself.
SECTOR_COLUMNS = IAF_SECTOR_CODES[-1] + 1
SORTS = ("name", "country", "updated")


def _row_number(*ordering):
    """ROW_NUMBER() over ``ordering`` ("-field" for descending)."""
    order_by = [F(f[1:]).desc() if f.startswith("-") else F(f).asc() for f in ordering]
    return Window(RowNumber(), order_by=order_by)


def body_rows():
    """(pk, country, rank by name, by country, by updated) per body in pk order, ranks
    from 0 (``search.index_patch`` reads some bodies' rows the same way)."""
    queryset = CertificationBody.objects.all()
    # The sort orders come from the database (its collation orders names).
    rows = queryset.annotate(
        by_name=_row_number("name", "country", "pk"),
        by_country=_row_number("country", "name", "pk"),
        by_updated=_row_number("-updated_at", "name", "pk"),
    )
    return [
        (pk, country, name - 1, by_country - 1, updated - 1)
        for pk, country, name, by_country, updated in rows.order_by("pk").values_list(
            "pk", "country", "by_name", "by_country", "by_updated"
        )
    ]


def _of_bodies(bodies):
    """The pks of the accreditations of the bodies with pks in ``bodies``, as a subquery."""
    return Accreditation.objects.filter(body_id__in=bodies).order_by().values("pk")


def accreditation_rows(bodies=None):
    """One row per accreditation (all, or those of the bodies with pks in ``bodies``) and
    standard in its scope (one with None for an accreditation without standards), in
    accreditation pk order."""
    queryset = Accreditation.objects.all()
    if bodies is not None:
        # By primary keys from a subquery: the planner then reads the scope through its
        # index, where joined to a filter on bodies it may scan the whole scope table.
        queryset = queryset.filter(pk__in=_of_bodies(bodies))
    return list(
        queryset.order_by("pk").values_list(
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


def sector_pairs(bodies=None):
    """(accreditation pk, IAF sector code) pairs of all accreditations or those of the
    bodies with pks in ``bodies``, as an (n, 2) array."""
    queryset = AccreditationSector.objects.all()
    if bodies is not None:
        queryset = queryset.filter(accreditation_id__in=_of_bodies(bodies))
    return np.array(
        list(queryset.values_list("accreditation_id", "sector__code")), dtype=np.int64
    ).reshape(-1, 2)


class Recognition:
    """Which accreditations, and which of their scope's standards, are recognised, by
    ``accreditation.recognition``: worked out once per accreditation body, CASCO
    standard and scope, and kept with the index (reference data changes rebuild it)."""

    def __init__(self):
        self.recognitions = Recognitions.load()
        self.cascos = Standard.objects.casco().in_bulk()
        self.memo = {}

    def recognised(self, ab, casco, scope, standard=None):
        key = (ab, casco, scope, standard)
        if key not in self.memo:
            self.memo[key] = self.recognitions.recognised(ab, self.cascos[casco], scope, standard)
        return self.memo[key]

    def of(self, acc_rows, rows):
        """(recognised per accreditation row, recognised per scope row with a standard)."""
        scopes = {}
        for row in rows:
            if row[6] is not None:
                scopes.setdefault(row[0], []).append(row[6])
        acc_recognised = np.fromiter(
            (self.recognised(r[2], r[3], tuple(scopes.get(r[0], ()))) for r in acc_rows),
            dtype=bool,
            count=len(acc_rows),
        )
        row_recognised = np.fromiter(
            (self.recognised(r[2], r[3], (), r[6]) for r in rows if r[6] is not None), dtype=bool
        )
        return acc_recognised, row_recognised


def accreditation_arrays(rows, pairs, body_ids, recognition, standard_pks=None):
    """The per-accreditation arrays of ``rows`` (``accreditation_rows``), whose bodies are
    at their positions in ``body_ids``, with one scope column per pk of ``standard_pks``
    (default: the standards these scopes hold), as a dict of SearchIndex attributes."""
    row_acc = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    acc_ids, first = np.unique(row_acc, return_index=True)
    acc_rows = [rows[n] for n in first.tolist()]
    n_acc = len(acc_rows)

    def column(values, dtype):
        return np.fromiter(values, dtype=dtype, count=n_acc)

    in_scope = np.fromiter((row[6] is not None for row in rows), dtype=bool, count=len(rows))
    scope_standard = np.fromiter((row[6] or 0 for row in rows), dtype=np.int64, count=len(rows))[
        in_scope
    ]
    if standard_pks is None:
        standard_pks = np.unique(scope_standard)
    scope_column = np.searchsorted(standard_pks, scope_standard)
    acc_standard = np.zeros((n_acc, max(len(standard_pks), 1)), dtype=bool)
    scope_acc = np.searchsorted(acc_ids, row_acc[in_scope])
    acc_standard[scope_acc, scope_column] = True
    acc_sector = np.zeros((n_acc, SECTOR_COLUMNS), dtype=bool)
    acc_sector[np.searchsorted(acc_ids, pairs[:, 0]), pairs[:, 1]] = True
    acc_recognised, row_recognised = recognition.of(acc_rows, rows)
    acc_standard_recognised = np.zeros_like(acc_standard)
    acc_standard_recognised[scope_acc[row_recognised], scope_column[row_recognised]] = True
    return {
        "acc_ids": acc_ids,
        "acc_body": np.searchsorted(
            body_ids, column((row[1] for row in acc_rows), np.int64)
        ).astype(np.int32),
        "acc_ab": column((row[2] for row in acc_rows), np.int32),
        "acc_casco": column((row[3] for row in acc_rows), np.int32),
        "acc_status": column((STATUS_CODES[row[4]] for row in acc_rows), np.int8),
        "acc_valid_until": column(
            (row[5].toordinal() if row[5] else NO_END for row in acc_rows), np.int32
        ),
        "acc_recognised": acc_recognised,
        # Ordinals, 0 for none: no period of a search starts that early.
        "acc_granted": column((row[7].toordinal() if row[7] else 0 for row in acc_rows), np.int32),
        "standard_pks": np.asarray(standard_pks, dtype=np.int64),
        "acc_standard": acc_standard,
        "acc_sector": acc_sector,
        "acc_standard_recognised": acc_standard_recognised,
    }


def snapshot():
    """A transaction that reads the version and the index's data in one snapshot, on the
    database the ORM reads bodies from: a change committed meanwhile is either wholly in
    the index and its version, or wholly outside both."""
    alias = router.db_for_read(CertificationBody)
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    atomic = transaction.atomic(using=alias)
    if outermost and connection.vendor == "postgresql":
        return _RepeatableRead(atomic, connection)
    return atomic


class _RepeatableRead:
    """The transaction at REPEATABLE READ: psycopg 3 opens it so (``BEGIN ISOLATION LEVEL
    REPEATABLE READ``, a statement fewer than ``SET TRANSACTION`` after it) and the
    connection's own level comes back after; other drivers are told after ``BEGIN``."""

    def __init__(self, atomic, connection):
        self.atomic, self.connection = atomic, connection
        self.level = None

    def __enter__(self):
        self.connection.ensure_connection()
        raw = self.connection.connection
        if psycopg is not None and isinstance(raw, psycopg.Connection):
            self.level = (raw, raw.isolation_level)
            raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        try:
            self.atomic.__enter__()
        except BaseException:
            self._restore()
            raise
        if self.level is None:
            with self.connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    def __exit__(self, *exc):
        try:
            return self.atomic.__exit__(*exc)
        finally:
            self._restore()

    def _restore(self):
        if self.level is not None:
            raw, level = self.level
            self.level = None
            if not raw.closed:
                raw.isolation_level = level
