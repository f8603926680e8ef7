"""Property-based tests: arbitrary values in every public GET parameter and path never give a 5xx.

Hypothesis throws random text, NUL bytes, invalid UTF-8, 100,000-character strings,
huge and negative page numbers, repeated parameters, and SQL and HTML fragments at the
public pages; invalid search values must be shown as ignored, never fail the page.
"""

import itertools
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django_countries import countries
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.models import AccreditationBody, Standard

pytestmark = pytest.mark.django_db

SEARCH_PARAMS = ["q", "standard", "casco", "ab", "sector", "country", "status", "sort", "page"]
CHOICE_PARAMS = ["standard", "casco", "ab", "sector", "country", "status", "sort"]
NOT_USED = "Some of the search was not used"
FRAGMENTS = [
    "'",
    '"',
    "' OR 1=1 --",
    "'; DROP TABLE bodies_certificationbody; --",
    "1 UNION SELECT password FROM auth_user",
    "%",
    "_",
    "\\",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "../../etc/passwd",
    "\u202e\u200b\ufeff",
    "\U0001d518\U0001d52b\U0001d526 \u2603 \U0001f642",  # Fraktur, snowman, emoji
    "x" * 100_000,
    "9" * 400,
    "-1",
    "0",
    "-99999999999999999999",
    "1e308",
    "NaN",
    " ",
]

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(FRAGMENTS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map("".join),
)
# Raw bytes go percent-encoded, so many of them are not UTF-8 once decoded.
raw_bytes = st.binary(max_size=200).map(quote_from_bytes)
param_name = st.one_of(st.sampled_from(SEARCH_PARAMS), st.text(min_size=1, max_size=20))
pairs = st.lists(st.tuples(param_name, hostile_text), max_size=8)

HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def query(pairs_, raw=()):
    parts = [urlencode(pairs_)] if pairs_ else []
    parts += [f"{name}={value}" for name, value in raw]
    return "&".join(parts)


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


ADDRESSES = itertools.count()


@HYPOTHESIS
@given(pairs=pairs, raw=st.lists(st.tuples(st.sampled_from(SEARCH_PARAMS), raw_bytes), max_size=3))
def test_search_and_export_never_fail(client, directory, pairs, raw):
    query_string = query(pairs, raw)
    # Another client address for each example: the export's rate limit is tested elsewhere.
    address = f"198.51.100.{next(ADDRESSES) % 250 + 1}"
    for path in ("/bodies/", "/bodies/export.csv", "/"):
        response = client.get(path, QUERY_STRING=query_string, REMOTE_ADDR=address)
        assert response.status_code == 200, (path, query_string[:300])
        content_of(response)


@HYPOTHESIS
@given(raw=st.binary(max_size=300))
def test_raw_bytes_in_the_query_string_never_fail(client, directory, raw):
    # WSGI passes the query string as bytes decoded as latin-1: any byte can arrive.
    response = client.get("/bodies/", QUERY_STRING=raw.decode("latin-1"))
    assert response.status_code == 200


def valid_choices():
    standards = Standard.objects.all()
    return {
        "standard": {s.slug for s in standards if not s.is_casco},
        "casco": {s.slug for s in standards if s.is_casco},
        "ab": set(AccreditationBody.objects.values_list("slug", flat=True)),
        "sector": {str(n) for n in range(1, 40)},
        "country": set(countries.countries),
        "status": {"accredited", "suspended", "withdrawn", "expired", "unaccredited"},
        "sort": {"relevance", "name", "country", "updated"},
    }


@HYPOTHESIS
@given(param=st.sampled_from(CHOICE_PARAMS), value=hostile_text, data=st.data())
def test_invalid_values_are_shown_as_ignored(client, directory, param, value, data):
    valid = valid_choices()[param]
    cleaned = value.strip().upper() if param == "country" else value.strip()
    if not cleaned or cleaned in valid:
        return
    repeated = data.draw(st.integers(min_value=1, max_value=3))
    response = client.get("/bodies/", QUERY_STRING=urlencode([(param, value)] * repeated))
    assert response.status_code == 200
    assert NOT_USED in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "-99999999999999999999", "10" * 50, "two", "1e3"])
def test_page_numbers_out_of_range_show_a_page_and_say_so(client, directory, page):
    response = client.get("/bodies/", {"page": page})
    assert response.status_code == 200
    assert NOT_USED in response.content.decode()


def test_every_parameter_repeated_and_combined(client, directory):
    pairs_ = [(param, value) for param in SEARCH_PARAMS for value in ("1", "iso-9001", "DE")]
    response = client.get("/bodies/", QUERY_STRING=urlencode(pairs_ * 30))
    assert response.status_code == 200


def test_more_than_a_thousand_parameters_is_a_bad_request(client, directory):
    response = client.get("/bodies/", QUERY_STRING="&".join(["q=a"] * 1001))
    assert response.status_code == 400
    assert b"Bad request" in response.content


@HYPOTHESIS
@given(
    prefix=st.sampled_from(["/bodies/", "/standards/", "/accreditation-bodies/", "/"]),
    segment=st.one_of(hostile_text.filter(lambda s: len(s) < 5000), raw_bytes),
)
def test_any_path_is_a_page_or_a_404(client, directory, prefix, segment):
    path = prefix + (segment if "%" in segment else quote(segment, safe=""))
    for suffix in ("/", ""):
        response = client.get(path + suffix)
        assert response.status_code < 500, path[:300]
        if response.status_code == 404:
            assert b"Page not found" in response.content


def test_a_100000_character_path_is_a_404(client, directory):
    response = client.get("/bodies/" + "a" * 100_000 + "/")
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/healthz", "/standards/", "/accreditation-bodies/"])
@HYPOTHESIS
@given(pairs=pairs)
def test_other_public_pages_ignore_any_parameter(client, directory, path, pairs):
    assert client.get(path, QUERY_STRING=query(pairs)).status_code == 200
