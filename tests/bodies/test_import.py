import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from accreditation.models import Accreditation
from bodies.csvio.format import ACCREDITATION_COLUMNS, COLUMNS
from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

BODY = {
    "name": "Nordcert GmbH",
    "country": "DE",
    "city": "Berlin",
    "website": "https://nordcert.example",
    "aliases": "",
}
ACCREDITATION = {
    "accreditation_body": "DAkkS",
    "accreditation_number": "D-ZM-11111-01-00",
    "casco_standard": "ISO/IEC 17021-1",
    "standards": "ISO 9001;ISO 14001",
    "iaf_codes": "28;12",
    "status": "active",
    "granted_on": "2021-03-01",
    "valid_until": "2027-02-28",
    "scope_document_url": "https://www.dakks.de/as/ast/d/D-ZM-11111-01-00.pdf",
    "last_verified_on": "2026-03-03",
    "status_since": "",
}
NO_ACCREDITATION = dict.fromkeys(ACCREDITATION_COLUMNS, "")


def row(**values):
    cells = {**BODY, **ACCREDITATION, **values}
    return [cells[column] for column in COLUMNS]


def bare(**values):
    """A row for a body without accreditation."""
    return row(**{**NO_ACCREDITATION, **values})


def make_csv(*rows, header=COLUMNS, newline="\n", bom=False):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def run(data, **kwargs):
    return import_bodies_csv(file=io.BytesIO(data), **kwargs)


def command(tmp_path, data, *args):
    path = tmp_path / "bodies.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bodies", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def problems(report):
    return [(error.line, error.column) for error in report.errors]


def test_import_creates_bodies_accreditations_and_scope():
    report = run(
        make_csv(
            row(aliases="Nordcert;NC Zertifizierung"),
            row(
                accreditation_body="UKAS",
                accreditation_number="0042",
                casco_standard="ISO/IEC 17065",
                standards="",
                iaf_codes="",
                status="suspended",
                valid_until="",
                aliases="Nordcert;NC Zertifizierung",
            ),
            bare(name="Łódź Lab Sp. z o.o.", country="pl", city="Łódź", website=""),
        )
    )

    assert report.ok
    assert (report.rows, report.bodies_created, report.accreditations_created) == (3, 2, 2)
    body = CertificationBody.objects.get(name="Nordcert GmbH", country="DE")
    assert (body.city, body.website, body.alias_list) == (
        "Berlin",
        "https://nordcert.example",
        ["Nordcert", "NC Zertifizierung"],
    )
    assert body.slug == "nordcert-gmbh"
    assert (
        body.search_text == "nordcert gmbh nordcert nc zertifizierung berlin d zm 11111 01 00 0042"
    )
    dakks = body.accreditations.get(accreditation_body__acronym="DAkkS")
    assert dakks.number == "D-ZM-11111-01-00"
    assert dakks.casco_standard.code == "ISO/IEC 17021-1"
    assert sorted(dakks.standards.values_list("code", flat=True)) == ["ISO 14001", "ISO 9001"]
    assert sorted(dakks.sectors.values_list("code", flat=True)) == [12, 28]
    assert (dakks.status, dakks.granted_on, dakks.valid_until) == (
        "active",
        datetime.date(2021, 3, 1),
        datetime.date(2027, 2, 28),
    )
    ukas = body.accreditations.get(accreditation_body__acronym="UKAS")
    assert (ukas.status, ukas.valid_until, ukas.standards.count()) == ("suspended", None, 0)
    lab = CertificationBody.objects.get(country="PL")
    assert (lab.name, lab.city, lab.accreditations.count()) == ("Łódź Lab Sp. z o.o.", "Łódź", 0)


