"""Public pages: content, query counts that do not grow with the data, hostile input."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

# Directory version (1), the page (1) and its accreditations (1; their scope comes from
# the search index), and the text match when there is a query (1). Once per directory
# version and process, the search index (3, and 2 for recognition by scope: recognition
# records and their sub-scopes, judged with the reference data's accreditation bodies and
# CASCO standards) and the reference data (3) are loaded too; once per directory version,
# whether any demo record exists (1, for
# the site-wide notice; the cache that keeps it is cleared between the two pages below).
# The index is read in one snapshot, which reads the version again inside it (1); in a test
# that snapshot is a savepoint of the test's transaction (2 more, SAVEPOINT and RELEASE).
LIST_QUERIES = 4
LIST_QUERIES_COLD = 15
# The first body page at a directory version: the body, its accreditations, their scope
# (standards and sectors in one query) and events, the directory version, every
# recognition record and their sub-scopes (3), the reference rows (standards, sectors,
# accreditation bodies: 3) and whether any demo record exists (1). The last three are
# kept per directory version, so later body pages skip them.
DETAIL_QUERIES = 12
DETAIL_QUERIES_LATER = 5


def make_bodies(n, status="active", prefix="Zertifizierung"):
    bodies = []
    for i in range(n):
        body = CertificationBodyFactory(name=f"{prefix} {i:03}", country="DE")
        AccreditationFactory(
            body=body, status=status, standards=[standard("iso-9001"), standard("iso-14001")]
        )
        AccreditationFactory(
            body=body,
            status=status,
            accreditation_body=accreditation_body("ukas"),
            standards=[standard("iso-iec-27001")],
            sectors=[33, 35],
        )
        bodies.append(body)
    return bodies


class TestSearchPage:
    URL = "/bodies/"

    def test_lists_bodies_with_accreditations_in_short(self, client):
        make_bodies(2)
        response = client.get(self.URL)
        assertContains(response, "2 bodies found")
        assertContains(response, "Zertifizierung 000")
        scope = '<span class="result__scope">: {}</span>'
        assertContains(response, scope.format("ISO 14001, ISO 9001"), count=2)
        assertContains(response, scope.format("ISO/IEC 27001"), count=2)
        assertContains(response, "IAF MLA")
        assertContains(response, 'Germany <span class="count">(2)</span>', html=False)

    @pytest.mark.parametrize("n", [1, 30])
    @pytest.mark.parametrize(
        "query",
        [
            "",
            "?q=zertifizierung&standard=iso-iec-27001&casco=iso-iec-17021-1"
            "&ab=dakks&ab=ukas&sector=33&country=DE&status=accredited&sort=updated",
            "?standard=iso-9001&standard=iso-iec-27001&status=suspended",
            "?status=unaccredited&country=DE&country=FR",
        ],
    )
    def test_query_count_does_not_grow_with_results(
        self, client, django_assert_num_queries, n, query
    ):
        make_bodies(n)
        make_bodies(n, status="suspended", prefix="Ausgesetzt")
        for i in range(n):
            CertificationBodyFactory(name=f"Unaccredited {i}", country="FR")
        with django_assert_num_queries(LIST_QUERIES_COLD + ("q=" in query)):
            client.get(self.URL + query)
        # The page again, uncached, once the search index and reference data are loaded;
        # the index keeps the text's matches, so the text costs no query the second time.
        cache.clear()
        with django_assert_num_queries(LIST_QUERIES):
            response = client.get(self.URL + query)
        assert response.status_code == 200
        assert response.context["search"].page.object_list

    def test_pagination_keeps_filters(self, client):
        make_bodies(27)
        response = client.get(self.URL + "?standard=iso-9001&country=DE")
        assertContains(response, 'href="?standard=iso-9001&amp;country=DE&amp;page=2"')
        page2 = client.get(self.URL + "?standard=iso-9001&country=DE&page=2")
        assertContains(page2, "Zertifizierung 026")
        assertNotContains(page2, "Zertifizierung 000")

    def test_empty_state_helps(self, client):
        response = client.get(self.URL + "?q=nothing-matches-this")
        assertContains(response, "No bodies match this search")

    @pytest.mark.parametrize(
        "query",
        [
            "?standard=iso-9999&status=approved",
            "?page=-5",
            "?page=999999999999999999999999",
            "?sector=%00&country=%FF%FE",
            "?q=" + "x" * 100_000,
            "?sort=name&sort=country",
        ],
    )
    def test_hostile_values_render_and_say_what_was_ignored(self, client, query):
        response = client.get(self.URL + query)
        assert response.status_code == 200
        assertContains(response, "Some of the search was not used")

    def test_names_are_escaped(self, client):
        CertificationBodyFactory(
            name="<script>alert(1)</script>", city='"><img src=x onerror=alert(1)>'
        )
        response = client.get(self.URL)
        assertNotContains(response, "<script>alert(1)</script>")
        assertNotContains(response, "<img src=x")
        assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


class TestExport:
    def rows(self, response):
        text = b"".join(response.streaming_content if response.streaming else [response.content])
        return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))

    def test_exports_every_page_of_the_search_one_row_per_accreditation(self, client):
        make_bodies(30)
        CertificationBodyFactory(name="Elsewhere", country="FR")
        response = client.get("/bodies/export.csv?country=DE&standard=iso-9001")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = self.rows(response)
        assert len(rows) == 60
        assert {row["name"] for row in rows} == {f"Zertifizierung {i:03}" for i in range(30)}


class TestBodyPage:
    def test_shows_accreditations_and_a_verdict_per_standard(self, client):
        body = make_bodies(1)[0]
        response = client.get(body.get_absolute_url())
        assertContains(response, "<h1>Zertifizierung 000</h1>", html=True)
        assertContains(
            response,
            "Accredited for ISO 9001 and ISO 14001 by DAkkS (Germany), whose signature of the "
            "IAF MLA — now continued under the Global Accreditation Cooperation’s arrangement — "
            "covers management-system certification, valid until",
        )
        assertContains(response, "Accredited for ISO/IEC 27001 by UKAS (United Kingdom)")
        assertContains(response, 'href="/accreditation-bodies/ukas/"')

    def test_expired_accreditation_says_so(self, client):
        body = CertificationBodyFactory()
        ended = timezone.localdate() - datetime.timedelta(days=3)
        AccreditationFactory(
            body=body, valid_until=ended, granted_on=ended - datetime.timedelta(days=900)
        )
        response = client.get(body.get_absolute_url())
        assertContains(response, "Not currently accredited for ISO 9001")
        assertContains(response, "past its valid-until date")

    def test_unaccredited_body_is_not_called_disreputable(self, client):
        body = CertificationBodyFactory()
        response = client.get(body.get_absolute_url())
        assertContains(response, "not necessarily disreputable")

    @pytest.mark.parametrize("n", [1, 5])
    def test_query_count_does_not_grow_with_accreditations(
        self, client, django_assert_num_queries, n
    ):
        body, other = CertificationBodyFactory(), CertificationBodyFactory()
        AccreditationFactory(body=other, sectors=[1])
        for _ in range(n):
            AccreditationFactory(body=body, sectors=[1, 2, 3])
        with django_assert_num_queries(DETAIL_QUERIES):
            assert client.get(other.get_absolute_url()).status_code == 200
        with django_assert_num_queries(DETAIL_QUERIES_LATER):
            assert client.get(body.get_absolute_url()).status_code == 200

    def test_unknown_body_is_404(self, client):
        assert client.get("/bodies/no-such-body/").status_code == 404


class TestReferencePages:
    @pytest.mark.parametrize(
        ("url", "text", "queries"),
        [
            # The directory version (page cache), then the page's own rows. The home
            # page counts from the search index, loaded once per directory version
            # (warmed below); the reference pages count in SQL, one grouped query a kind.
            ("/", "Popular standards", 2),
            ("/accreditation-bodies/", "JAS-ANZ", 3),
            # An accreditation body's page also reads its recognition records and their
            # sub-scopes (2).
            ("/accreditation-bodies/ukas/", "United Kingdom Accreditation Service", 8),
            ("/standards/", "ISO/IEC 17021-1", 4),
            ("/standards/iso-9001/", "Quality management systems", 3),
            (
                "/standards/iso-iec-17025/",
                "Testing and calibration laboratories are accredited against",
                3,
            ),
        ],
    )
    def test_pages_render_with_fixed_queries(
        self, client, django_assert_num_queries, url, text, queries
    ):
        make_bodies(3)
        client.get("/bodies/")
        with django_assert_num_queries(queries):
            response = client.get(url)
        assertContains(response, text)

    def test_home_links_the_most_represented_countries(self, client):
        make_bodies(2)
        CertificationBodyFactory(country="FR")
        response = client.get("/")
        assertContains(response, '<a href="/bodies/?country=DE">Germany', html=False)
        assertContains(response, "2 bodies")
        assertContains(response, "1 body<")

    def test_accreditation_body_page_links_into_the_search(self, client):
        make_bodies(2)
        response = client.get(reverse("accreditation_bodies:detail", args=["ukas"]))
        assertContains(response, "/bodies/?ab=ukas&amp;status=accredited")
        assertContains(response, "2 currently accredited")

    def test_not_confirmed_is_never_shown_as_no(self, client):
        # No source at hand confirms EMA's signature, either way.
        response = client.get("/accreditation-bodies/ema/")
        assertContains(response, "Not confirmed")
        assertNotContains(response, "Not a signatory")

    def test_standard_page_counts_accredited_bodies(self, client):
        make_bodies(3)
        response = client.get("/standards/iso-iec-27001/")
        assertContains(response, "3 bodies are currently accredited for ISO/IEC 27001")
