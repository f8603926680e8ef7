"""The facets' country names are the page's language's, whichever language asked first."""

import pytest

from tests.factories import CertificationBodyFactory


@pytest.mark.django_db
def test_country_options_are_named_in_the_pages_language(client):
    CertificationBodyFactory(country="DE")
    pages = {
        prefix: client.get(f"{prefix}/bodies/").content.decode()
        for prefix in ("/fr", "", "/ru", "/es")
    }
    assert ">Allemagne <span" in pages["/fr"]
    assert ">Germany <span" in pages[""]
    assert ">Германия <span" in pages["/ru"]
    assert ">Alemania <span" in pages["/es"]
