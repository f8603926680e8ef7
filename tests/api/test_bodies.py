"""/api/v1/bodies/: the search of /bodies/ (same parameters, bodies, order, facets and ignored
values), paged by cursor, as CSV, and one body with its accreditations and verdicts."""

import csv
import gzip
import io

import pytest
from django.core.cache import cache

from accreditation.models import Accreditation, AccreditationStandard
from bodies.models import CertificationBody
from search.criteria import SORT_CHOICES
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)
from tests.search.test_search import accredit, bodies  # noqa: F401 (the search's fixture)

pytestmark = pytest.mark.django_db

# The search contract's cases (tests/search/test_search.py), hostile values included.
CASES = [
    "",
    "q=tuv",
    "q=4-0012",
    "q=bc+polska",
    "q=nord&sort=relevance",
    "standard=iso-9001&status=accredited",
    "standard=iso-iec-27001&ab=dakks",
    "standard=iso-iec-27001&ab=ukas",
    "standard=iso-9001&standard=iso-14001",
    "standard=iso-9001&standard=iso-iec-27001&status=accredited",
    "ab=cofrac&ab=pca",
    "sector=33",
    "sector=28&sector=33&standard=iso-9001",
    "casco=iso-iec-17025",
    "ab=ukas&status=suspended",
    "status=expired",
    "status=unaccredited&standard=iso-9001",
    "country=PL&country=fr",
    "recognised=yes",
    "q=iso+9001+germany",
    "q=iso+9001+germany&literal=yes",
    "standard=iso-27001&country=PL",
    "standard=bogus&standard=iso-14001",
    "country=XX&status=approved&sort=random&sector=40",
    "q=%00tuv%00",
    *(f"sort={sort}" for sort, _ in SORT_CHOICES),
]