OTHER = {"name": "Second Body", "accreditation_number": "D-ZM-22222-01-00"}


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        ({"accreditation_body": "XAB"}, "accreditation_body", "unknown accreditation body 'XAB'"),
        ({"casco_standard": "ISO/IEC 17099"}, "casco_standard", "unknown standard"),
        ({"standards": "ISO 9001;ISO 12345"}, "standards", "unknown standard 'ISO 12345'"),
        ({"casco_standard": "ISO 9001"}, "casco_standard", "certifiable standard"),
        ({"standards": "ISO 9001;ISO/IEC 17025"}, "standards", "ISO/IEC 17025 is a CASCO"),
        ({"country": "XX"}, "country", "not an ISO 3166-1 alpha-2"),
        ({"country": "Germany"}, "country", "not an ISO 3166-1 alpha-2"),
        ({"granted_on": "2021-02-30"}, "granted_on", "YYYY-MM-DD"),
        ({"valid_until": "28/02/2027"}, "valid_until", "YYYY-MM-DD"),
        ({"granted_on": "20210301"}, "granted_on", "YYYY-MM-DD"),
        (
            {"granted_on": "2024-01-02", "valid_until": "2024-01-01"},
            "valid_until",
            "before granted_on",
        ),
        ({"name": ""}, "name", "missing"),
        ({"name": "x" * 256}, "name", "longer than 255"),
        ({"status": "pending"}, "status", "not a status"),
        ({"iaf_codes": "12;40"}, "iaf_codes", "'40'"),
        ({"iaf_codes": "0"}, "iaf_codes", "IAF sector code (1 to 39)"),
        ({"iaf_codes": "twelve"}, "iaf_codes", "IAF sector code"),
        ({"website": "nordcert dot example"}, "website", "not a web address"),
        ({"website": "ftp://nordcert.example"}, "website", "not a web address"),
        ({"accreditation_number": ""}, "accreditation_number", "missing"),
        ({"status": ""}, "status", "missing"),
        ({"aliases": "A\nB"}, "aliases", "line break"),
    ],
)
def test_each_problem_is_reported_with_its_line_and_column(values, column, message):
    third = row(name="Third", accreditation_number="D-ZM-33333-01-00")
    report = run(make_csv(row(), row(**{**OTHER, **values}), third))

    assert problems(report) == [(3, column)]
    assert message in report.errors[0].message
    assert CertificationBody.objects.count() == 0


def test_accreditation_columns_partly_filled_names_each_missing_column():
    report = run(make_csv(bare(standards="ISO 9001", granted_on="2020-01-01")))

    assert problems(report) == [
        (2, "accreditation_body"),
        (2, "accreditation_number"),
        (2, "casco_standard"),
        (2, "status"),
    ]
    assert "this row fills standards, granted_on" in report.errors[0].message


def test_wrong_number_of_cells_is_a_row_problem():
    report = run(make_csv(row(), row(**OTHER)[:-3]))

    assert problems(report) == [(3, None)]
    assert "expected 16 columns, found 13" in report.errors[0].message


def test_duplicate_accreditation_in_the_file_points_to_the_first_line():
    report = run(
        make_csv(
            row(),
            row(name="Other Body", accreditation_number="D-ZM-99999-01-00"),
            row(name="Third Body", accreditation_body="dakks"),
        )
    )

    assert problems(report) == [(4, "accreditation_number")]
    assert "DAkkS D-ZM-11111-01-00 is already on line 2" in report.errors[0].message


@pytest.mark.parametrize(
    ("column", "value"),
    [("city", "Hamburg"), ("website", "https://other.example"), ("aliases", "Nordcert")],
)
def test_rows_of_one_body_must_agree_on_body_columns(column, value):
    report = run(make_csv(row(), row(accreditation_number="D-ZM-2", **{column: value})))

    assert problems(report) == [(3, column)]
    assert "differs from line 2" in report.errors[0].message


def test_line_numbers_count_line_breaks_inside_quoted_cells():
    data = make_csv(
        row(name="Nordcert\nZertifizierung\nGmbH"),
        row(name="Bad", country="ZZ", accreditation_number="D-ZM-2"),
        newline="\r\n",
    )

    report = run(data)

    assert problems(report) == [(5, "country")]


def test_every_problem_in_the_file_is_reported_in_order():
    report = run(
        make_csv(
            row(country="XX"),
            row(name="Fine", accreditation_number="D-ZM-2"),
            row(name="", accreditation_number="D-ZM-3", status="gone"),
            row(name="Also fine", accreditation_number="D-ZM-4"),
            row(name="Last", accreditation_number="D-ZM-5", granted_on="yesterday"),
        )
    )

    assert problems(report) == [(2, "country"), (4, "name"), (4, "status"), (6, "granted_on")]


