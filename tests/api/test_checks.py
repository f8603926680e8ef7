"""POST /api/v1/checks/: the page's bulk check with JSON, and its limits."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.checks.scenario import directory  # noqa: F401  (a fixture)
from tests.checks.test_check import CASES

pytestmark = pytest.mark.django_db

URL = "/api/v1/checks/"


def post(client, payload, **extra):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **extra)


def test_url():
    assert reverse("api:checks") == URL


@pytest.mark.usefixtures("directory")
def test_each_row_gets_the_pages_verdict_in_order(client, django_assert_max_num_queries):
    rows = [
        dict(zip(("body", "standard", "country", "date"), case, strict=True)) for case, _ in CASES
    ]
    with django_assert_max_num_queries(20):
        response = post(client, {"rows": rows})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["verdict"] for r in results] == [expected[0] for _, expected in CASES]
    assert [r["input"]["body"] for r in results] == [row["body"] for row in rows]
    first = results[0]
    assert first["body"]["url"] == "http://testserver/bodies/" + first["body"]["slug"] + "/"
    assert first["accreditation_body"]["acronym"] == "UKAS"
    assert first["arrangement"] == "IAF MLA"
    assert first["sentence"].startswith(
        "Bureau Kestrel (GB): On 31 December 2023: accredited for ISO 9001 by UKAS"
    )
    assert [c["country"] for c in results[10]["candidates"]] == ["ES", "FR"]
    assert "set-cookie" not in {k.lower() for k in response.headers}


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({"rows": []}, "rows: "),
        ({}, "rows: "),
        ({"rows": [{"standard": "ISO 9001"}]}, "rows[0].body: "),
        (
            {"rows": [{"body": "X", "standard": "ISO 9001", "date": "soon"}]},
            "rows[0]: “soon” is not a date",
        ),
        (
            {"rows": [{"body": "X", "standard": "ISO 9999"}]},
            "rows[0]: “ISO 9999” is not a standard",
        ),
        ({"rows": [{"body": "X", "standard": "ISO 9001"}] * 1001}, "rows: "),
    ],
)
@pytest.mark.usefixtures("directory")
def test_bad_requests_are_400_with_each_problem_named(client, payload, problem):
    response = post(client, payload)
    assert response.status_code == 400
    assert any(p.startswith(problem) for p in response.json()["problems"]), response.json()


def test_not_json_is_a_clear_400(client):
    response = post(client, "{not json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


@pytest.mark.usefixtures("directory")
def test_needs_no_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert (
        post(client, {"rows": [{"body": "Bureau Kestrel", "standard": "ISO 9001"}]}).status_code
        == 200
    )


def test_large_bodies_are_refused_before_reading(client):
    response = post(client, "x" * (1024 * 1024 + 1))
    assert response.status_code == 413


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "checks-rl",
        }
    }
)
@pytest.mark.usefixtures("directory")
def test_checks_are_rate_limited(client, monkeypatch):
    from api.checks import CheckView

    monkeypatch.setattr(CheckView, "rate_limit", ("check-test", 2, 60))
    payload = {"rows": [{"body": "Bureau Kestrel", "standard": "ISO 9001"}]}
    codes = [post(client, payload).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
