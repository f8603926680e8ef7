"""Site-wide files and plumbing: robots.txt, the favicon, the sitemap, logging, history."""

import logging
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_txt_allows_the_public_site_and_not_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Allow: /" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_favicon_ico_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_the_sitemap_lists_every_public_page(client):
    accreditation = AccreditationFactory()
    other = CertificationBodyFactory()
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = []
    for sitemap in index.iter(f"{SITEMAP}loc"):
        path = sitemap.text.removeprefix("http://testserver")
        page = ET.fromstring(client.get(path).content)
        locations += [
            loc.text.removeprefix("http://testserver") for loc in page.iter(f"{SITEMAP}loc")
        ]
    for path in ("/", "/bodies/", "/accreditation-bodies/", "/standards/"):
        assert path in locations
    assert accreditation.body.get_absolute_url() in locations
    assert other.get_absolute_url() in locations
    assert "/accreditation-bodies/ukas/" in locations
    assert "/standards/iso-9001/" in locations
    assert len(locations) == len(set(locations))
    for path in locations:
        assert client.get(path).status_code == 200, path


def test_django_log_records_are_written_once(capsys):
    root = logging.getLogger()
    django_logger = logging.getLogger("django")
    assert django_logger.handlers == []
    assert django_logger.propagate
    assert len(root.handlers) >= 1


def test_history_shows_no_literal_none_for_a_change_without_reason(admin_client):
    body = CertificationBodyFactory(name="Reasonless Certification")
    body.city = "Bremen"
    body.save()
    response = admin_client.get(f"/admin/bodies/certificationbody/{body.pk}/history/")
    html = response.content.decode()
    cells = "".join(html.split("<tbody>", 1)[1].split())
    assert ">None<" not in cells
    assert ">Notrecorded<" in cells


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-reference.xml",
        "/sitemap-accreditation-bodies.xml",
        "/sitemap-standards.xml",
        "/sitemap-bodies.xml",
    ],
)
def test_a_sitemap_runs_the_same_few_queries_whatever_the_number_of_bodies(
    client, django_assert_num_queries, path
):
    CertificationBodyFactory()
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    AccreditationFactory.create_batch(15)
    CertificationBodyFactory.create_batch(15)
    with django_assert_num_queries(len(few)):
        assert client.get(path).status_code == 200
    # The index counts each section once to know its pages; a section is one page of rows.
    assert len(few) <= (5 if path == "/sitemap.xml" else 2)
