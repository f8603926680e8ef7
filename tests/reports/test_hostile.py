"""Hostile values in every field of the report form never give a 5xx, and are escaped."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.models import Report
from tests.compare.test_page import accredited
from tests.security.test_hostile_input import hostile_text

pytestmark = pytest.mark.django_db

SLOW_OK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Each example another client address, so that the form's rate limit (five a window per
# address) never answers for it.
addresses = (f"198.51.100.{i % 250}" for i in itertools.count())


@pytest.fixture
def two(db):
    return [accredited("Alpha Cert", ["iso-9001"]), accredited("Beta Cert", ["iso-14001"])]


@SLOW_OK
@given(
    problem=st.one_of(hostile_text, st.sampled_from(Report.Problem.values)),
    details=hostile_text,
    source=hostile_text,
    email=hostile_text,
    trap=st.one_of(st.just(""), hostile_text),
)
def test_report_form_never_fails_and_stores_only_clean_values(
    client, two, problem, details, source, email, trap
):
    data = {
        "problem": problem,
        "details": details,
        "source_url": source,
        "email": email,
        "nickname": trap,
    }
    before = Report.objects.count()
    response = client.post("/bodies/alpha-cert/report/", data, REMOTE_ADDR=next(addresses))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Report.objects.count() == before
        assert b"<script>alert(1)</script>" not in response.content
    for report in Report.objects.all():
        assert "\x00" not in report.details
        assert len(report.details) <= 2000


@pytest.mark.parametrize("slug", ["%00", "a" * 500, "..%2F..", "%3Cscript%3E"])
def test_hostile_body_addresses_of_the_form_are_404s(client, db, slug):
    assert client.get(f"/bodies/{slug}/report/").status_code == 404
    assert client.post(f"/bodies/{slug}/report/", {}).status_code == 404
