"""Typed queries give the same bodies as the filter URLs they mean, and can be read literally."""

import datetime

import pytest
from django.http import QueryDict

from search.presenter import SearchPage
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
FUTURE = TODAY + datetime.timedelta(days=365)


def page(query_string):
    return SearchPage.from_params(QueryDict(query_string), today=TODAY)


def ids(query_string):
    return sorted(body.pk for body in page(query_string).results())


def accredit(body, ab, casco, standards=(), sectors=(), status="active"):
    AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body(ab),
        casco_standard=standard(casco),
        standards=[standard(s) for s in standards],
        sectors=sectors,
        status=status,
        valid_until=FUTURE,
    )


@pytest.fixture
def directory():
    de = CertificationBodyFactory(name="Nordzert GmbH", country="DE", city="Hamburg")
    accredit(de, "dakks", "iso-iec-17021-1", ["iso-9001", "iso-14001"], [28])
    pl = CertificationBodyFactory(name="Polcert", country="PL", city="Kraków")
    accredit(pl, "pca", "iso-iec-17021-1", ["iso-iec-27001", "iso-9001"])
    gb = CertificationBodyFactory(name="Albion Assessments", country="GB", city="Leeds")
    accredit(gb, "ukas", "iso-iec-17021-1", ["iso-9001", "iso-45001"], [28])
    lab = CertificationBodyFactory(name="Laboratoire Rhône", country="FR", city="Lyon")
    accredit(lab, "cofrac", "iso-iec-17025")
    inspect = CertificationBodyFactory(name="Inspecta Oy", country="FI", city="Espoo")
    accredit(inspect, "finas", "iso-iec-17020")
    product = CertificationBodyFactory(name="Prodcert Inc", country="US", city="Austin")
    accredit(product, "anab", "iso-iec-17065")
    # A name made of filter words: found by the literal reading.
    named = CertificationBodyFactory(name="Germany Cert GmbH", country="AT", city="Wien")
    accredit(named, "aa", "iso-iec-17021-1", ["iso-9001"])
    japan = CertificationBodyFactory(name="Japan Quality Assurance", country="JP", city="Tokyo")
    accredit(japan, "jab", "iso-iec-17021-1", ["iso-iec-27001"])


TYPED = [
    ("iso 9001", "standard=iso-9001"),
    ("ISO 9001", "standard=iso-9001"),
    ("9001", "standard=iso-9001"),
    ("iso9001", "standard=iso-9001"),
    ("ISO/IEC 27001", "standard=iso-iec-27001"),
    ("iso 27001", "standard=iso-iec-27001"),
    ("27001", "standard=iso-iec-27001"),
    ("iso27001", "standard=iso-iec-27001"),
    ("45001", "standard=iso-45001"),
    ("Germany", "country=DE"),
    ("germany", "country=DE"),
    ("Deutschland", "country=DE"),
    ("UK", "country=GB"),
    ("united kingdom", "country=GB"),
    ("USA", "country=US"),
    ("DE", "country=DE"),
    ("ISO 9001 Germany", "standard=iso-9001&country=DE"),
    ("iso 9001 certification bodies in germany", "standard=iso-9001&country=DE"),
    ("27001 Poland", "standard=iso-iec-27001&country=PL"),
    ("27001 PL", "standard=iso-iec-27001&country=PL"),
    ("UKAS", "ab=ukas"),
    ("ukas", "ab=ukas"),
    ("dakks", "ab=dakks"),
    ("DAkkS 14001", "ab=dakks&standard=iso-14001"),
    ("Polish Centre for Accreditation", "ab=pca"),
    ("17025", "casco=iso-iec-17025"),
    ("laboratory", "casco=iso-iec-17025&casco=iso-15189"),
    ("lab France", "casco=iso-iec-17025&casco=iso-15189&country=FR"),
    ("inspection", "casco=iso-iec-17020"),
    ("product certification", "casco=iso-iec-17065"),
    ("IAF 28", "sector=28"),
    ("iaf 28 uk", "sector=28&country=GB"),
    ("9001 ukas iaf 28", "standard=iso-9001&ab=ukas&sector=28"),
    ("Nordzert germany", "q=nordzert&country=DE"),
    ("Germany Cert GmbH", "q=cert+gmbh&country=DE"),
    ("Japan Quality Assurance", "q=quality+assurance&country=JP"),
]


@pytest.mark.parametrize(("typed", "filters"), TYPED)
def test_a_typed_query_finds_what_its_filters_find(directory, typed, filters):
    understood = page("q=" + typed.replace(" ", "+"))
    assert understood.understood, typed
    assert ids("q=" + typed.replace(" ", "+")) == ids(filters)
    assert understood.criteria == page(filters).criteria


def test_the_page_says_what_it_understood_and_offers_the_literal_reading(client, directory):
    html = client.get("/bodies/?q=ISO+9001+Germany").content.decode()
    assert "Showing ISO 9001 bodies in Germany." in html
    assert "Search for the words “ISO 9001 Germany” instead" in html
    assert "Standard: ISO 9001" in html and "Country: Germany" in html
    literal = page("q=ISO+9001+Germany&literal=yes")
    assert not literal.understood
    assert literal.criteria.text == "ISO 9001 Germany"


def test_a_name_made_of_filter_words_is_still_offered(client, directory):
    html = client.get("/bodies/?q=Germany+Cert+GmbH").content.decode()
    assert "1 body has all of them" in html
    literal = page("q=Germany+Cert+GmbH&literal=yes")
    assert [body.name for body in literal.results()] == ["Germany Cert GmbH"]


def test_the_literal_readings_count_comes_with_the_texts_query(
    directory, django_assert_num_queries
):
    search = page("q=GmbH+Germany")
    assert search.understood and search.query == "gmbh"
    # The kept word matches two bodies; only one holds every typed word.
    assert search.text_mask.sum() == 2
    with django_assert_num_queries(0):
        assert search.literal_count == 1
    assert search.literal_count == page("q=GmbH+Germany&literal=yes").facet_result.total


def test_words_that_name_nothing_stay_a_text_search(directory):
    search = page("q=nordzert")
    assert not search.understood
    assert search.criteria.text == "nordzert"
    assert [body.name for body in search.results()] == ["Nordzert GmbH"]


def test_short_acronyms_that_are_words_need_capitals(directory):
    assert not page("q=aa").criteria.accreditation_bodies
    assert [ab.acronym for ab in page("q=AA").criteria.accreditation_bodies] == ["AA"]
