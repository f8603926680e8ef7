"""Events recorded by the CSV import, and its status_since column, against hand-computed
expectations: how each accreditation stood on a date after a suspension then a
reinstatement, a withdrawal, an expiry by date and a scope reduction, all imported."""

import datetime
import io

import pytest
from django.utils import timezone

from accreditation.events import AccreditationEvent, EventDating, EventKind, EventOrigin
from accreditation.models import Accreditation, AccreditationStatus
from accreditation.timeline import state_on, timeline
from bodies.csvio.exporter import write_bodies_csv
from bodies.csvio.format import COLUMNS, SOURCE_COLUMNS
from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody
from tests.bodies.test_import import make_csv, row
from tests.factories import (
    AccreditationEventFactory,
    AccreditationFactory,
    CertificationBodyFactory,
    standard,
)

pytestmark = pytest.mark.django_db

D = datetime.date
ACTIVE = AccreditationStatus.ACTIVE
SUSPENDED = AccreditationStatus.SUSPENDED
WITHDRAWN = AccreditationStatus.WITHDRAWN
EXPIRED = AccreditationStatus.EXPIRED
NUMBER = "D-ZM-11111-01-00"
# The row of tests.bodies.test_import: DAkkS, ISO 9001 and ISO 14001, granted 2021-03-01,
# valid until 2027-02-28.
GRANTED = D(2021, 3, 1)


def run(data, name="bodies.csv", **kwargs):
    report = import_bodies_csv(file=io.BytesIO(data), name=name, **kwargs)
    assert report.ok, report.errors
    return report


def the_accreditation():
    return Accreditation.objects.prefetch_related("events__standard", "standards").get(
        number=NUMBER
    )


def kinds(accreditation=None):
    accreditation = accreditation or the_accreditation()
    return [(e.kind, e.effective_on, e.standard) for e in timeline(accreditation) if not e.derived]


def statuses(dates):
    accreditation = the_accreditation()
    return [state_on(accreditation, on).status for on in dates]


def export():
    out = io.StringIO(newline="")
    write_bodies_csv(out, CertificationBody.objects.all())
    return out.getvalue()


def exported_status_since():
    rows = export().splitlines()[1:]
    return [line.rsplit(",", 1)[1] for line in rows]


def test_suspension_then_reinstatement(admin_user):
    run(make_csv(row()), name="first.csv", user=admin_user)
    run(make_csv(row(status="suspended", status_since="2024-03-01")), name="notice.csv")
    run(make_csv(row(status="active", status_since="2024-09-15")), name="lifted.csv")

    assert kinds() == [
        (EventKind.GRANTED, GRANTED, ""),
        (EventKind.SUSPENDED, D(2024, 3, 1), ""),
        (EventKind.REINSTATED, D(2024, 9, 15), ""),
    ]
    dates = [D(2021, 2, 28), GRANTED, D(2024, 2, 29), D(2024, 3, 1), D(2024, 9, 14)]
    dates += [D(2024, 9, 15), timezone.localdate()]
    assert statuses(dates) == [None, ACTIVE, ACTIVE, SUSPENDED, SUSPENDED, ACTIVE, ACTIVE]
    grant, suspension, reinstatement = AccreditationEvent.objects.order_by("effective_on")
    assert (grant.origin, grant.recorded_by, grant.valid_until) == (
        EventOrigin.IMPORT,
        admin_user,
        D(2027, 2, 28),
    )
    # The file and where the date came from are stored as facts; the note is the curators'.
    assert [(e.source_file, e.dated, e.note) for e in (grant, suspension, reinstatement)] == [
        ("first.csv", EventDating.AS_GIVEN, ""),
        ("notice.csv", EventDating.AS_GIVEN, ""),
        ("lifted.csv", EventDating.AS_GIVEN, ""),
    ]
    assert grant.explanation == "From the import of first.csv."
    assert suspension.explanation == "From the import of notice.csv."
    assert exported_status_since() == ["2024-09-15"]


def test_suspension_then_reinstatement_on_the_body_page(client):
    run(make_csv(row()))
    run(make_csv(row(status="suspended", status_since="2024-03-01")))
    run(make_csv(row(status="active", status_since="2024-09-15")))
    url = CertificationBody.objects.get().get_absolute_url()

    def page(on):
        return client.get(url, {"on": on}).content.decode()

    scope = "ISO 9001 and ISO 14001 by DAkkS"
    assert f"On 29 February 2024: accredited for {scope}" in page("2024-02-29")
    suspended = page("2024-03-01")
    assert f"On 1 March 2024: the accreditation for {scope}" in suspended
    assert "was suspended (accreditation D-ZM-11111-01-00)" in suspended
    assert f"On 15 September 2024: accredited for {scope}" in page("2024-09-15")


