"""Writes that change accreditations and record, in the same transaction, what happened."""

from django.db import connection, transaction
from django.utils import timezone

from accreditation.events import (
    KIND_FOR_STATUS,
    SCOPE_EVENT_KINDS,
    AccreditationEvent,
    EventDating,
    EventKind,
)
from accreditation.models import Accreditation, AccreditationSector, AccreditationStandard


@transaction.atomic
def accreditation_change_status(
    *, accreditations, status, effective_on, origin, source_url="", note="", user=None
):
    """Give ``status`` to those of ``accreditations`` not in it, recording the event of each;
    return those changed."""
    changed = [a for a in accreditations if a.status != status]
    Accreditation.objects.filter(pk__in=[a.pk for a in changed]).update(
        status=status, updated_at=timezone.now()
    )
    AccreditationEvent.objects.bulk_create(
        AccreditationEvent(
            accreditation=accreditation,
            kind=KIND_FOR_STATUS[status],
            effective_on=effective_on,
            source_url=source_url,
            note=note,
            origin=origin,
            recorded_by=user,
        )
        for accreditation in changed
    )
    return changed


@transaction.atomic
def save_with_events(save, edits, *, origin, user=None):
    """Call ``save()``, which writes the accreditations of ``edits``, then record their events.

    ``edits`` are ``(accreditation, before, effective_on, dated)``, ``before`` as stored
    before the save (see ``edit_events``); each edit's events get its date, and ``dated``
    (an ``EventDating``) says where that date came from.
    """
    save()
    AccreditationEvent.objects.bulk_create(
        event
        for accreditation, before, effective_on, dated in edits
        for event in edit_events(
            accreditation,
            before,
            origin=origin,
            effective_on=effective_on,
            dated=dated,
            user=user,
        )
    )


def edit_events(
    accreditation,
    before,
    *,
    origin,
    effective_on=None,
    dated=EventDating.AS_GIVEN,
    source_url="",
    user=None,
):
    """The events an edit of ``accreditation`` implies, unsaved.

    ``before`` is None for a new accreditation (its grant), else ``(status, standard pks)``
    as stored before the edit: a changed status, and each standard added to or removed
    from the scope, is an event. The edit's effective date is that of the change when
    given, else not on record; ``dated`` says where it came from when not from the curator.
    """
    common = {
        "accreditation": accreditation,
        "source_url": source_url,
        "origin": origin,
        "dated": dated,
        "recorded_by": user,
    }
    if before is None:
        return [
            AccreditationEvent(
                kind=EventKind.GRANTED,
                effective_on=accreditation.granted_on,
                valid_until=accreditation.valid_until,
                **common,
            )
        ]
    status, standards = before
    now = set(accreditation.standards.values_list("pk", flat=True))
    events = []
    if accreditation.status != status:
        kind = KIND_FOR_STATUS[accreditation.status]
        events.append(AccreditationEvent(kind=kind, effective_on=effective_on, **common))
    extended, reduced = SCOPE_EVENT_KINDS
    for kind, pks in ((extended, now - set(standards)), (reduced, set(standards) - now)):
        events += [
            AccreditationEvent(kind=kind, standard_id=pk, effective_on=effective_on, **common)
            for pk in sorted(pks)
        ]
    return events


def accreditation_scope_insert(*, standards=(), sectors=()):
    """Insert scope rows: pairs of (accreditation pk, standard pk) and of (accreditation
    pk, sector pk).

    Scope rows are most of what a bulk write inserts (a first import of 100,000 rows has
    about 260,000), so they go in without the model instance that ``bulk_create`` builds
    and prepares for each. No signals are lost: ``bulk_create`` sends none either.
    """
    for model, target, pairs in (
        (AccreditationStandard, "standard", standards),
        (AccreditationSector, "sector", sectors),
    ):
        if pairs:
            _insert_pairs(model, target, pairs)


def _insert_pairs(model, target, pairs):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(
        quote(model._meta.get_field(name).column) for name in ("accreditation", target)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Two arrays as text literals: psycopg dumps a list of ints item by item.
            owners = "{" + ",".join(str(pk) for pk, _ in pairs) + "}"
            targets = "{" + ",".join(str(pk) for _, pk in pairs) + "}"
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                [owners, targets],
            )
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s)", pairs)


# The fields ``accreditation_event_insert`` takes, in order; the others take their defaults.
EVENT_INSERT_FIELDS = (
    "accreditation",
    "kind",
    "effective_on",
    "valid_until",
    "origin",
    "recorded_at",
)


def accreditation_event_insert(rows):
    """Insert events given as tuples of ``EVENT_INSERT_FIELDS``, every other field at its
    default; on PostgreSQL with COPY.

    A large seed writes two to three events per accreditation: made as model instances
    and sent through ``bulk_create`` (which sends no signals either), they took a fifth
    of its time.
    """
    fields = [AccreditationEvent._meta.get_field(name) for name in EVENT_INSERT_FIELDS]
    named = {field.name for field in fields}
    others = [
        field
        for field in AccreditationEvent._meta.concrete_fields
        if field.name not in named and not field.primary_key
    ]
    defaults = tuple(field.get_default() for field in others)
    _insert_rows(AccreditationEvent, fields + others, (row + defaults for row in rows))


def _insert_rows(model, fields, rows):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        prepared = [
            [field.get_db_prep_save(value, connection) for field, value in pairs]
            for pairs in (zip(fields, row, strict=True) for row in rows)
        ]
        if prepared:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)


def tables_analyze(models):
    """Refresh PostgreSQL's statistics of the tables of ``models`` and of their history.

    Bulk writers call it once the first thousands of rows are in (and when done): until
    then the planner plans for tables as it last saw them, empty before a first seed or
    import, and copying each chunk's records into the history scanned whole tables
    (a 100,000-body seed took 87 s, 74 s with statistics from its first batch).
    ANALYZE in the writing transaction sees its rows.
    """
    if connection.vendor != "postgresql":
        return
    tables = set()
    for model in models:
        tables.add(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None:
            tables.add(history.model._meta.db_table)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(table) for table in sorted(tables))}")
