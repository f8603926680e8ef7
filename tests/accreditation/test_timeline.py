"""An accreditation's timeline and its state on a date, against hand-computed expectations."""

import datetime

import pytest
from django.utils import timezone

from accreditation.events import EventKind, EventOrigin
from accreditation.models import AccreditationStatus
from accreditation.timeline import replay, state_on, timeline
from tests.factories import AccreditationEventFactory, AccreditationFactory, standard

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 1)
ACTIVE = AccreditationStatus.ACTIVE
SUSPENDED = AccreditationStatus.SUSPENDED
WITHDRAWN = AccreditationStatus.WITHDRAWN
EXPIRED = AccreditationStatus.EXPIRED


def accreditation(events, **fields):
    """An accreditation with ``events`` [(kind, effective_on, extra fields)]."""
    fields.setdefault("granted_on", D(2020, 1, 10))
    fields.setdefault("valid_until", D(2030, 1, 9))
    acc = AccreditationFactory(**fields)
    for kind, on, extra in events:
        AccreditationEventFactory(accreditation=acc, kind=kind, effective_on=on, **extra)
    return type(acc).objects.for_display().prefetch_related("events__standard").get(pk=acc.pk)


def statuses(acc, dates):
    return [state_on(acc, on, TODAY).status for on in dates]


def test_suspension_then_reinstatement():
    acc = accreditation(
        [
            (EventKind.GRANTED, D(2020, 1, 10), {}),
            (EventKind.SUSPENDED, D(2024, 3, 1), {"source_url": "https://ab.example/notice"}),
            (EventKind.REINSTATED, D(2024, 9, 15), {}),
        ]
    )
    dates = [D(2020, 1, 9), D(2020, 1, 10), D(2024, 2, 29), D(2024, 3, 1), D(2024, 9, 14)]
    dates += [D(2024, 9, 15), TODAY]
    assert statuses(acc, dates) == [None, ACTIVE, ACTIVE, SUSPENDED, SUSPENDED, ACTIVE, ACTIVE]
    entries = timeline(acc, TODAY)
    assert [(e.kind, e.effective_on, e.derived) for e in entries] == [
        (EventKind.GRANTED, D(2020, 1, 10), False),
        (EventKind.SUSPENDED, D(2024, 3, 1), False),
        (EventKind.REINSTATED, D(2024, 9, 15), False),
    ]
    assert str(entries[1]) == "Suspended on 1 March 2024."
    assert entries[1].source_url == "https://ab.example/notice"


def test_withdrawal():
    acc = accreditation(
        [(EventKind.GRANTED, D(2018, 5, 1), {}), (EventKind.WITHDRAWN, D(2023, 7, 1), {})],
        granted_on=D(2018, 5, 1),
        status=WITHDRAWN,
    )
    dates = [D(2018, 4, 30), D(2023, 6, 30), D(2023, 7, 1), D(2025, 1, 1), TODAY]
    assert statuses(acc, dates) == [None, ACTIVE, WITHDRAWN, WITHDRAWN, WITHDRAWN]
    assert [e.derived for e in timeline(acc, TODAY)] == [False, False]


def test_expiry_by_date_needs_no_event():
    acc = accreditation(
        [(EventKind.GRANTED, D(2019, 1, 1), {})],
        granted_on=D(2019, 1, 1),
        valid_until=D(2024, 12, 31),
    )
    dates = [D(2024, 12, 31), D(2025, 1, 1), TODAY]
    assert statuses(acc, dates) == [ACTIVE, EXPIRED, EXPIRED]
    last = timeline(acc, TODAY)[-1]
    assert (last.kind, last.effective_on, last.derived) == (EventKind.EXPIRED, D(2025, 1, 1), True)
    assert str(last) == "Expired: its valid-until date passed on 1 January 2025."