def test_nothing_is_written_when_only_the_last_row_is_bad(tmp_path):
    existing = CertificationBodyFactory(name="Nordcert GmbH", country="DE", city="Potsdam")
    data = make_csv(
        row(),
        row(name="Second", accreditation_number="D-ZM-2"),
        bare(name="Third"),
        row(name="Fourth", accreditation_number="D-ZM-4", iaf_codes="99"),
    )

    with pytest.raises(CommandError, match="1 problem"):
        command(tmp_path, data)

    assert list(CertificationBody.objects.all()) == [existing]
    assert CertificationBody.objects.get().city == "Potsdam"
    assert not Accreditation.objects.exists()


def test_command_lists_every_problem_on_stderr(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_bytes(
        make_csv(row(country="XX"), row(name="B", accreditation_number="2", status="x"))
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_bodies", str(path), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 2, column country: 'XX' is not an ISO 3166-1")
    assert lines[1].startswith("line 3, column status: 'x' is not a status")


def test_dry_run_reports_changes_and_writes_nothing(tmp_path):
    CertificationBodyFactory(name="Nordcert GmbH", country="DE", city="Potsdam")
    data = make_csv(row(), bare(name="New Body"))

    output = command(tmp_path, data, "--dry-run")

    assert output.strip() == (
        "Dry run, nothing written: 2 valid rows. Bodies: 1 to create, 1 to update, "
        "0 unchanged. Accreditations: 1 to create, 0 to update, 0 unchanged."
    )
    assert CertificationBody.objects.get().city == "Potsdam"
    assert not Accreditation.objects.exists()


def test_second_import_of_the_same_file_changes_nothing(tmp_path):
    data = make_csv(
        row(aliases="NC"),
        row(accreditation_body="UKAS", accreditation_number="7", aliases="NC"),
        bare(name="Bare Body"),
    )
    command(tmp_path, data)
    bodies = dict(CertificationBody.objects.values_list("pk", "updated_at"))
    accreditations = dict(Accreditation.objects.values_list("pk", "updated_at"))

    output = command(tmp_path, data)

    assert output.strip() == (
        "Imported 3 rows. Bodies: 0 created, 0 updated, 2 unchanged. "
        "Accreditations: 0 created, 0 updated, 2 unchanged."
    )
    assert dict(CertificationBody.objects.values_list("pk", "updated_at")) == bodies
    assert dict(Accreditation.objects.values_list("pk", "updated_at")) == accreditations


def test_known_accreditation_is_updated_in_place_and_can_move_to_another_body():
    old_body = CertificationBodyFactory(name="Old Owner", city="Bonn")
    accreditation = AccreditationFactory(
        body=old_body,
        number="D-ZM-11111-01-00",
        standards=[standard("iso-9001")],
        sectors=[1, 28],
    )
    bystander = CertificationBodyFactory(name="Not In The File")
    bystander_updated_at = bystander.updated_at

    report = run(make_csv(row(standards="ISO 45001", iaf_codes="12;28", status="suspended")))

    assert report.ok
    assert (report.accreditations_created, report.accreditations_updated) == (0, 1)
    assert (report.bodies_created, report.bodies_updated) == (1, 1)
    moved = Accreditation.objects.get()
    assert moved.pk == accreditation.pk
    assert moved.body.name == "Nordcert GmbH"
    assert moved.status == "suspended"
    assert list(moved.standards.values_list("code", flat=True)) == ["ISO 45001"]
    assert sorted(moved.sectors.values_list("code", flat=True)) == [12, 28]
    assert moved.updated_at > accreditation.updated_at
    old_body.refresh_from_db()
    assert old_body.search_text == "old owner bonn"
    assert "d zm 11111 01 00" in moved.body.search_text
    bystander.refresh_from_db()
    assert bystander.updated_at == bystander_updated_at


def test_body_columns_are_updated_and_other_columns_kept():
    body = CertificationBodyFactory(
        name="Nordcert GmbH", country="DE", city="Potsdam", phone="+49 30 1234", slug="nordcert"
    )

    report = run(make_csv(bare(city="Berlin", aliases="NC")))

    assert (report.bodies_created, report.bodies_updated) == (0, 1)
    body.refresh_from_db()
    assert (body.city, body.aliases, body.phone, body.slug) == (
        "Berlin",
        "NC",
        "+49 30 1234",
        "nordcert",
    )
    assert body.search_text == "nordcert gmbh nc berlin"


def test_search_text_keeps_numbers_of_accreditations_already_in_the_database():
    body = CertificationBodyFactory(name="Nordcert GmbH", country="DE", city="Berlin")
    AccreditationFactory(body=body, accreditation_body=accreditation_body("ukas"), number="0042")
    AccreditationFactory(body=body, accreditation_body=accreditation_body("anab"), number="MS-1")

    run(make_csv(row(website=body.website)))

    body.refresh_from_db()
    assert body.search_text == "nordcert gmbh berlin ms 1 d zm 11111 01 00 0042"
    imported = body.search_text
    body.save()
    assert body.search_text == imported


def test_new_body_slug_does_not_collide_with_existing_slugs():
    CertificationBodyFactory(name="Nordcert GmbH", country="AT", slug="nordcert-gmbh")

    run(make_csv(bare()))

    assert CertificationBody.objects.get(country="DE").slug == "nordcert-gmbh-de"


def test_formula_quote_is_removed_on_import():
    run(make_csv(bare(name="'=Nordcert", city="'+Berlin", aliases="''-NC")))

    body = CertificationBody.objects.get()
    assert (body.name, body.city, body.aliases) == ("=Nordcert", "+Berlin", "'-NC")


def test_byte_order_mark_and_windows_line_endings_are_accepted():
    report = run(make_csv(row(), bare(name="Second"), newline="\r\n", bom=True))

    assert report.ok
    assert set(CertificationBody.objects.values_list("name", flat=True)) == {
        "Nordcert GmbH",
        "Second",
    }


def test_blank_lines_are_skipped_without_shifting_line_numbers():
    data = make_csv(row()) + b"\n,,,,,,,,,,,,\n" + make_csv(bare(country="XX"), header=None)

    report = run(data)

    assert (report.rows, problems(report)) == (2, [(5, "country")])


@pytest.mark.parametrize(
    "data",
    [
        make_csv(row(), header=COLUMNS[:-2]),
        make_csv(row(), header=None),
        make_csv(row(), header=[*COLUMNS[1:], COLUMNS[0]]),
        b"",
    ],
    ids=["missing column", "no header", "wrong order", "empty file"],
)
def test_wrong_or_missing_header_names_the_expected_columns(tmp_path, data):
    with pytest.raises(CommandError) as raised:
        command(tmp_path, data)

    assert "nothing was imported" in str(raised.value)
    report = run(data)
    assert problems(report) == [(1, None)]
    assert ",".join(COLUMNS) in report.errors[0].message


def test_file_that_is_not_utf8_is_refused_with_a_clear_message(tmp_path):
    data = make_csv(row()) + "Société Générale,FR,,,,,,,,,,,\n".encode("latin-1")

    report = run(data)

    assert problems(report) == [(3, None)]
    assert "not UTF-8" in report.errors[0].message
    with pytest.raises(CommandError):
        command(tmp_path, data)
    assert not CertificationBody.objects.exists()


def test_unclosed_quote_is_reported_where_the_record_starts():
    data = make_csv(row()) + b'"Open quote,DE\n,,,\n'

    report = run(data)

    assert problems(report) == [(3, None)]
    assert "never closed" in report.errors[0].message


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot open"):
        call_command("import_bodies", str(tmp_path / "missing.csv"))


def test_uploaded_and_text_files_are_accepted():
    upload = SimpleUploadedFile("bodies.csv", make_csv(row(), bom=True), "text/csv")

    assert import_bodies_csv(file=upload).bodies_created == 1
    text = io.StringIO(make_csv(bare(name="Text Body")).decode())
    assert import_bodies_csv(file=text).bodies_created == 1


class Bar:
    def __init__(self, log, **options):
        self.log, self.options, self.done = log, options, 0
        log.append(self)

    def update(self, n=1):
        self.done += n

    def close(self):
        pass


def test_progress_covers_every_byte_then_every_record():
    data = make_csv(row(), bare(name="Second"))
    bars = []

    run(data, progress=lambda **options: Bar(bars, **options))

    checking, writing = bars
    assert (checking.options["total"], checking.done) == (None, len(data))
    assert (writing.options["total"], writing.done) == (3, 3)


def test_a_nul_character_in_a_cell_is_reported_with_its_line_and_column():
    from bodies.csvio.format import COLUMNS
    from bodies.csvio.importer import import_bodies_csv

    header = ",".join(COLUMNS)
    report = import_bodies_csv(
        file=io.BytesIO(f"{header}\nBad\x00Name,DE,Berlin,,,,,,,,,,,,,\n".encode())
    )
    assert report.errors == [(2, "name", "contains a NUL character")]
