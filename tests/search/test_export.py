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
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


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