def test_withdrawal():
    run(make_csv(row()))
    run(make_csv(row(status="withdrawn", status_since="2023-07-01")))

    assert kinds() == [
        (EventKind.GRANTED, GRANTED, ""),
        (EventKind.WITHDRAWN, D(2023, 7, 1), ""),
    ]
    assert statuses([D(2023, 6, 30), D(2023, 7, 1), timezone.localdate()]) == [
        ACTIVE,
        WITHDRAWN,
        WITHDRAWN,
    ]
    assert exported_status_since() == ["2023-07-01"]


def test_expiry_by_date_writes_no_event_and_a_later_expired_status_dates_it_the_day_after():
    run(make_csv(row(valid_until="2025-06-30")))

    assert kinds() == [(EventKind.GRANTED, GRANTED, "")]
    assert statuses([D(2025, 6, 30), D(2025, 7, 1), timezone.localdate()]) == [
        ACTIVE,
        EXPIRED,
        EXPIRED,
    ]

    report = run(make_csv(row(valid_until="2025-06-30", status="expired")))

    assert report.events_dated_today == 0
    assert kinds()[1:] == [(EventKind.EXPIRED, D(2025, 7, 1), "")]
    expiry = AccreditationEvent.objects.get(kind=EventKind.EXPIRED)
    assert (expiry.source_file, expiry.dated, expiry.note) == (
        "bodies.csv",
        EventDating.DAY_AFTER_VALID_UNTIL,
        "",
    )
    assert expiry.explanation == (
        "From the import of bodies.csv. The file gives no status_since: "
        "dated the day after valid_until."
    )
    assert statuses([D(2025, 6, 30), D(2025, 7, 1)]) == [ACTIVE, EXPIRED]
    assert exported_status_since() == ["2025-07-01"]


def test_scope_reduction_is_dated_the_day_of_the_import_and_says_so():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    run(make_csv(row(standards="ISO 9001;ISO 14001")))

    report = run(make_csv(row(standards="ISO 9001")), name="reduced.csv")

    assert report.accreditations_updated == 1
    assert report.events_dated_today == 1
    assert "1 change of status, scope or validity has no date in the file" in report.summary()
    assert kinds()[1:] == [(EventKind.SCOPE_REDUCED, today, "ISO 14001")]
    reduction = AccreditationEvent.objects.get(kind=EventKind.SCOPE_REDUCED)
    assert (reduction.source_file, reduction.dated, reduction.note) == (
        "reduced.csv",
        EventDating.IMPORT_DAY,
        "",
    )
    assert reduction.explanation == (
        "From the import of reduced.csv. The file gives no date for this change: "
        "dated the day of the import."
    )
    accreditation = the_accreditation()
    assert state_on(accreditation, yesterday).scope == ["ISO 14001", "ISO 9001"]
    assert state_on(accreditation, today).scope == ["ISO 9001"]
    # The status did not change: status_since stays that of the grant.
    assert exported_status_since() == ["2021-03-01"]


def test_scope_extension_and_a_status_change_without_status_since_are_dated_today():
    today = timezone.localdate()
    run(make_csv(row(standards="ISO 9001")))

    report = run(make_csv(row(standards="ISO 9001;ISO 14001", status="suspended")))

    assert report.events_dated_today == 2
    assert sorted(kinds()[1:]) == [
        (EventKind.SCOPE_EXTENDED, today, "ISO 14001"),
        (EventKind.SUSPENDED, today, ""),
    ]
    assert exported_status_since() == [today.isoformat()]


def test_a_renewal_is_recorded_when_an_active_accreditation_is_valid_for_longer():
    today = timezone.localdate()
    run(make_csv(row()))

    run(make_csv(row(valid_until="2030-02-28")))

    [renewal] = AccreditationEvent.objects.filter(kind=EventKind.RENEWED)
    assert (renewal.effective_on, renewal.valid_until) == (today, D(2030, 2, 28))
    # A renewal keeps an active accreditation active since its grant.
    assert exported_status_since() == ["2021-03-01"]


def test_an_expired_accreditation_made_active_for_longer_is_renewed_not_reinstated():
    run(make_csv(row(status="expired", valid_until="2025-02-28", status_since="2025-03-01")))

    run(make_csv(row(valid_until="2028-02-29", status_since="2025-04-01")))

    assert kinds() == [
        (EventKind.GRANTED, GRANTED, ""),
        (EventKind.EXPIRED, D(2025, 3, 1), ""),
        (EventKind.RENEWED, D(2025, 4, 1), ""),
    ]
    assert statuses([D(2025, 3, 15), D(2025, 4, 1)]) == [EXPIRED, ACTIVE]
    assert exported_status_since() == ["2025-04-01"]


def test_a_new_accreditation_gets_its_grant_and_its_status_since_the_date_given():
    run(make_csv(row(status="suspended", status_since="2024-03-01")))

    assert kinds() == [(EventKind.GRANTED, GRANTED, ""), (EventKind.SUSPENDED, D(2024, 3, 1), "")]
    assert statuses([D(2024, 2, 29), D(2024, 3, 1)]) == [ACTIVE, SUSPENDED]


