"""The accreditation events an import records (``accreditation.events``), from the file's rows.

A new accreditation gets its grant (at ``granted_on``, valid until ``valid_until``) and,
unless it is active since that grant, the event of its status at ``status_since``: not
on record when the file gives none, since nobody said when that status began.

A changed accreditation gets the event of a changed status, at ``status_since`` or,
when the file gives none, the day of the import (the day after ``valid_until`` for an
expiry by a date already past); a renewal when an active accreditation's
``valid_until`` moves later (in place of the reinstatement of an expired one); and a
scope change for each standard added or removed. The file gives no date for a renewal
or a scope change: they are dated the day of the import. Each event records the file's
name and where its date came from (``source_file``, ``dated``), which the pages put in
words in the reader's language; its note is left to curators.

``accreditation.timeline.status_since``, which the export writes, gives ``status_since``
back from these events: an export imported into an empty directory exports the same.
"""

import datetime
from typing import NamedTuple

from accreditation.events import (
    KIND_FOR_STATUS,
    SOURCE_FILE_LENGTH,
    AccreditationEvent,
    EventDating,
    EventKind,
    EventOrigin,
)
from accreditation.models import AccreditationStatus

ACTIVE = AccreditationStatus.ACTIVE
# Where an event's date came from, when not from the file.
IMPORT_DAY = EventDating.IMPORT_DAY
DAY_AFTER_VALID_UNTIL = EventDating.DAY_AFTER_VALID_UNTIL


class Planned(NamedTuple):
    """An event to record; ``dated`` (an ``EventDating``) says where its date came from
    ("": the file)."""

    kind: str
    effective_on: datetime.date | None
    standard_id: int | None = None
    valid_until: datetime.date | None = None
    dated: str = EventDating.AS_GIVEN


def new_events(data):
    """The events of a new accreditation, from its ``AccreditationRow``."""
    events = [Planned(EventKind.GRANTED, data.granted_on, valid_until=data.valid_until)]
    since = data.status_since
    if data.status != ACTIVE or (since and since != data.granted_on):
        events.append(Planned(KIND_FOR_STATUS[data.status], since))
    return events


def change_events(status, valid_until, data, added, removed, today):
    """The events of a change from the stored ``status`` and ``valid_until`` to ``data``
    (an ``AccreditationRow``), with the standards ``added`` to and ``removed`` from its scope.
    """
    events = []
    renewal = (
        data.status == ACTIVE
        and valid_until is not None
        and data.valid_until is not None
        and data.valid_until > valid_until
    )
    if data.status != status:
        kind = KIND_FOR_STATUS[data.status]
        if renewal and status == AccreditationStatus.EXPIRED:
            kind, renewal = EventKind.RENEWED, False
        if data.status_since:
            on, dated = data.status_since, EventDating.AS_GIVEN
        elif data.status == AccreditationStatus.EXPIRED and (data.valid_until or today) < today:
            on = data.valid_until + datetime.timedelta(days=1)
            dated = DAY_AFTER_VALID_UNTIL
        else:
            on, dated = today, IMPORT_DAY
        renewed_to = data.valid_until if kind == EventKind.RENEWED else None
        events.append(Planned(kind, on, valid_until=renewed_to, dated=dated))
    if renewal:
        events.append(
            Planned(EventKind.RENEWED, today, valid_until=data.valid_until, dated=IMPORT_DAY)
        )
    events += [Planned(EventKind.SCOPE_EXTENDED, today, pk, dated=IMPORT_DAY) for pk in added]
    events += [Planned(EventKind.SCOPE_REDUCED, today, pk, dated=IMPORT_DAY) for pk in removed]
    return events


def build_event(accreditation_id, planned, *, name, user, now):
    """The unsaved ``AccreditationEvent`` of ``planned``."""
    return AccreditationEvent(
        accreditation_id=accreditation_id,
        kind=planned.kind,
        effective_on=planned.effective_on,
        standard_id=planned.standard_id,
        valid_until=planned.valid_until,
        origin=EventOrigin.IMPORT,
        # A longer name than the column holds (a path's last part never is) loses its end.
        source_file=(name or "")[:SOURCE_FILE_LENGTH],
        dated=planned.dated,
        recorded_by=user,
        recorded_at=now,
    )
