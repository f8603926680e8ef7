"""The sitemap lists every public page in each language, with its versions as alternates."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from bodies.sitemaps import BodySitemap
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HOST = "http://testserver"


def entries(client, path):
    """{location: {hreflang: location}} of a sitemap section's page, in order."""
    page = ET.fromstring(client.get(path).content)
    return {
        url.find(f"{SITEMAP}loc").text.removeprefix(HOST): {
            link.get("hreflang"): link.get("href").removeprefix(HOST)
            for link in url.iter(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
        for url in page.iter(f"{SITEMAP}url")
    }


def test_each_version_of_a_body_lists_the_four_languages_and_x_default(client):
    # A slug "en": Django's own x-default would cut "/en/" out of the path.
    for slug in ["nordcert", "en"]:
        body = CertificationBodyFactory(slug=slug)
        english = body.get_absolute_url()
        versions = {
            "en": english,
            "fr": f"/fr{english}",
            "es": f"/es{english}",
            "ru": f"/ru{english}",
        }
        for language, location in versions.items():
            with translation.override(language):
                assert body.get_absolute_url() == location
        found = entries(client, "/sitemap-bodies.xml")
        for location in versions.values():
            assert found[location] == {**versions, "x-default": english}
    response = client.get("/fr/bodies/nordcert/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"


@pytest.mark.parametrize(
    ("section", "english"),
    [
        ("pages", "/bodies/"),
        ("reference", "/standards/"),
        ("accreditation-bodies", "/accreditation-bodies/ukas/"),
        ("standards", "/standards/iso-9001/"),
    ],
)
def test_every_section_lists_each_page_in_each_language(client, section, english):
    found = entries(client, f"/sitemap-{section}.xml")
    assert len(found) % 4 == 0
    for language in ["fr", "es", "ru"]:
        assert found[f"/{language}{english}"][language] == f"/{language}{english}"
        assert found[english][language] == f"/{language}{english}"
    for location, alternates in found.items():
        assert location in alternates.values()
        assert alternates["x-default"] == alternates["en"]
        assert not alternates["en"].startswith(("/en/", "/fr/", "/es/", "/ru/"))
    assert client.get(f"/ru{english}").status_code == 200


def test_pages_of_bodies_hold_each_body_in_every_language_once(client, monkeypatch):
    # 7 bodies, 28 entries, 6 a page: pages cut through a body's languages.
    monkeypatch.setattr(BodySitemap, "limit", 6)
    bodies = CertificationBodyFactory.create_batch(7)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [
        loc.text.removeprefix(HOST)
        for loc in index.iter(f"{SITEMAP}loc")
        if "sitemap-bodies" in loc.text
    ]
    assert pages == ["/sitemap-bodies.xml", *(f"/sitemap-bodies.xml?p={n}" for n in range(2, 6))]
    listed = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            found = entries(client, page)
        # The count, then one page of bodies (not every body, as Django's i18n list would).
        assert len(queries) == 2
        assert "LIMIT" in queries[-1]["sql"].upper()
        assert len(found) <= 6
        listed += found
    expected = [
        f"{prefix}{body.get_absolute_url()}"
        for body in sorted(bodies, key=lambda body: body.pk)
        for prefix in ["", "/fr", "/es", "/ru"]
    ]
    assert listed == expected
