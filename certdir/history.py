"""Historical records for rows written in bulk (django-simple-history sees no bulk writes)."""

from django.conf import settings
from django.db import connection
from django.utils import timezone

# Rows per INSERT ... SELECT, well under PostgreSQL's 65,535 parameters per query.
HISTORY_CHUNK = 1000


def record_bulk_history(model, pks, *, update, user=None, reason="", date=None):
    """Historical records of the rows ``pks`` of ``model`` as they are now, after a bulk write.

    Bulk writes send no signals, so bulk writers call this once they are done. Each
    record is copied from the row in the database (INSERT ... SELECT: no model instance
    per row, which would double the time of a 100,000-row import), and an accreditation's
    record gets a copy of its scope rows, as django-simple-history's own records do.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    pks = list(pks)
    for start in range(0, len(pks), HISTORY_CHUNK):
        _copy_to_history(model, pks[start : start + HISTORY_CHUNK], update, user, reason, date)


def _in(values):
    return f"IN ({', '.join(['%s'] * len(values))})"


def _copy_to_history(model, pks, update, user, reason, date):
    """One chunk of ``record_bulk_history``: the rows, then the scope of their records."""
    history_model = model.history.model
    quote = connection.ops.quote_name
    history_table = quote(history_model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in history_model.tracked_fields)
    reason_length = history_model._meta.get_field("history_change_reason").max_length
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history_table} ({columns}, history_date, history_change_reason, "
            f"history_type, history_user_id) SELECT {columns}, %s, %s, %s, %s "
            f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} {_in(pks)} "
            "RETURNING history_id",
            [
                connection.ops.adapt_datetimefield_value(date or timezone.now()),
                reason[:reason_length],
                "~" if update else "+",
                user.pk if user is not None else None,
                *pks,
            ],
        )
        history_ids = [row[0] for row in cursor.fetchall()]
        if not history_ids:
            return
        for field in history_model._history_m2m_fields:
            through = field.remote_field.through
            scope = [quote(f.column) for f in through._meta.concrete_fields]
            owner = quote(through._meta.get_field(field.m2m_field_name()).column)
            scope_history = getattr(history_model, field.name).model
            # Both sides named: given only the records, PostgreSQL (its statistics from before
            # a bulk load) merge-joined the whole scope table, chunk after chunk.
            cursor.execute(
                f"INSERT INTO {quote(scope_history._meta.db_table)} ({', '.join(scope)}, "
                f"history_id) SELECT {', '.join(f's.{c}' for c in scope)}, h.history_id "
                f"FROM {quote(through._meta.db_table)} s "
                f"JOIN {history_table} h ON h.id = s.{owner} "
                f"WHERE h.history_id {_in(history_ids)} AND s.{owner} {_in(pks)}",
                [*history_ids, *pks],
            )
