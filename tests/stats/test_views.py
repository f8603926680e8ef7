"""/statistics/: the page, its links to searches, its CSV files and its queries."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.utils import timezone

from accreditation.models import DirectoryVersion
from tests.factories import AccreditationFactory, CertificationBodyFactory, accreditation_body
from tests.factories import standard as standard_named

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r'<tr><th scope="row"><a href="(?P<url>[^"]+)">(?P<label>[^<]+)</a>.*?'
    r'<td class="num">(?P<count>[\d,]+)</td></tr>'
)
FOUND = re.compile(r"([\d,]+) bod(?:y|ies) found")


@pytest.fixture
def directory():
    today = timezone.localdate()
    for n, (country, ab, status) in enumerate(
        [
            ("DE", "dakks", "active"),
            ("DE", "dakks", "suspended"),
            ("DE", "ukas", "active"),
            ("FR", "cofrac", "active"),
            ("FR", "cofrac", "withdrawn"),
            ("GB", "ukas", "active"),
        ]
    ):
        AccreditationFactory(
            body=CertificationBodyFactory(country=country),
            accreditation_body=accreditation_body(ab),
            status=status,
            standards=[standard_named("iso-9001" if n % 2 else "iso-14001")],
            granted_on=datetime.date(2019 + n % 3, 5, 1),
            valid_until=today + datetime.timedelta(days=40 * n),
        )
    CertificationBodyFactory(country="PL")


def table_rows(html):
    return [
        (unescape(m["url"]), m["label"], int(m["count"].replace(",", "")))
        for m in ROW.finditer(html)
    ]


def found(client, url):
    return int(FOUND.search(client.get(url).content.decode()).group(1).replace(",", ""))


@pytest.mark.parametrize(
    "query", ["", "?standard=iso-9001", "?country=DE", "?status=suspended&ab=dakks", "?q=example"]
)
def test_every_number_in_the_tables_is_the_count_of_the_search_it_links_to(
    client, directory, query
):
    response = client.get(f"/statistics/{query}")
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert len(rows) > 10
    for url, label, count in rows:
        assert url.startswith("/bodies/?")
        assert found(client, url) == count, (url, label)


def test_the_page_draws_the_map_and_every_chart_with_titles(client, directory):
    html = client.get("/statistics/").content.decode()
    for slug in ["countries", "standards", "accreditation-bodies", "kinds", "statuses"]:
        assert f'href="/statistics/{slug}.csv?' in html
    for slug in ["map", "standards", "accreditation-bodies", "kinds", "statuses", "expiring"]:
        assert f'aria-labelledby="{slug}-title" aria-describedby="{slug}-desc"' in html
        assert f'<title id="{slug}-title">' in html
    # Germany has the most accredited bodies: the darkest shade, linked to its search.
    assert re.search(
        r'<a href="/bodies/\?country=DE&amp;status=accredited" tabindex="-1"><path class="map-5"',
        html,
    )
    assert "style=" not in html and "<style" not in html


def test_a_search_with_a_filter_links_its_statistics_and_back(client, directory):
    search = client.get("/bodies/?standard=iso-9001&country=DE").content.decode()
    assert 'href="/statistics/?standard=iso-9001&amp;country=DE"' in search
    page = client.get("/statistics/?standard=iso-9001&country=DE").content.decode()
    assert "Statistics of this search" in page
    assert "Country: Germany" in page


def test_bad_values_are_said_and_left_out(client, directory):
    response = client.get("/statistics/?standard=iso-9999&expires=2026-13&granted=soon")
    assert response.status_code == 200
    html = response.content.decode()
    for value in ["standard=iso-9999", "expires=2026-13", "granted=soon"]:
        assert value in html


def test_each_chart_downloads_as_csv(client, directory):
    response = client.get("/statistics/accreditation-bodies.csv?country=DE")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="certdir-statistics-accreditation-bodies-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["ab", "label", "bodies", "search"]
    assert rows[1] == [
        "dakks",
        "DAkkS",
        "1",
        "http://testserver/bodies/?ab=dakks&country=DE&status=accredited",
    ]
    assert client.get("/statistics/nothing.csv").status_code == 404


def test_queries_once_the_index_is_built_and_when_cached(
    client, directory, django_assert_num_queries
):
    # The first page of a directory version reads the reference data and builds the
    # search index (the search package's queries); every later one asks the index.
    assert client.get("/statistics/?standard=iso-9001").status_code == 200
    # Another search: the version only; the index answers the rest.
    with django_assert_num_queries(1):
        assert client.get("/statistics/?country=FR").status_code == 200
    # A text query costs one query to find the text.
    with django_assert_num_queries(2):
        assert client.get("/statistics/?q=example").status_code == 200
    with django_assert_num_queries(1):
        response = client.get("/statistics/?standard=iso-9001")
    assert response["X-Cache"] == "hit"


def test_cached_statistics_follow_every_write(client, directory):
    before = client.get("/statistics/?country=PL").content.decode()
    assert 'Accredited: <span class="key-numbers__count">0</span>' in before
    version = DirectoryVersion.current()
    AccreditationFactory(body=CertificationBodyFactory(country="PL", name="Nowa Cert"))
    assert DirectoryVersion.current() != version
    after = client.get("/statistics/?country=PL").content.decode()
    assert 'Accredited: <span class="key-numbers__count">1</span>' in after
