"""Markup in curated text is shown as text everywhere, and the CSV export opens as plain data."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOADS = [SCRIPT, IMG]
ESCAPED = {
    SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;",
    IMG: "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
}


@pytest.fixture
def hostile_body(db):
    body = CertificationBodyFactory(
        name=f"Evil {SCRIPT} Cert",
        slug="evil-cert",
        aliases=f"Alias {IMG}\nAlias {SCRIPT}",
        city=f"City {IMG}",
    )
    AccreditationFactory(body=body, number=f"N-{IMG}")
    return body


def assert_shown_as_text(response):
    assert response.status_code == 200
    html = response.content.decode()
    for payload in PAYLOADS:
        assert payload not in html
        assert ESCAPED[payload] in html
    assert "<img src=x" not in html
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/bodies/",
        "/bodies/?q=evil",
        "/bodies/?q=alias",
        "/bodies/evil-cert/",
    ],
)
def test_public_pages_escape_names_aliases_cities_and_numbers(client, hostile_body, url):
    assert_shown_as_text(client.get(url))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_query_is_echoed_as_text(client, hostile_body, payload):
    response = client.get("/bodies/", {"q": payload, "standard": payload, "sort": payload})
    html = response.content.decode()
    assert payload not in html
    assert ESCAPED[payload] in html


@pytest.mark.parametrize("view", ["changelist", "change", "history"])
def test_admin_pages_escape_them(admin_client, hostile_body, view):
    args = [] if view == "changelist" else [hostile_body.pk]
    response = admin_client.get(reverse(f"admin:bodies_certificationbody_{view}", args=args))
    html = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in html
    assert IMG not in html
    assert ESCAPED[SCRIPT] in html


def test_accreditation_admin_escapes_its_number_and_body(admin_client, hostile_body):
    accreditation = hostile_body.accreditations.get()
    for url in (
        reverse("admin:accreditation_accreditation_changelist"),
        reverse("admin:accreditation_accreditation_change", args=[accreditation.pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert SCRIPT not in html
        assert IMG not in html


def export_rows(client, **params):
    response = client.get("/bodies/export.csv", params)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_export_keeps_markup_as_plain_cells(client, hostile_body):
    (row,) = export_rows(client)
    assert row["name"] == hostile_body.name
    assert row["city"] == hostile_body.city
    assert row["aliases"] == f"Alias {IMG};Alias {SCRIPT}"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_export_neutralises_cells_a_spreadsheet_would_run(client, start):
    CertificationBodyFactory(
        name=f'{start}HYPERLINK("https://evil.example","x")',
        city=f"{start}1+1",
        aliases=f"{start}cmd|' /C calc'!A0",
        website="",
    )
    (row,) = export_rows(client)
    assert row["name"] == f'\'{start}HYPERLINK("https://evil.example","x")'
    assert row["city"] == f"'{start}1+1"
    assert row["aliases"] == f"'{start}cmd|' /C calc'!A0"