def test_a_lapse_before_a_renewal_is_expiry_by_the_old_date():
    acc = accreditation(
        [
            (EventKind.GRANTED, D(2015, 1, 1), {"valid_until": D(2019, 12, 31)}),
            (EventKind.RENEWED, D(2020, 3, 1), {"valid_until": D(2030, 2, 28)}),
        ],
        granted_on=D(2015, 1, 1),
        valid_until=D(2030, 2, 28),
    )
    dates = [D(2019, 12, 31), D(2020, 1, 15), D(2020, 3, 1), TODAY]
    assert statuses(acc, dates) == [ACTIVE, EXPIRED, ACTIVE, ACTIVE]


def test_scope_reduction_and_extension():
    iso_14001, iso_27001 = standard("iso-14001"), standard("iso-iec-27001")
    acc = accreditation(
        [
            (EventKind.GRANTED, D(2019, 1, 1), {}),
            (EventKind.SCOPE_EXTENDED, D(2022, 1, 1), {"standard": iso_27001}),
            (EventKind.SCOPE_REDUCED, D(2023, 5, 1), {"standard": iso_14001}),
        ],
        granted_on=D(2019, 1, 1),
        standards=[standard("iso-9001"), iso_27001],
    )
    scope = {on: set(state_on(acc, on, TODAY).standards) for on in (D(2021, 12, 31), D(2022, 1, 1))}
    scope |= {on: set(state_on(acc, on, TODAY).standards) for on in (D(2023, 4, 30), D(2023, 5, 1))}
    assert scope == {
        D(2021, 12, 31): {"ISO 9001", "ISO 14001"},
        D(2022, 1, 1): {"ISO 9001", "ISO 14001", "ISO/IEC 27001"},
        D(2023, 4, 30): {"ISO 9001", "ISO 14001", "ISO/IEC 27001"},
        D(2023, 5, 1): {"ISO 9001", "ISO/IEC 27001"},
    }
    assert str(timeline(acc, TODAY)[2]) == "Scope reduced: ISO 14001 removed on 1 May 2023."


def test_a_status_without_an_event_is_shown_since_a_date_not_on_record():
    acc = accreditation([], status=SUSPENDED)
    known_by = timezone.localdate(acc.updated_at)
    entries = timeline(acc, TODAY)
    assert [(e.kind, e.effective_on, e.derived) for e in entries] == [
        (EventKind.GRANTED, D(2020, 1, 10), True),
        (EventKind.SUSPENDED, None, True),
    ]
    assert entries[1].known_by == known_by
    assert "on a date not on record" in str(entries[1])
    before = state_on(acc, known_by - datetime.timedelta(days=1), known_by + datetime.timedelta(1))
    assert (before.status, before.unsure) == (ACTIVE, entries[1])
    assert state_on(acc, known_by, known_by + datetime.timedelta(days=1)).status == SUSPENDED


def test_the_backfill_says_the_same_as_the_record():
    acc = accreditation(
        [(EventKind.GRANTED, D(2020, 1, 10), {"origin": EventOrigin.BACKFILL})],
        status=WITHDRAWN,
    )
    assert [e.kind for e in timeline(acc, TODAY)] == [EventKind.GRANTED, EventKind.WITHDRAWN]


@pytest.mark.parametrize(
    ("status", "valid_until"),
    [
        (ACTIVE, D(2030, 1, 1)),
        (SUSPENDED, D(2030, 1, 1)),
        (WITHDRAWN, None),
        (ACTIVE, D(2025, 1, 1)),
    ],
)
def test_replaying_the_timeline_to_today_gives_the_current_status(status, valid_until):
    acc = accreditation(
        [(EventKind.GRANTED, D(2020, 1, 10), {}), (EventKind.SUSPENDED, D(2021, 1, 1), {})],
        status=status,
        valid_until=valid_until,
    )
    today = timezone.localdate(acc.updated_at) + datetime.timedelta(days=1)
    current = {s.code: s.pk for s in acc.standards.all()}
    replayed = replay(timeline(acc, today), acc, today, current)
    assert replayed.status == acc.effective_status_on(today) == state_on(acc, today, today).status