def api(client, query="", **headers):
    response = client.get(f"/api/v1/bodies/?{query}", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def html_page(client, query):
    """What /bodies/ shows for ``query``: its SearchPage (the context of a fresh render)."""
    cache.clear()
    response = client.get(f"/bodies/?{query}")
    assert response.status_code == 200
    return response.context["search"]


def test_the_api_answers_as_the_search_page(client, bodies):  # noqa: F811
    for query in CASES:  # one directory for every case: they only read it
        page = html_page(client, query)
        answer = api(client, query)
        assert [body["slug"] for body in answer["results"]] == [
            body.slug for body in page.page.object_list
        ], query
        assert answer["count"] == page.page.paginator.count, query
        assert answer["ignored"] == [
            {
                "param": note.param,
                "value": note.value,
                "reason": note.reason,
                "suggestion": note.suggestion,
                "suggestion_label": note.suggestion_label,
            }
            for note in page.ignored
        ], query
        assert answer["understood"] == (page.understood or None), query


@pytest.mark.parametrize("query", ["", "standard=iso-9001&status=accredited", "country=PL"])
def test_facets_are_the_pages_own(client, bodies, query):  # noqa: F811
    page = html_page(client, query)
    answer = api(client, f"{query}&facets=1")
    assert answer["facets"] == [
        {
            "param": facet.param,
            "label": facet.legend,
            "multiple": facet.multiple,
            "options": [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in facet.options
            ],
        }
        for facet in page.facet_result.facets
    ]
    assert "facets" not in api(client, query)


def test_an_unknown_value_is_listed_with_its_suggestion(client, bodies):  # noqa: F811
    answer = api(client, "standard=iso-27001&country=PL")
    assert answer["ignored"] == [
        {
            "param": "standard",
            "value": "iso-27001",
            "reason": "unknown value",
            "suggestion": "iso-iec-27001",
            "suggestion_label": "ISO/IEC 27001",
        }
    ]
    assert [body["name"] for body in answer["results"]] == [
        "Biuro Certyfikacji",
        "Unaccredited Certs",
    ]


def test_what_the_text_was_understood_to_mean(client, bodies):  # noqa: F811
    answer = api(client, "q=iso+9001+germany")
    assert answer["understood"] == html_page(client, "q=iso+9001+germany").understood
    assert [body["name"] for body in answer["results"]] == ["TÜV Qualität GmbH"]
    literal = client.get(answer["literal"]).json()
    assert literal["understood"] is None
    assert literal["results"] == []


def test_a_body_in_short(client, bodies):  # noqa: F811
    [tuv] = api(client, "q=tuv")["results"]
    assert tuv == {
        "name": "TÜV Qualität GmbH",
        "slug": bodies["tuv"].slug,
        "country": "DE",
        "country_name": "Germany",
        "city": "München",
        "website": bodies["tuv"].website,
        "standing": "accredited",
        "is_demo": False,
        "accreditations": [
            {
                "accreditation_body": "DAkkS",
                "number": tuv["accreditations"][0]["number"],
                "casco_standard": "ISO/IEC 17021-1",
                "status": "active",
                "effective_status": "active",
                "valid_until": "2027-06-01",
            },
            {
                "accreditation_body": "UKAS",
                "number": tuv["accreditations"][1]["number"],
                "casco_standard": "ISO/IEC 17021-1",
                "status": "suspended",
                "effective_status": "suspended",
                "valid_until": "2027-06-01",
            },
        ],
        "url": f"http://testserver/bodies/{bodies['tuv'].slug}/",
    }


def test_expiry_by_date_shows_in_the_effective_status(client, bodies):  # noqa: F811
    [lapsed] = api(client, "q=lapsed")["results"]
    assert lapsed["standing"] == "lapsed"
    assert lapsed["accreditations"][0]["status"] == "active"
    assert lapsed["accreditations"][0]["effective_status"] == "expired"


@pytest.fixture
def many():
    """63 bodies (every other one accredited), enough for pages of any size to end part-way.

    Written in bulk: the factories' saves and history would take seconds.
    """
    new = [
        CertificationBody(
            name=f"Body {n:02}", slug=f"body-{n:02}", country=("DE", "PL", "FR")[n % 3]
        )
        for n in range(63)
    ]
    for body in new:
        body.search_text = body.build_search_text()
    created = CertificationBody.objects.bulk_create(new)
    accreditations = Accreditation.objects.bulk_create(
        Accreditation(
            body=body,
            accreditation_body=accreditation_body("dakks"),
            casco_standard=standard("iso-iec-17021-1"),
            number=f"D-ZM-{n}",
        )
        for n, body in enumerate(created)
        if n % 2
    )
    nine = standard("iso-9001")
    AccreditationStandard.objects.bulk_create(
        AccreditationStandard(accreditation=accreditation, standard=nine)
        for accreditation in accreditations
    )


def follow(client, url, link="next"):
    """Every page from ``url`` on, following ``link``."""
    pages = []
    while url:
        pages.append(client.get(url).json())
        url = pages[-1][link]
    return pages


@pytest.mark.parametrize(("query", "size"), [("", 10), ("country=PL&sort=country", 7), ("", 100)])
def test_cursors_page_through_every_result_once(client, many, query, size):
    pages = follow(client, f"/api/v1/bodies/?{query}&page_size={size}")
    slugs = [body["slug"] for page in pages for body in page["results"]]
    expected = [body["slug"] for body in api(client, f"{query}&page_size=100")["results"]]
    assert slugs == expected
    assert len(slugs) == len(set(slugs)) == pages[0]["count"]
    assert all(len(page["results"]) == size for page in pages[:-1])
    assert pages[0]["previous"] is None
    back = follow(client, pages[-1]["previous"], "previous") if len(pages) > 1 else []
    assert [page["results"] for page in reversed(back)] == [page["results"] for page in pages[:-1]]


def test_cursors_are_opaque_and_checked(client, many):
    first = api(client, "page_size=5")
    second = client.get(first["next"]).json()
    assert "cursor=" in first["next"]
    assert second["results"][0]["name"] == "Body 05"
    for bad in ("abc", "cDU=", "cC01", "cDAwMDA1", "%FF", "p5"):
        answer = api(client, f"cursor={bad}&page_size=5")
        assert answer["results"] == first["results"], bad
        assert [item["param"] for item in answer["ignored"]] == ["cursor"], bad


def test_a_cursor_past_the_end_gives_no_bodies_and_a_way_back(client, many):
    answer = api(client, "cursor=cDk5OQ&page_size=10")  # position 999
    assert answer["results"] == []
    assert answer["next"] is None
    back = client.get(answer["previous"]).json()
    assert [body["name"] for body in back["results"]] == ["Body 60", "Body 61", "Body 62"]


def test_a_page_holds_at_most_100_bodies(client):
    CertificationBody.objects.bulk_create(
        CertificationBody(name=f"Body {n:03}", slug=f"body-{n:03}", country="DE")
        for n in range(105)
    )
    answer = api(client, "page_size=250")
    assert len(answer["results"]) == 100
    assert len(client.get(answer["next"]).json()["results"]) == 5


@pytest.mark.parametrize(
    ("value", "size", "suggestion"),
    [("250", 63, "100"), ("0", 25, "25"), ("ten", 25, "25"), ("-3", 25, "25")],
)
def test_a_page_size_out_of_bounds_is_listed_as_ignored(client, many, value, size, suggestion):
    answer = api(client, f"page_size={value}")
    assert len(answer["results"]) == size
    [ignored] = answer["ignored"]
    assert (ignored["param"], ignored["value"], ignored["suggestion"]) == (
        "page_size",
        value,
        suggestion,
    )


def test_the_pages_own_page_parameter_is_listed_as_ignored(client, many):
    answer = api(client, "page=3")
    assert answer["results"][0]["name"] == "Body 00"
    assert [item["param"] for item in answer["ignored"]] == ["page"]


def test_links_are_the_parsed_search_never_the_query_string(client, many):
    answer = api(client, "country=pl&country=PL&tracking=me&standard=bogus&page_size=5")
    assert answer["next"] == ("http://testserver/api/v1/bodies/?country=PL&page_size=5&cursor=cDU")


def csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content, list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_csv_is_the_export(client, bodies, encoding):  # noqa: F811
    query = "standard=iso-9001&sort=country"
    api_csv = client.get(f"/api/v1/bodies/?{query}&format=csv", HTTP_ACCEPT_ENCODING=encoding)
    export = client.get(f"/bodies/export.csv?{query}", HTTP_ACCEPT_ENCODING=encoding)
    assert api_csv.status_code == 200
    assert api_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert api_csv["Content-Disposition"] == export["Content-Disposition"]
    content, rows = csv_rows(api_csv)
    assert content == csv_rows(export)[0]
    assert list(dict.fromkeys(row[0] for row in rows[1:])) == [
        "TÜV Qualität GmbH",
        "Société Générale de Certification",
        "Lapsed Audits Ltd",
        "Biuro Certyfikacji",
    ]
    # Never kept by the page cache, which would lose its encoding and file name.
    again = client.get(f"/api/v1/bodies/?{query}&format=csv", HTTP_ACCEPT_ENCODING=encoding)
    assert csv_rows(again)[0] == content
    assert again.get("Content-Encoding") == api_csv.get("Content-Encoding")
    assert again["Content-Disposition"] == export["Content-Disposition"]


def test_the_list_costs_the_same_queries_whatever_the_page_size(
    client, many, django_assert_num_queries
):
    api(client, "page_size=2")  # builds the search index and reads the reference data
    for size in (1, 25, 100):
        # The directory version, the page's bodies and their accreditations.
        with django_assert_num_queries(3):
            answer = api(client, f"page_size={size}&facets=1")
        assert len(answer["results"]) == min(size, 63)
    # A text query costs the one query that finds the text.
    with django_assert_num_queries(4):
        api(client, "q=body&page_size=100&cursor=cDE")


def test_one_body(client, django_assert_num_queries):
    body = CertificationBodyFactory(
        name="Nord Cert", slug="nord-cert", aliases="NC\nNord Certification"
    )
    AccreditationFactory(
        body=body,
        number="D-ZM-1",
        standards=[standard("iso-9001"), standard("iso-14001")],
        sectors=[28, 17],
        scope_document_url="https://example.org/scope.pdf",
    )
    AccreditationFactory(
        body=body, number="D-ZM-2", standards=[standard("iso-iec-27001")], status="suspended"
    )
    # The directory version, the body, its accreditations, their scope (standards and
    # sectors) and events. Every accreditation body's recognition records with their
    # sub-scopes (3 queries) and the reference rows (3) are read once per directory version,
    # here by the answer about a body without accreditations (the version, the body, its none).
    CertificationBodyFactory(slug="other-body")
    with django_assert_num_queries(9):
        client.get("/api/v1/bodies/other-body/")
    with django_assert_num_queries(5):
        response = client.get("/api/v1/bodies/nord-cert/")
    assert response.status_code == 200
    answer = response.json()
    assert answer["name"] == "Nord Cert"
    assert answer["aliases"] == ["NC", "Nord Certification"]
    assert answer["url"] == "http://testserver/bodies/nord-cert/"
    assert answer["summary"] == {
        "text": "Accredited for ISO 9001 and ISO 14001 · suspended for ISO/IEC 27001",
        "tone": "partial",
    }
    first = answer["accreditations"][0]
    assert first["accreditation_body"]["acronym"] == "DAkkS"
    assert first["casco_standard"]["code"] == "ISO/IEC 17021-1"
    assert [s["code"] for s in first["standards"]] == ["ISO 14001", "ISO 9001"]
    assert first["iaf_sectors"] == [17, 28]
    assert first["scope_document_url"] == "https://example.org/scope.pdf"
    verdicts = {v["standard"]: v for v in answer["verdicts"]}
    assert list(verdicts) == ["ISO 9001", "ISO 14001", "ISO/IEC 27001"]
    nine = verdicts["ISO 9001"]
    assert (nine["status"], nine["accreditation_body"], nine["accreditation_number"]) == (
        "active",
        "DAkkS",
        "D-ZM-1",
    )
    assert (nine["arrangement"], nine["signatory_status"]) == ("IAF MLA", "yes")
    assert nine["recognition"] == "signatory"
    assert nine["recognition_source"] == "https://www.dakks.de/en/dakks-memberships.html"
    assert (first["last_verified_on"], first["stale"]) == (None, True)
    assert answer["is_demo"] is False
    assert nine["sentence"].startswith("Accredited for ISO 9001 and ISO 14001 by DAkkS (Germany)")
    assert verdicts["ISO 14001"]["sentence"] == nine["sentence"]
    assert verdicts["ISO/IEC 27001"]["status"] == "suspended"
    html = client.get("/bodies/nord-cert/").content.decode()
    for verdict in answer["verdicts"]:
        assert verdict["sentence"] in html


@pytest.mark.parametrize("slug", ["no-such-body", "a" * 300])
def test_an_unknown_body_is_a_json_404(client, slug):
    response = client.get(f"/api/v1/bodies/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("No body has the slug")
