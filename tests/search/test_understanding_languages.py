"""Typed queries in French, Spanish and Russian: country names (django-countries'
translations), kinds of body and standard words become the filters they mean, on a page in
any language; the phrase saying what was understood is in the page's language."""

import pytest
from django.test.utils import override_settings
from django.utils import translation

from search.understanding import country_phrases, describe, understand
from tests.search.test_understanding import directory, ids, page  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_restored():
    """A request to /fr/, /es/ or /ru/ leaves its language active in the thread: restore it."""
    with translation.override(translation.get_language()):
        yield


TYPED = [
    # French
    ("Allemagne", "country=DE"),
    ("ISO 9001 Allemagne", "standard=iso-9001&country=DE"),
    ("organismes de certification ISO 9001 en Allemagne", "standard=iso-9001&country=DE"),
    ("laboratoire", "casco=iso-iec-17025&casco=iso-15189"),
    ("laboratoire d'étalonnage", "casco=iso-iec-17025"),
    ("laboratoires France", "casco=iso-iec-17025&casco=iso-15189&country=FR"),
    ("organisme d'inspection", "casco=iso-iec-17020"),
    ("certification de produits États-Unis", "casco=iso-iec-17065&country=US"),
    ("27001 Pologne", "standard=iso-iec-27001&country=PL"),
    ("Royaume-Uni", "country=GB"),
    # Spanish
    ("Alemania", "country=DE"),
    ("iso 9001 en Alemania", "standard=iso-9001&country=DE"),
    ("laboratorio", "casco=iso-iec-17025&casco=iso-15189"),
    ("laboratorios de ensayo", "casco=iso-iec-17025"),
    ("organismo de inspección Finlandia", "casco=iso-iec-17020&country=FI"),
    ("certificación de productos Estados Unidos", "casco=iso-iec-17065&country=US"),
    ("Reino Unido 45001", "country=GB&standard=iso-45001"),
    ("Japón", "country=JP"),
    # Russian
    ("Германия", "country=DE"),
    ("ИСО 9001 Германия", "standard=iso-9001&country=DE"),
    ("ИСО/МЭК 27001 Польша", "standard=iso-iec-27001&country=PL"),
    ("лаборатория", "casco=iso-iec-17025&casco=iso-15189"),
    ("испытательная лаборатория Франция", "casco=iso-iec-17025&country=FR"),
    ("органы инспекции", "casco=iso-iec-17020"),
    ("сертификация продукции", "casco=iso-iec-17065"),
    ("Великобритания iaf 28", "country=GB&sector=28"),
    ("Япония", "country=JP"),
    ("органы по сертификации ИСО 9001 в Германии", "standard=iso-9001&country=DE"),
    ("США", "country=US"),
]


@pytest.mark.parametrize(("typed", "filters"), TYPED)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_query_in_another_language_finds_what_its_filters_find(
    directory,  # noqa: F811
    typed,
    filters,
    language,
):
    with translation.override(language):
        understood = page("q=" + typed)
        assert understood.understood, typed
        assert understood.criteria.text == "", understood.criteria.text
        assert ids("q=" + typed) == ids(filters)
        assert understood.criteria == page(filters).criteria


def test_an_accreditation_body_by_its_name_in_another_language(directory):  # noqa: F811
    understood = page("q=Conseil+canadien+des+normes")
    assert understood.criteria == page("ab=scc").criteria


def test_words_left_over_stay_a_text_search(directory):  # noqa: F811
    # "Nordzert" is a name: searched for; "Allemagne" a country: understood.
    understood = page("q=Nordzert+Allemagne")
    assert understood.criteria.text == "nordzert"
    assert understood.criteria == page("q=nordzert&country=DE").criteria


def test_what_was_understood_is_said_in_the_page_language(directory):  # noqa: F811
    from search.reference import Reference

    reference = Reference.build()
    found = understand("ISO 9001 Германия", reference.vocabulary)
    with translation.override("en"):
        assert describe(found) == "ISO 9001 bodies in Germany"
    with translation.override("fr"):
        assert "Allemagne" in describe(found)
    with translation.override("ru"):
        assert "Германия" in describe(found)


def test_country_names_are_read_once_per_process(django_assert_num_queries):
    # Cached: the languages' names are gathered once, whatever the language active.
    with translation.override("es"):
        first = country_phrases()
    with django_assert_num_queries(0):
        assert country_phrases() is first
    codes = dict(first)
    assert codes[("allemagne",)] == codes[("alemania",)] == codes[("germaniia",)] == "DE"


@override_settings(LANGUAGE_CODE="en")
def test_the_literal_reading_is_offered_in_every_language(directory, client):  # noqa: F811
    html = client.get("/ru/bodies/", {"q": "ИСО 9001 Германия"}).content.decode()
    assert 'lang="ru"' in html
    literal = page("q=ИСО+9001+Германия&literal=yes")
    assert not literal.understood
    assert literal.criteria.text == "ИСО 9001 Германия"
