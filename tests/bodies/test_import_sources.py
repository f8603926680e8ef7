"""The CSV's source columns (scope_document_url, last_verified_on) and files without them."""

import datetime
import io

import pytest

from accreditation.models import Accreditation
from bodies.csvio.exporter import write_bodies_csv
from bodies.csvio.format import COLUMNS, OLD_COLUMNS
from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody
from tests.bodies.test_import import ACCREDITATION, BODY, make_csv

pytestmark = pytest.mark.django_db

SCOPE_URL = ACCREDITATION["scope_document_url"]


def old_row(**values):
    cells = {**BODY, **ACCREDITATION, **values}
    return [cells[column] for column in OLD_COLUMNS]


def new_row(**values):
    cells = {**BODY, **ACCREDITATION, **values}
    return [cells[column] for column in COLUMNS]


def run(data):
    report = import_bodies_csv(file=io.BytesIO(data))
    assert report.ok, report.errors
    return report


def export():
    out = io.StringIO(newline="")
    write_bodies_csv(out, CertificationBody.objects.all())
    return out.getvalue().encode()


def the_accreditation():
    return Accreditation.objects.get(number=ACCREDITATION["accreditation_number"])


def test_the_format_gains_two_trailing_columns_after_valid_until_then_status_since():
    assert COLUMNS[-4:] == (
        "valid_until",
        "scope_document_url",
        "last_verified_on",
        "status_since",
    )
    assert COLUMNS[:13] == OLD_COLUMNS


def test_a_new_format_file_carries_the_source_and_the_verification_date():
    run(make_csv(new_row()))
    accreditation = the_accreditation()
    assert accreditation.scope_document_url == SCOPE_URL
    assert accreditation.last_verified_on == datetime.date(2026, 3, 3)


def test_an_old_format_file_imports_unchanged():
    report = run(make_csv(old_row(), header=OLD_COLUMNS))
    assert (report.bodies_created, report.accreditations_created) == (1, 1)
    accreditation = the_accreditation()
    assert (accreditation.scope_document_url, accreditation.last_verified_on) == ("", None)
    assert [s.code for s in accreditation.standards.all()] == ["ISO 14001", "ISO 9001"]


def test_an_old_format_file_leaves_the_stored_source_alone():
    run(make_csv(new_row()))
    report = run(make_csv(old_row(status="suspended"), header=OLD_COLUMNS))
    assert report.accreditations_updated == 1
    accreditation = the_accreditation()
    assert accreditation.status == "suspended"
    assert accreditation.scope_document_url == SCOPE_URL
    assert accreditation.last_verified_on == datetime.date(2026, 3, 3)
    # Nothing else changed: the same old file again changes nothing.
    assert (
        run(make_csv(old_row(status="suspended"), header=OLD_COLUMNS)).accreditations_unchanged == 1
    )


def test_a_new_format_file_can_clear_and_change_them():
    run(make_csv(new_row()))
    assert run(make_csv(new_row(last_verified_on="2026-11-30"))).accreditations_updated == 1
    assert the_accreditation().last_verified_on == datetime.date(2026, 11, 30)
    run(make_csv(new_row(scope_document_url="", last_verified_on="")))
    assert (the_accreditation().scope_document_url, the_accreditation().last_verified_on) == (
        "",
        None,
    )


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"scope_document_url": "ftp://x.example/scope"}, "scope_document_url", "not an http"),
        ({"last_verified_on": "3/3/2026"}, "last_verified_on", "not a date"),
    ],
)
def test_bad_source_cells_are_row_problems(values, column, message):
    report = import_bodies_csv(file=io.BytesIO(make_csv(new_row(**values))))
    [error] = report.errors
    assert (error.line, error.column) == (2, column)
    assert message in error.message


def test_an_old_format_row_with_new_format_cells_is_a_row_problem():
    report = import_bodies_csv(file=io.BytesIO(make_csv(new_row(), header=OLD_COLUMNS)))
    assert [e.message for e in report.errors] == ["expected 13 columns, found 16"]


@pytest.mark.parametrize("header", [COLUMNS, OLD_COLUMNS])
def test_either_format_round_trips_byte_identically(header):
    rows = [
        (new_row if header == COLUMNS else old_row)(),
        (new_row if header == COLUMNS else old_row)(
            name="Second Body", accreditation_number="D-ZM-2", scope_document_url=""
        ),
    ]
    run(make_csv(*rows, header=header))
    first = export()
    assert first.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    CertificationBody.objects.all().delete()
    run(first)
    assert export() == first


def test_an_unrecognised_accreditation_body_is_taken_only_from_the_reference_data():
    run(make_csv(new_row(accreditation_body="ABAC")))
    assert the_accreditation().accreditation_body.acronym == "ABAC"
    report = import_bodies_csv(
        file=io.BytesIO(make_csv(new_row(accreditation_body="Global Accreditation Registry")))
    )
    [error] = report.errors
    assert error.column == "accreditation_body"
    assert "a curator can add it in the admin" in error.message
