"""The search page in another language names standards, IAF sectors and accreditation
bodies in that language from the same cached reference rows: no query more than English."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from search.reference import forget_reference
from tests.factories import AccreditationFactory, CertificationBodyFactory, standard

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_restored():
    """A request to /fr/, /es/ or /ru/ leaves its language active in the thread: restore it."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def directory():
    for name in ("Nordzert GmbH", "Baltic Cert"):
        AccreditationFactory(
            body=CertificationBodyFactory(name=name, country="DE"),
            standards=[standard("iso-9001")],
            sectors=[28],
        )


def cold_queries(client, url):
    """Queries of ``url`` with no page cached, the index and reference already built."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_facets_in_each_language_cost_what_english_costs(client, directory):
    forget_reference()
    client.get("/bodies/?sector=28")  # builds the index and the reference once
    counts = {}
    for prefix, sector in [("", "Construction"), ("/ru", "Строительство"),
                           ("/es", "Construcción"), ("/fr", "Construction")]:  # fmt: skip
        counts[prefix], html = cold_queries(client, f"{prefix}/bodies/?sector=28")
        assert sector in html, prefix
    assert len(set(counts.values())) == 1, counts


def test_the_standard_title_shown_is_the_page_language(client, directory):
    html = client.get("/fr/standards/iso-9001/").content.decode()
    assert "Systèmes de management de la qualité — Exigences" in html
    html = client.get("/standards/iso-9001/").content.decode()
    assert "Quality management systems — Requirements" in html
