"""/api/v1/bodies/<slug>/?on=YYYY-MM-DD: the verdicts as they stood on that date, and timelines."""

import pytest
from django.utils import timezone

from tests.checks.scenario import directory  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory")]


def kestrel_url():
    from bodies.models import CertificationBody

    return f"/api/v1/bodies/{CertificationBody.objects.get(name='Bureau Kestrel').slug}/"


def detail(client, on=None):
    return client.get(kestrel_url(), {"on": on} if on is not None else {})


@pytest.mark.parametrize(
    ("on", "status", "start"),
    [
        ("2024-02-29", "active", "On 29 February 2024: accredited for ISO 9001 by UKAS"),
        ("2024-06-30", "suspended", "On 30 June 2024: the accreditation for ISO 9001 by UKAS"),
        ("2024-09-15", "active", "On 15 September 2024: accredited for ISO 9001 by UKAS"),
    ],
)
def test_verdicts_on_a_date(client, on, status, start):
    data = detail(client, on).json()
    assert data["on"] == on
    [verdict] = data["verdicts"]
    assert (verdict["status"], verdict["sentence"][: len(start)]) == (status, start)
    # The record itself is today's.
    assert data["accreditations"][0]["effective_status"] == "active"


def test_before_the_grant_there_is_no_verdict(client):
    data = detail(client, "2019-12-31").json()
    assert data["verdicts"] == []
    assert data["summary"]["tone"] == "unaccredited"


def test_today_by_default_with_the_timeline(client, django_assert_num_queries):
    url = kestrel_url()
    # As /api/v1/bodies/<slug>/ costs (tests/api/test_bodies.py::test_one_body): 5, and
    # the recognition records and the reference rows read once per directory version (3 + 3).
    with django_assert_num_queries(11):
        data = client.get(url).json()
    assert data["on"] == timezone.localdate().isoformat()
    timeline = data["accreditations"][0]["timeline"]
    assert [(e["kind"], e["effective_on"]) for e in timeline] == [
        ("granted", "2020-01-10"),
        ("suspended", "2024-03-01"),
        ("reinstated", "2024-09-15"),
    ]
    assert timeline[1]["text"] == "Suspended on 1 March 2024."


@pytest.mark.parametrize(
    ("on", "problem"),
    [("soon", "“soon” is not a date"), ("2024-02-30", "is not a date"), ("2999-01-01", "future")],
)
def test_a_bad_date_is_ignored_and_said(client, on, problem):
    response = detail(client, on)
    assert response.status_code == 200
    data = response.json()
    [ignored] = data["ignored"]
    assert (ignored["param"], ignored["value"]) == ("on", on)
    assert problem in ignored["reason"]
    assert data["on"] == timezone.localdate().isoformat()


def test_each_date_is_cached_apart(client):
    assert detail(client, "2024-06-30").json()["verdicts"][0]["status"] == "suspended"
    assert detail(client, "2024-09-15").json()["verdicts"][0]["status"] == "active"
    assert detail(client, "2024-06-30").json()["verdicts"][0]["status"] == "suspended"
