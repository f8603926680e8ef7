"""Hostile values for every new parameter and form field never give a 5xx, and are escaped."""

import itertools
from urllib.parse import quote_from_bytes, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.compare.test_page import accredited
from tests.security.test_hostile_input import FRAGMENTS, hostile_text

pytestmark = pytest.mark.django_db

SLOW_OK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Each example another client address, so that the API's rate limit never answers for it.
addresses = (f"198.51.100.{i % 250}" for i in itertools.count())


@pytest.fixture
def two(db):
    return [accredited("Alpha Cert", ["iso-9001"]), accredited("Beta Cert", ["iso-14001"])]


values = st.one_of(hostile_text, st.sampled_from(["alpha-cert", "beta-cert"]))
params = st.lists(
    st.tuples(st.sampled_from(["body", "format", "BODY", "body[]"]), values), max_size=30
)


@SLOW_OK
@given(pairs=params, raw=st.binary(max_size=80).map(quote_from_bytes))
def test_compare_page_and_api_never_fail(client, two, pairs, raw):
    query = urlencode(pairs) + f"&body={raw}&format={raw}"
    for path in ("/compare/", "/api/v1/compare/"):
        response = client.get(f"{path}?{query}", REMOTE_ADDR=next(addresses))
        assert response.status_code == 200, (path, query[:200])
        if path == "/compare/" and response["Content-Type"].startswith("text/html"):
            assert b"<script>alert(1)" not in response.content


def test_every_fragment_as_a_slug_is_named_escaped_and_ignored(client, two):
    for fragment in FRAGMENTS:
        query = urlencode([("body", "alpha-cert"), ("body", fragment), ("body", "beta-cert")])
        response = client.get(f"/compare/?{query}")
        assert response.status_code == 200, fragment[:40]
        assert response.context["comparison"].slugs == ["alpha-cert", "beta-cert"]
        assert b"<script>alert(1)</script>" not in response.content
        assert b'"><img src=x' not in response.content
