"""Every value the search leaves out is shown, with the nearest valid value as a link."""

import pytest
from django.http import QueryDict

from search.presenter import SearchPage
from tests.factories import AccreditationFactory

pytestmark = pytest.mark.django_db


def ignored(query_string):
    return SearchPage.from_params(QueryDict(query_string)).ignored


@pytest.mark.parametrize(
    ("query_string", "label", "link"),
    [
        ("standard=iso-27001&country=PL", "ISO/IEC 27001", "?standard=iso-iec-27001&country=PL"),
        ("standard=iso9001", "ISO 9001", "?standard=iso-9001"),
        ("ab=dakk", "DAkkS", "?ab=dakks"),
        ("casco=iso-iec-17025x", "ISO/IEC 17025", "?casco=iso-iec-17025"),
        ("country=Germny", "Germany", "?country=DE"),
        ("status=acredited", "Accredited", "?status=accredited"),
        ("sort=nam", "Name", "?sort=name"),
    ],
)
def test_an_unknown_value_suggests_the_nearest_one(query_string, label, link):
    [item] = ignored(query_string)
    assert item.reason == "unknown value"
    assert item.suggestion_label == label
    assert item.suggestion_url == link


def test_a_value_near_nothing_has_no_suggestion():
    [item] = ignored("standard=zzzzzzzz")
    assert item.suggestion_url == ""


def test_the_page_shows_the_suggestion(client):
    AccreditationFactory()
    html = client.get("/bodies/?standard=iso-27001&country=PL").content.decode()
    assert "<code>standard=iso-27001</code>: unknown value; did you mean" in html
    assert 'href="?standard=iso-iec-27001&amp;country=PL">ISO/IEC 27001</a>' in html


def test_a_misspelt_name_that_finds_nothing_suggests_the_closest_names(client):
    from tests.factories import CertificationBodyFactory

    CertificationBodyFactory(name="Bureau Veritas Certification")
    CertificationBodyFactory(name="Nordic Audit")
    html = client.get("/bodies/?q=bureau+veritaz").content.decode()
    assert "No bodies match this search" in html
    assert "Did you mean" in html
    assert ">Bureau Veritas Certification</a>" in html
    assert "Nordic Audit</a>" not in html


def test_one_misspelt_word_is_corrected_before_names_are_compared(client):
    from tests.factories import CertificationBodyFactory

    CertificationBodyFactory(name="Bureau Veritas Certification")
    CertificationBodyFactory(name="Veritable Audit Services")
    html = client.get("/bodies/?q=veritaz").content.decode()
    assert "No bodies match this search" in html
    assert ">Bureau Veritas Certification</a>" in html


def test_nonsense_suggests_nothing(client):
    from tests.factories import CertificationBodyFactory

    CertificationBodyFactory(name="Bureau Veritas Certification")
    html = client.get("/bodies/?q=qqvv+zzyzx").content.decode()
    assert "No bodies match this search" in html
    assert "Did you mean" not in html


def test_suggestions_cost_the_same_few_queries_however_many_bodies_are_alike(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CertificationBodyFactory

    def queries():
        client.get("/bodies/?q=warm")  # the index and reference data, kept per version
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/bodies/?q=bureau+veritaz").content.decode()
        assert "Did you mean" in html
        return len(captured)

    CertificationBodyFactory(name="Bureau Veritas Certification")
    few = queries()
    for n in range(20):
        CertificationBodyFactory(name=f"Bureau Veritas Inspection {n}")
    assert queries() == few
    assert few <= 10


def test_a_text_that_matches_elsewhere_suggests_nothing(client):
    from tests.factories import CertificationBodyFactory

    CertificationBodyFactory(name="Bureau Veritas Certification", country="FR")
    html = client.get("/bodies/?q=veritas&country=PL").content.decode()
    assert "No bodies match this search" in html
    assert "Did you mean" not in html