def test_a_new_accreditation_without_status_since_has_its_status_since_a_date_not_on_record():
    report = run(make_csv(row(status="withdrawn")))

    assert report.events_dated_today == 0
    assert kinds() == [(EventKind.GRANTED, GRANTED, ""), (EventKind.WITHDRAWN, None, "")]
    assert exported_status_since() == [""]


def test_an_unchanged_status_leaves_status_since_unread_and_records_nothing():
    run(make_csv(row(status="suspended", status_since="2024-03-01")))

    report = run(make_csv(row(status="suspended", status_since="2024-05-05")))

    assert report.accreditations_unchanged == 1
    assert AccreditationEvent.objects.count() == 2
    assert exported_status_since() == ["2024-03-01"]


def test_a_dry_run_records_no_event_but_counts_those_dated_today():
    run(make_csv(row()))

    report = run(make_csv(row(status="suspended")), dry_run=True)

    assert report.events_dated_today == 1
    assert "dated the day of the import" in report.summary()
    assert AccreditationEvent.objects.count() == 1


def test_a_file_without_status_since_imports_and_dates_a_change_today():
    run(make_csv(row()))
    cells = dict(zip(COLUMNS, row(status="withdrawn"), strict=True))

    report = run(make_csv([cells[c] for c in SOURCE_COLUMNS], header=SOURCE_COLUMNS))

    assert report.events_dated_today == 1
    assert kinds()[1:] == [(EventKind.WITHDRAWN, timezone.localdate(), "")]


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2021-02-28", "2021-02-28 is before granted_on 2021-03-01"),
        ("2999-01-01", "2999-01-01 is in the future"),
        ("1.3.2024", "not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_bad_status_since_is_a_row_problem(since, message):
    report = import_bodies_csv(file=io.BytesIO(make_csv(row(status_since=since))))

    [error] = report.errors
    assert (error.line, error.column) == (2, "status_since")
    assert message in error.message
    assert not AccreditationEvent.objects.exists()


def histories():
    """Accreditations with recorded histories, and the status_since each exports."""
    granted, suspended, reinstated = "granted", "suspended", "reinstated"
    cases = [
        # Suspended, then reinstated: active since the reinstatement.
        (
            "A-1",
            ACTIVE,
            D(2020, 1, 10),
            [(granted, D(2020, 1, 10)), (suspended, D(2024, 3, 1)), (reinstated, D(2024, 9, 15))],
            "2024-09-15",
        ),
        # Renewed while active: active since the grant.
        (
            "A-2",
            ACTIVE,
            D(2018, 5, 1),
            [(granted, D(2018, 5, 1)), ("renewed", D(2021, 5, 1))],
            "2018-05-01",
        ),
        (
            "A-3",
            WITHDRAWN,
            D(2018, 5, 1),
            [(granted, D(2018, 5, 1)), (suspended, D(2023, 1, 1)), ("withdrawn", D(2023, 7, 1))],
            "2023-07-01",
        ),
        # No event: the grant is implied, the expiry's date not on record.
        ("A-4", EXPIRED, D(2019, 2, 2), [], ""),
        ("A-5", ACTIVE, D(2019, 2, 2), [], "2019-02-02"),
        # Granted on a date not on record, suspended on one that is.
        ("A-6", SUSPENDED, None, [(granted, None), (suspended, D(2025, 1, 20))], "2025-01-20"),
        # Granted on a date not on record, active since a reinstatement.
        ("A-7", ACTIVE, None, [(granted, None), (reinstated, D(2025, 2, 1))], "2025-02-01"),
    ]
    for number, status, granted_on, events, _ in cases:
        accreditation = AccreditationFactory(
            # Named in the cases' order: the export sorts by name, and a factory sequence's
            # numbers ("Example Certification 9", "... 10") sort as text, by where the
            # process's earlier tests left the sequence.
            body=CertificationBodyFactory(name=f"Body {number}"),
            number=number,
            status=status,
            granted_on=granted_on,
            valid_until=None,
            standards=[standard("iso-9001")],
        )
        for kind, on in events:
            AccreditationEventFactory(accreditation=accreditation, kind=kind, effective_on=on)
    return [expected for *_, expected in cases]


def test_status_since_round_trips_through_an_empty_directory_byte_for_byte():
    expected = histories()
    first = export()
    assert first.splitlines()[0].endswith("last_verified_on,status_since")
    assert exported_status_since() == expected

    CertificationBody.objects.all().delete()
    run(first.encode())

    assert export() == first
    # And again into the same directory: nothing changes, nothing is recorded.
    events = AccreditationEvent.objects.count()
    report = run(first.encode())
    assert report.accreditations_unchanged == len(expected)
    assert AccreditationEvent.objects.count() == events
    assert export() == first
