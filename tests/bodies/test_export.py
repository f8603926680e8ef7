import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from bodies.csvio import exporter
from bodies.csvio.exporter import write_bodies_csv
from bodies.csvio.format import COLUMNS
from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

# The export starts with a UTF-8 byte-order mark, for spreadsheet programs.
HEADER = "\ufeff" + ",".join(COLUMNS) + "\r\n"


def export(bodies=None):
    out = io.StringIO(newline="")
    write_bodies_csv(out, CertificationBody.objects.all() if bodies is None else bodies)
    return out.getvalue()


def accredit(body, ab, number, **kwargs):
    kwargs.setdefault("granted_on", datetime.date(2020, 5, 1))
    kwargs.setdefault("valid_until", datetime.date(2026, 4, 30))
    return AccreditationFactory(
        body=body, accreditation_body=accreditation_body(ab), number=number, **kwargs
    )


def test_export_writes_one_row_per_accreditation_in_a_fixed_order():
    zeta = CertificationBodyFactory(
        name="Zeta Cert", country="GB", city="Leeds", website="https://zeta.example"
    )
    zeta.aliases = "Zeta Ltd\n\nAlpha Zeta"
    zeta.save()
    accredit(
        zeta,
        "ukas",
        "0042",
        standards=[standard("iso-iec-27001"), standard("iso-9001"), standard("iso-14001")],
        sectors=[28, 3, 12],
        scope_document_url="https://www.ukas.com/scope/0042.pdf",
        last_verified_on=datetime.date(2026, 3, 3),
    )
    accredit(
        zeta,
        "dakks",
        "D-ZM-1",
        casco_standard=standard("iso-iec-17065"),
        standards=[],
        status="suspended",
        valid_until=None,
    )
    CertificationBodyFactory(name="Alpha Lab", country="FR", city="", website="")

    assert export() == HEADER + (
        "Alpha Lab,FR,,,,,,,,,,,,,,\r\n"
        "Zeta Cert,GB,Leeds,https://zeta.example,Zeta Ltd;Alpha Zeta,DAkkS,D-ZM-1,"
        "ISO/IEC 17065,,,suspended,2020-05-01,,,,\r\n"
        "Zeta Cert,GB,Leeds,https://zeta.example,Zeta Ltd;Alpha Zeta,UKAS,0042,"
        "ISO/IEC 17021-1,ISO 14001;ISO 9001;ISO/IEC 27001,3;12;28,active,2020-05-01,2026-04-30,"
        "https://www.ukas.com/scope/0042.pdf,2026-03-03,2020-05-01\r\n"
    )


def test_cells_a_spreadsheet_would_evaluate_are_neutralised():
    body = CertificationBodyFactory(name="=HYPERLINK(1)", city="@Berlin", website="")
    body.aliases = "-minus\n'=quoted"
    body.save()
    accredit(body, "dakks", "+49")

    row = export().splitlines()[1]

    # Each alias is neutralised, not only the cell's start: "'=quoted" gets one more quote.
    assert row.startswith("'=HYPERLINK(1),DE,'@Berlin,,'-minus;''=quoted,DAkkS,'+49,")


def test_a_formula_after_a_separator_inside_a_cell_is_neutralised_and_round_trips():
    # A spreadsheet that splits cells on ",", ";", tabs or "|" would evaluate each piece.
    body = CertificationBodyFactory(
        name="Nordcert|+SUM(A1)", city="Berlin;=1+1", website="", country="DE"
    )
    body.aliases = "Nord, -cmd\nA\t@x\n'=kept\nPlain| =2"
    body.save()
    accredit(body, "dakks", "D-ZM-1;=HYPERLINK(1)")

    first = export()
    row = first.splitlines()[1]

    assert row.startswith(
        "Nordcert|'+SUM(A1),DE,Berlin;'=1+1,,\"Nord,' -cmd;A\t'@x;''=kept;Plain|' =2\","
        "DAkkS,D-ZM-1;'=HYPERLINK(1),"
    )
    CertificationBody.objects.all().delete()
    report = import_bodies_csv(file=io.BytesIO(first.encode()))
    assert report.ok, report.errors
    imported = CertificationBody.objects.get()
    assert (imported.name, imported.city) == ("Nordcert|+SUM(A1)", "Berlin;=1+1")
    assert imported.alias_list == ["Nord, -cmd", "A\t@x", "'=kept", "Plain| =2"]
    assert imported.accreditations.get().number == "D-ZM-1;=HYPERLINK(1)"
    assert export() == first


