"""/bodies/export.csv: the search's order, whole or not at all, kept per version, rate-limited."""

import csv
import gzip
import io

import pytest
from django.db import OperationalError
from django.test import Client

from bodies.csvio import exporter
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db


def rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    assert content.startswith("\ufeff".encode())  # a byte-order mark for spreadsheets
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def three_bodies():
    for name, country in (("Beta Cert", "DE"), ("Alpha Cert", "PL"), ("Gamma Cert", "AT")):
        AccreditationFactory(body=CertificationBodyFactory(name=name, country=country))


def test_the_export_keeps_the_requested_order(client, three_bodies):
    by_country = rows(client.get("/bodies/export.csv?sort=country"))
    assert [row["country"] for row in by_country] == ["AT", "DE", "PL"]
    by_name = rows(client.get("/bodies/export.csv"))
    assert [row["name"] for row in by_name] == ["Alpha Cert", "Beta Cert", "Gamma Cert"]


def test_the_export_says_its_length_and_compresses_for_clients_that_accept_it(client, three_bodies):
    plain = client.get("/bodies/export.csv")
    body = b"".join(plain.streaming_content)
    assert int(plain["Content-Length"]) == len(body)
    packed = client.get("/bodies/export.csv", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == body


def test_a_failed_export_is_an_error_never_a_truncated_file(client, three_bodies, monkeypatch):
    def fail(chunk):
        yield ["partial"]
        raise OperationalError("connection lost mid-export")

    monkeypatch.setattr(exporter, "_rows", fail)
    response = Client(raise_request_exception=False).get("/bodies/export.csv")
    assert response.status_code == 503
    assert b"partial" not in response.content


def test_a_second_export_of_the_same_version_runs_no_search(
    client, three_bodies, django_assert_max_num_queries
):
    first = rows(client.get("/bodies/export.csv?country=DE"))
    with django_assert_max_num_queries(1):  # the directory version
        again = rows(client.get("/bodies/export.csv?country=de"))
    assert again == first
    CertificationBodyFactory(name="Delta Cert", country="DE")
    assert len(rows(client.get("/bodies/export.csv?country=DE"))) == 2


@pytest.mark.parametrize("method", ["options", "trace", "post", "put", "delete"])
def test_only_get_and_head_run_an_export(client, three_bodies, method, monkeypatch):
    monkeypatch.setattr(exporter, "_rows", lambda chunk: pytest.fail("export ran"))
    response = getattr(client, method)("/bodies/export.csv")
    assert response.status_code == 405


def test_exports_are_rate_limited_per_client_address(client, three_bodies):
    for _ in range(10):
        assert client.get("/bodies/export.csv", REMOTE_ADDR="192.0.2.10").status_code == 200
    refused = client.get("/bodies/export.csv", REMOTE_ADDR="192.0.2.10")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert client.get("/bodies/export.csv", REMOTE_ADDR="192.0.2.11").status_code == 200
    # Pages are not limited.
    assert client.get("/bodies/", REMOTE_ADDR="192.0.2.10").status_code == 200


def test_the_excel_export_has_the_same_rows_a_bold_frozen_header_and_no_formulas(
    client, three_bodies
):
    from openpyxl import load_workbook

    from tests.factories import CertificationBodyFactory

    CertificationBodyFactory(name="Formula Cert", city="=HYPERLINK(1)", country="DE")
    csv_rows = rows(client.get("/bodies/export.csv?sort=country"))
    response = client.get("/bodies/export.xlsx?sort=country")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    header, *body = values
    assert header == list(csv_rows[0].keys())
    assert body == [list(row.values()) for row in csv_rows]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)
    assert "'=HYPERLINK(1)" in [row[2] for row in body]


def test_a_semicolon_separated_file_imports_and_says_so():
    from bodies.csvio.format import COLUMNS
    from bodies.csvio.importer import import_bodies_csv

    data = ";".join(COLUMNS) + "\r\nŁódź Cert;PL;Łódź;;;;;;;;;;;;;\r\n"
    report = import_bodies_csv(file=io.BytesIO(data.encode()))
    assert report.ok, report.errors
    assert report.bodies_created == 1
    assert "separated by “;”" in report.summary()
