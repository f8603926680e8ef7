"""What the search index reads from the database, for a full build or for some bodies.

``search.index`` builds the whole index from these readers; ``search.index_patch``
re-reads only the bodies a change touched with the same readers, so both read the same
columns the same way.
"""

import itertools
from functools import cached_property

import numpy as np
from django.db import connections, router, transaction
from django.db.models import Aggregate, CharField, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber

from accreditation.models import (
    IAF_SECTOR_CODES,
    Accreditation,
    AccreditationSector,
    AccreditationStatus,
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
# Rows read (and turned into arrays) at a time in a full build.
CHUNK = 10_000


def _row_number(*ordering):
    """ROW_NUMBER() over ``ordering`` ("-field" for descending)."""
    order_by = [F(f[1:]).desc() if f.startswith("-") else F(f).asc() for f in ordering]
    return Window(RowNumber(), order_by=order_by)


def _chunks(queryset, whole=False):
    """A ``values_list`` queryset's rows, ``CHUNK`` at a time: a full build turns each chunk
    into arrays at once, so the directory is never held as Python rows (a worker's heap
    keeps much of what it once held). ``whole``: a few rows, in one chunk."""
    if whole:
        yield list(queryset)
        return
    rows = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield chunk


def _column(chunk, n, dtype, convert=None):
    values = (row[n] for row in chunk) if convert is None else (convert(row[n]) for row in chunk)
    return np.fromiter(values, dtype=dtype, count=len(chunk))


def body_columns():
    """(pks in order, sorted country codes, each body's country among them, {sort: each
    body's rank from 0}) of every body (``search.index_patch`` reads some the same way)."""
    queryset = CertificationBody.objects.all()
    # The sort orders come from the database (its collation orders names).
    rows = queryset.annotate(
        by_name=_row_number("name", "country", "pk"),
        by_country=_row_number("country", "name", "pk"),
        by_updated=_row_number("-updated_at", "name", "pk"),
    ).order_by("pk")
    seen, parts = {}, []
    for chunk in _chunks(rows.values_list("pk", "country", *(f"by_{sort}" for sort in SORTS))):
        parts.append(
            [
                _column(chunk, 0, np.int64),
                _column(chunk, 1, np.int16, lambda c: seen.setdefault(c, len(seen))),
                *(_column(chunk, 2 + n, np.int32) - 1 for n in range(len(SORTS))),
            ]
        )
    columns = [_joined([part[n] for part in parts], dtype) for n, dtype in enumerate(BODY_TYPES)]
    countries = sorted(seen)
    recode = np.zeros(len(seen), dtype=np.int16)
    recode[[seen[country] for country in countries]] = np.arange(len(countries))
    orders = dict(zip(SORTS, columns[2:], strict=True))
    return columns[0], countries, recode[columns[1]], orders


# Ranks fit in 32 bits: half the memory of the six order arrays (a write copies two).
BODY_TYPES = (np.int64, np.int16, np.int32, np.int32, np.int32)


def _joined(parts, dtype):
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _of_bodies(bodies):
    """The pks of the accreditations of the bodies with pks in ``bodies``, as a subquery."""
    return Accreditation.objects.filter(body_id__in=bodies).order_by().values("pk")


# One row per accreditation and standard in its scope, as arrays (``accreditation_rows``).
ROW_COLUMNS = ("acc", "body", "ab", "casco", "status", "valid_until", "standard", "granted")
ROW_TYPES = (np.int64, np.int64, np.int32, np.int32, np.int8, np.int32, np.int64, np.int32)
ROW_CONVERT = (
    None,
    None,
    None,
    None,
    STATUS_CODES.__getitem__,
    lambda day: day.toordinal() if day else NO_END,
    # -1: an accreditation without standards has one row, with no standard.
    lambda pk: -1 if pk is None else pk,
    # Ordinals, 0 for none: no period of a search starts that early.
    lambda day: day.toordinal() if day else 0,
)


def accreditation_rows(bodies=None):
    """{column: array} of one row per accreditation (all, or those of the bodies with pks
    in ``bodies``) and standard in its scope (-1 for an accreditation without standards),
    in accreditation pk order (``ROW_COLUMNS``)."""
    rows = _accreditations(bodies).values_list(*ROW_FIELDS)
    parts = [_row_columns(chunk) for chunk in _chunks(rows, whole=bodies is not None)]
    return {
        name: _joined([part[n] for part in parts], dtype)
        for n, (name, dtype) in enumerate(zip(ROW_COLUMNS, ROW_TYPES, strict=True))
    }


def accreditations_of(bodies):
    """(``accreditation_rows(bodies)``, ``sector_pairs(bodies)``) in one query, each row
    with its accreditation's sector codes: the few rows of a change, read in the fewest
    round trips (the first search after a write waits for them)."""
    codes = (
        AccreditationSector.objects.filter(accreditation=OuterRef("pk"))
        .order_by()
        .values("accreditation")
        .annotate(codes=_Codes("sector__code"))
        .values("codes")
    )
    chunk = list(
        _accreditations(bodies).annotate(codes=Subquery(codes)).values_list(*ROW_FIELDS, "codes")
    )
    columns = _row_columns(chunk)
    rows = dict(zip(ROW_COLUMNS, columns, strict=True))
    seen, pairs = set(), []
    for row in chunk:
        if row[-1] and row[0] not in seen:
            pairs += [(row[0], int(code)) for code in row[-1].split(",")]
        seen.add(row[0])
    return rows, np.array(pairs, dtype=np.int64).reshape(-1, 2)


class _Codes(Aggregate):
    """A group's integer codes as one comma-separated text."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra_context,
        )


ROW_FIELDS = (
    "pk",
    "body_id",
    "accreditation_body_id",
    "casco_standard_id",
    "status",
    "valid_until",
    "standards",
    "granted_on",
)


def _accreditations(bodies):
    """Accreditations (all, or those of the bodies with pks in ``bodies``) in pk order."""
    queryset = Accreditation.objects.all()
    if bodies is not None:
        # By primary keys from a subquery: the planner then reads the scope through its
        # index, where joined to a filter on bodies it may scan the whole scope table.
        queryset = queryset.filter(pk__in=_of_bodies(bodies))
    return queryset.order_by("pk")


def _row_columns(chunk):
    """The ``ROW_COLUMNS`` arrays of rows read as ``ROW_FIELDS``."""
    return [_column(chunk, n, dtype, ROW_CONVERT[n]) for n, dtype in enumerate(ROW_TYPES)]


def sector_pairs(bodies=None):
    """(accreditation pk, IAF sector code) pairs of all accreditations or those of the
    bodies with pks in ``bodies``, as an (n, 2) array."""
    queryset = AccreditationSector.objects.all()
    if bodies is not None:
        queryset = queryset.filter(accreditation_id__in=_of_bodies(bodies))
    parts = [
        np.array(chunk, dtype=np.int64).reshape(-1, 2)
        for chunk in _chunks(
            queryset.order_by().values_list("accreditation_id", "sector__code"),
            whole=bodies is not None,
        )
    ]
    return np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)


class Recognition:
    """Which accreditations, and which of their scope's standards, are recognised, by
    ``accreditation.recognition``: worked out once per accreditation body, CASCO
    standard and scope, from the records read when first asked.

    Recognition records are reference data: one of these is kept with the reference
    data of a version (``search.reference``) and serves every index built or brought
    forward until reference data changes, whichever process built the index.
    """

    def __init__(self, reference):
        self.reference = reference
        self.memo = {}

    @cached_property
    def recognitions(self):
        return Recognitions.load(list(self.reference.accreditation_bodies.values()))

    @cached_property
    def cascos(self):
        return {standard.pk: standard for standard in self.reference.casco}

    def recognised(self, ab, casco, scope, standard=None):
        key = (ab, casco, scope, standard)
        if key not in self.memo:
            self.memo[key] = self.recognitions.recognised(ab, self.cascos[casco], scope, standard)
        return self.memo[key]

    def of(self, rows, first, acc_ids):
        """(recognised per accreditation, recognised per scope row with a standard) of
        ``rows`` (``accreditation_rows``), whose accreditations start at ``first``."""
        ab, casco = rows["ab"][first].tolist(), rows["casco"][first].tolist()
        in_scope = rows["standard"] >= 0
        scope_acc = np.searchsorted(acc_ids, rows["acc"][in_scope])
        standards = rows["standard"][in_scope]
        order = np.lexsort((standards, scope_acc))
        each = np.arange(len(acc_ids))
        starts = np.searchsorted(scope_acc[order], each).tolist()
        ends = np.searchsorted(scope_acc[order], each, side="right").tolist()
        in_order = standards[order].tolist()
        acc_recognised = np.fromiter(
            (
                self.recognised(ab[n], casco[n], tuple(in_order[starts[n] : ends[n]]))
                for n in range(len(acc_ids))
            ),
            dtype=bool,
            count=len(acc_ids),
        )
        row_recognised = np.fromiter(
            (
                self.recognised(a, c, (), s)
                for a, c, s in zip(
                    rows["ab"][in_scope].tolist(),
                    rows["casco"][in_scope].tolist(),
                    standards.tolist(),
                    strict=True,
                )
            ),
            dtype=bool,
            count=len(standards),
        )
        return acc_recognised, row_recognised


def accreditation_arrays(rows, pairs, body_ids, recognition, standard_pks=None):
    """The per-accreditation arrays of ``rows`` (``accreditation_rows``), whose bodies are
    at their positions in ``body_ids``, with one scope column per pk of ``standard_pks``
    (default: the standards these scopes hold), as a dict of SearchIndex attributes."""
    acc_ids, first = np.unique(rows["acc"], return_index=True)
    n_acc = len(acc_ids)
    in_scope = rows["standard"] >= 0
    scope_standard = rows["standard"][in_scope]
    if standard_pks is None:
        standard_pks = np.unique(scope_standard)
    scope_column = np.searchsorted(standard_pks, scope_standard)
    acc_standard = np.zeros((n_acc, max(len(standard_pks), 1)), dtype=bool)
    scope_acc = np.searchsorted(acc_ids, rows["acc"][in_scope])
    acc_standard[scope_acc, scope_column] = True
    acc_sector = np.zeros((n_acc, SECTOR_COLUMNS), dtype=bool)
    acc_sector[np.searchsorted(acc_ids, pairs[:, 0]), pairs[:, 1]] = True
    acc_recognised, row_recognised = recognition.of(rows, first, acc_ids)
    acc_standard_recognised = np.zeros_like(acc_standard)
    acc_standard_recognised[scope_acc[row_recognised], scope_column[row_recognised]] = True
    return {
        "acc_ids": acc_ids,
        "acc_body": np.searchsorted(body_ids, rows["body"][first]).astype(np.int32),
        "acc_ab": rows["ab"][first],
        "acc_casco": rows["casco"][first],
        "acc_status": rows["status"][first],
        "acc_valid_until": rows["valid_until"][first],
        "acc_recognised": acc_recognised,
        "acc_granted": rows["granted"][first],
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