def test_round_trip_through_an_empty_database_gives_the_same_bytes():
    tricky = [
        ('Société "Qualité", Contrôle', "FR", "Saint-Étienne"),
        ("Multi\nLine\r\nCert", "DE", "Köln"),
        ("=SUM(A1)", "US", "+1 City"),
        ("'=already quoted", "US", "@home"),
        ("Plain Cert", "PL", "Łódź"),
        ("Plain Cert", "DE", ""),
    ]
    bodies = [
        CertificationBodyFactory(name=name, country=country, city=city)
        for name, country, city in tricky
    ]
    bodies[0].aliases = "SQC\nQualité, S.A."
    bodies[0].save()
    accredit(bodies[0], "cofrac", "4-0001", sectors=[1, 39])
    accredit(bodies[0], "ukas", "-12", standards=[], status="withdrawn", granted_on=None)
    accredit(bodies[1], "dakks", 'D-ZM-"7"', casco_standard=standard("iso-iec-17025"))
    accredit(bodies[4], "pca", "AC 001", status="expired", valid_until=None)
    first = export()

    CertificationBody.objects.all().delete()
    report = import_bodies_csv(file=io.BytesIO(first.encode()))

    assert report.ok, report.errors
    assert (report.bodies_created, report.accreditations_created) == (6, 4)
    assert export() == first
    assert CertificationBody.objects.get(country="US", city="+1 City").name == "=SUM(A1)"


def test_export_of_a_filtered_queryset_has_only_those_bodies_in_its_order():
    berlin = CertificationBodyFactory(name="Berlin Cert", city="Berlin")
    accredit(berlin, "dakks", "D-1")
    munich = CertificationBodyFactory(name="Munich Cert", city="München")
    accredit(munich, "dakks", "D-2")
    CertificationBodyFactory(name="Paris Cert", country="FR", city="Paris")
    filtered = (
        CertificationBody.objects.filter(country="DE")
        .annotate(accreditation_count=Count("accreditations"))
        .order_by("-accreditation_count", "-name")
    )

    rows = export(filtered).splitlines()[1:]

    assert [row.split(",")[0] for row in rows] == ["Munich Cert", "Berlin Cert"]
    assert [row.split(",")[6] for row in rows] == ["D-2", "D-1"]


def test_export_queries_do_not_grow_with_the_number_of_rows(django_assert_max_num_queries):
    for n in range(30):
        body = CertificationBodyFactory()
        accredit(body, "dakks", f"D-{n}", sectors=[n + 1])
        accredit(body, "ukas", f"U-{n}", standards=[standard("iso-9001"), standard("iso-45001")])

    with django_assert_max_num_queries(5):
        output = export()

    assert len(output.splitlines()) == 61


def test_export_queries_grow_only_with_the_number_of_chunks(
    monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exporter, "CHUNK_SIZE", 10)
    for n in range(25):
        accredit(CertificationBodyFactory(), "dakks", f"D-{n}")

    with django_assert_max_num_queries(1 + 4 * 3):
        output = export()

    assert len(output.splitlines()) == 26


def test_export_command_writes_a_file_or_standard_output(tmp_path):
    accredit(CertificationBodyFactory(name="Nordcert"), "dakks", "D-1")
    stdout = io.StringIO()
    path = tmp_path / "bodies.csv"

    call_command("export_bodies", stdout=stdout)
    call_command("export_bodies", str(path))

    assert stdout.getvalue() == export()
    assert path.read_bytes() == export().encode()
    assert path.read_bytes().count(b"\r\n") == 2
