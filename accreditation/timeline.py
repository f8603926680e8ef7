"""An accreditation's timeline, and how it stood on any date: the one place that says so.

The timeline is the accreditation's recorded events (``AccreditationEvent``) plus what
its record implies without an event: the grant at ``granted_on`` when no grant is
recorded, the current status when no event explains it (since a date not on record),
and expiry by date (from the day after ``valid_until``, which is never written).

A change whose date is not on record is placed at the date CertDir knew of it (when it
was recorded, or when the accreditation was last updated). On an earlier date it may
or may not have applied: ``state_on`` leaves it out and names it in ``State.unsure``.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accreditation.events import KIND_FOR_STATUS, SCOPE_EVENT_KINDS, EventKind, explain
from accreditation.models import AccreditationStatus

STATUS_AFTER = {
    EventKind.GRANTED: AccreditationStatus.ACTIVE,
    EventKind.RENEWED: AccreditationStatus.ACTIVE,
    EventKind.REINSTATED: AccreditationStatus.ACTIVE,
    EventKind.SUSPENDED: AccreditationStatus.SUSPENDED,
    EventKind.WITHDRAWN: AccreditationStatus.WITHDRAWN,
    EventKind.EXPIRED: AccreditationStatus.EXPIRED,
}


def day(value):
    """ "3 March 2025"."""
    return date_format(value, "DATE_FORMAT")


@dataclass(frozen=True)
class Entry:
    """One line of a timeline: a recorded event, or one the record implies (``derived``)."""

    kind: str
    effective_on: datetime.date | None
    # The effective date, or (when that is not on record) the date CertDir knew of it.
    known_by: datetime.date
    standard: str = ""
    standard_pk: int | None = None
    valid_until: datetime.date | None = None
    source_url: str = ""
    # The event's facts that ``explanation`` puts in words (``AccreditationEvent``).
    origin: str = ""
    source_file: str = ""
    dated: str = ""
    note: str = ""
    derived: bool = False
    # Orders entries known by the same day: recorded time, then primary key.
    order: tuple = field(default=(), compare=False)

    @classmethod
    def from_event(cls, event):
        known_by = event.effective_on or timezone.localdate(event.recorded_at)
        return cls(
            kind=event.kind,
            effective_on=event.effective_on,
            known_by=known_by,
            standard=event.standard.code if event.standard_id else "",
            standard_pk=event.standard_id,
            valid_until=event.valid_until,
            source_url=event.source_url,
            origin=event.origin,
            source_file=event.source_file,
            dated=event.dated,
            note=event.note,
            order=(event.recorded_at, event.pk or 0),
        )

    @property
    def label(self):
        return EventKind(self.kind).label

    @property
    def explanation(self):
        """Where it came from, how it was dated and its note, in the active language."""
        return explain(self.kind, self.origin, self.source_file, self.dated, self.note)

    @property
    def is_scope_change(self):
        return self.kind in SCOPE_EVENT_KINDS

    @property
    def when(self):
        """ "on 3 March 2025", or the honest "on a date not on record (by ...)"."""
        if self.effective_on:
            return gettext("on %(date)s") % {"date": day(self.effective_on)}
        return gettext("on a date not on record (by %(date)s at the latest)") % {
            "date": day(self.known_by)
        }

    @property
    def what(self):
        """What happened, in plain words, without the date."""
        if self.kind == EventKind.SCOPE_EXTENDED:
            return gettext("Scope extended: %(standard)s added") % {"standard": self.standard}
        if self.kind == EventKind.SCOPE_REDUCED:
            return gettext("Scope reduced: %(standard)s removed") % {"standard": self.standard}
        if self.kind == EventKind.EXPIRED and self.derived:
            return gettext("Expired: its valid-until date passed")
        if self.valid_until and self.kind in (EventKind.GRANTED, EventKind.RENEWED):
            return gettext("%(event)s, valid until %(date)s") % {
                "event": self.label,
                "date": day(self.valid_until),
            }
        return str(self.label)

    def __str__(self):
        return f"{self.what} {self.when}."


def _implied_grant(accreditation, recorded):
    """The grant the record implies when none is recorded (at ``granted_on``, if known)."""
    granted_on = accreditation.granted_on
    known_by = granted_on or min(
        [timezone.localdate(accreditation.created_at), *(e.known_by for e in recorded)]
    )
    return Entry(EventKind.GRANTED, granted_on, known_by, derived=True, order=(0,))


def timeline(accreditation, today=None):
    """Every entry of the accreditation's timeline, the earliest first.

    Reads ``accreditation.events`` (prefetch it, with ``standard``, for many).
    """
    today = today or timezone.localdate()
    recorded = sorted(
        (Entry.from_event(event) for event in accreditation.events.all()),
        key=lambda e: (e.known_by, e.order),
    )
    grants = [e for e in recorded if e.kind == EventKind.GRANTED]
    entries = [] if grants else [_implied_grant(accreditation, recorded)]
    entries += recorded
    status = _status_after(entries)
    if status != accreditation.status:
        # The record's status, with no event saying when it began.
        known_by = max(timezone.localdate(accreditation.updated_at), entries[-1].known_by)
        entries.append(
            Entry(KIND_FOR_STATUS[accreditation.status], None, known_by, derived=True, order=(1,))
        )
    valid_until = accreditation.valid_until
    if valid_until and valid_until < today:
        ended = valid_until + datetime.timedelta(days=1)
        position = next((i for i, e in enumerate(entries) if e.known_by > ended), len(entries))
        entries.insert(position, Entry(EventKind.EXPIRED, ended, ended, derived=True))
    return entries


def _status_after(entries):
    status = None
    for entry in entries:
        status = STATUS_AFTER.get(entry.kind, status)
    return status


@dataclass(frozen=True)
class State:
    """How an accreditation stood on a date.

    ``status`` is None before it was granted; ``standards`` maps the codes of the
    certifiable standards in its scope then to their primary keys. ``unsure`` is a
    later-known change whose date is not on record: on that date it may already have applied.
    """

    status: str | None
    standards: dict
    unsure: Entry | None = None

    @property
    def label(self):
        return (
            str(AccreditationStatus(self.status).label)
            if self.status
            else gettext("Not yet granted")
        )

    @property
    def scope(self):
        """The standards in scope, in code order."""
        return sorted(self.standards)


def state_on(accreditation, on, today=None):
    """How ``accreditation`` stood on ``on``: its status (expiry by date included) and scope.

    Today's state is the record's own (``effective_status_on``, the scope as stored),
    which the timeline reconciles to; only past dates read the events.
    """
    today = today or timezone.localdate()
    current = {standard.code: standard.pk for standard in accreditation.standards.all()}
    if on >= today:
        return State(accreditation.effective_status_on(on), current)
    return replay(timeline(accreditation, today), accreditation, on, current)


def replay(entries, accreditation, on, current_standards):
    """The ``State`` on ``on`` of an accreditation with these timeline ``entries``."""
    status = None
    valid_until = None
    unsure = None
    consumed = True
    for position, entry in enumerate(entries):
        if entry.is_scope_change or (entry.derived and entry.kind == EventKind.EXPIRED):
            continue  # scope is replayed below; expiry by date is the rule below
        if entry.known_by > on:
            if entry.effective_on is None:
                unsure = entry
            # A grant whose date is not on record starts the record: it is taken to hold.
            if not (position == 0 and entry.kind == EventKind.GRANTED and unsure is entry):
                consumed = False
                break
        status = STATUS_AFTER[entry.kind]
        valid_until = entry.valid_until or valid_until
    if consumed or valid_until is None:
        valid_until = accreditation.valid_until
    if status is not None and valid_until and valid_until < on:
        status = AccreditationStatus.EXPIRED
    standards = dict(current_standards)
    for entry in reversed(entries):
        if entry.is_scope_change and entry.known_by > on:
            if entry.kind == EventKind.SCOPE_EXTENDED:
                standards.pop(entry.standard, None)
            else:
                standards[entry.standard] = entry.standard_pk
    return State(status, standards, unsure)


def status_since(events, status, granted_on):
    """The effective date of the stored ``status``, or None when it is not on record.

    ``events`` are the accreditation's recorded ``(kind, effective_on, recorded_at, pk)``,
    in any order. Scope changes are left out, and so is a renewal of an active
    accreditation (it stays active since its grant or reinstatement); a grant whose date
    is not on record starts the record, as in ``replay``. With no grant recorded, the one
    the record implies (at ``granted_on``) comes first. A status no event explains has no
    date on record. The CSV's ``status_since`` column; an import of it records events that
    give the same date back.
    """

    def position(event):
        kind, effective_on, recorded_at, pk = event
        if kind == EventKind.GRANTED and effective_on is None:
            return (datetime.date.min, recorded_at, pk)
        return (effective_on or timezone.localdate(recorded_at), recorded_at, pk)

    changes = sorted((e for e in events if e[0] in STATUS_AFTER), key=position)
    implied = not any(kind == EventKind.GRANTED for kind, *_ in changes)
    current, since = (AccreditationStatus.ACTIVE, granted_on) if implied else (None, None)
    for kind, effective_on, _, _ in changes:
        if kind == EventKind.RENEWED and current == AccreditationStatus.ACTIVE:
            continue
        current, since = STATUS_AFTER[kind], effective_on
    return since if current == status else None
