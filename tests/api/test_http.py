"""The API over HTTP: ETags and 304, the page cache, CORS for GET from any origin on /api/
only, no cookies, the per-address rate limit, and JSON errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.base import PublicAPIView
from search.views import BodyExportView
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
URLS = [
    "/api/v1/bodies/?standard=iso-9001",
    "/api/v1/bodies/tuv-nord/",
    "/api/v1/accreditation-bodies/",
    "/api/v1/accreditation-bodies/dakks/",
    "/api/v1/standards/",
    "/api/v1/standards/iso-9001/",
    "/api/v1/sectors/",
    "/api/v1/schema/",
]


@pytest.fixture
def directory():
    AccreditationFactory(body=CertificationBodyFactory(name="TÜV Nord", slug="tuv-nord"))


@pytest.mark.parametrize("url", URLS)
def test_an_unchanged_answer_is_304_not_modified(client, directory, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')
    cached = client.get(url)
    assert (cached["X-Cache"], cached["ETag"]) == ("hit", etag)
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"other", ' + etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_the_etag_changes_with_the_directory_and_the_request(client, directory):
    url = "/api/v1/bodies/?standard=iso-9001"
    etag = client.get(url)["ETag"]
    assert client.get(url + "&country=DE")["ETag"] != etag
    # Equal searches are one answer, whatever the query string looks like.
    assert client.get(url + "&country=").get("ETag") == etag
    CertificationBodyFactory(name="Another body")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_answers_are_cached_by_parsed_search(client, directory, django_assert_num_queries):
    client.get("/api/v1/bodies/?country=DE&standard=iso-9001")
    with django_assert_num_queries(1):  # the directory version
        hit = client.get("/api/v1/bodies/?standard=iso-9001&country=de&country=DE")
    assert hit["X-Cache"] == "hit"


@pytest.mark.parametrize("url", [*URLS, "/api/v1/nothing/"])
def test_any_origin_may_read_the_api(client, directory, url):
    response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_preflight_allows_reads_and_the_bulk_check(client):
    response = client.options(
        "/api/v1/bodies/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    # POST is the bulk check's (/api/v1/checks/), which writes nothing.
    methods = {"GET", "HEAD", "OPTIONS", "POST"}
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == methods


@pytest.mark.parametrize("url", ["/bodies/", "/admin/login/", "/", "/bodies/export.csv"])
def test_no_other_page_is_open_to_other_origins(client, url):
    response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("url", [*URLS, "/api/", "/api/v1/bodies/no-such-body/"])
def test_no_cookie_and_no_session(client, directory, url):
    response = client.get(url)
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_the_rate_limit_counts_every_answer_cached_or_not(client, directory, monkeypatch):
    monkeypatch.setattr(PublicAPIView, "rate_limit", ("api", 3, 60))
    answers = [client.get("/api/v1/standards/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[-1]["X-Cache"] == "hit"
    # One budget for the whole API; a browser on another site is told too.
    refused = client.get("/api/v1/bodies/", HTTP_ORIGIN="https://elsewhere.example")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    # An API client reads the reason as it reads every other API error.
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("Too many requests: at most 3 every 60 seconds.")
    assert refused["Access-Control-Allow-Origin"] == "*"
    other_address = client.get("/api/v1/bodies/", REMOTE_ADDR="192.0.2.99")
    assert other_address.status_code == 200


def test_the_body_list_as_csv_counts_against_the_export_budget_too(client, directory, monkeypatch):
    """The API's CSV is the export's file: it may not be had more often through the API."""
    monkeypatch.setattr(BodyExportView, "rate_limit", ("export", 2, 60))
    assert client.get("/bodies/export.csv").status_code == 200
    assert client.get("/api/v1/bodies/?format=csv").status_code == 200
    refused = client.get("/api/v1/bodies/?format=CSV")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("Too many requests: at most 2 every 60 seconds.")
    # JSON answers spend only the API's own budget.
    assert client.get("/api/v1/bodies/").status_code == 200
    assert client.get("/bodies/export.csv").status_code == 429


@pytest.mark.parametrize(
    ("value", "expected"), [("", (60, 60)), ("120/60", (120, 60)), (" 5/1 ", (5, 1))]
)
def test_the_rate_limit_comes_from_the_environment(value, expected):
    env = {**os.environ, "DJANGO_API_RATE_LIMIT": value}
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.API_RATE_LIMIT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "certdir.settings_test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == repr(expected)


def test_a_malformed_rate_limit_is_refused_at_start():
    env = {
        **os.environ,
        "DJANGO_API_RATE_LIMIT": "lots",
        "DJANGO_SETTINGS_MODULE": "certdir.settings_test",
    }
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DJANGO_API_RATE_LIMIT" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/bodies/no-such-body/",
        "/api/v1/accreditation-bodies/nobody/",
        "/api/v1/standards/iso-0000/",
        "/api/v1/nothing/",
        "/api/v2/bodies/",
        "/api/v1/bodies/a%20b/",
    ],
)
def test_not_found_is_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_the_api_takes_no_writes(client, directory):
    response = client.post("/api/v1/bodies/", {"name": "x"})
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def test_json_whatever_the_client_accepts(client, directory):
    response = client.get("/api/v1/standards/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
