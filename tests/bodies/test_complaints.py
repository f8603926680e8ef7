"""The body page's "Complaints" section: the body, its accreditation bodies, then ISO."""

import pytest

from accreditation.models import AccreditationBody
from tests.factories import AccreditationFactory, CertificationBodyFactory, accreditation_body

pytestmark = pytest.mark.django_db


def complaints_section(response):
    html = response.content.decode()
    start = html.index('<section class="complaints"')
    return html[start : html.index("</section>", start)]


def test_in_order_body_then_accreditation_bodies_then_iso(client):
    body = CertificationBodyFactory(name="Alpha Cert", complaints_url="https://alpha.example/c")
    AccreditationFactory(body=body, accreditation_body=accreditation_body("dakks"))
    AccreditationBody.objects.filter(slug="dakks").update(
        complaints_url="https://www.dakks.de/complaints"
    )
    section = complaints_section(client.get(body.get_absolute_url()))
    body_at = section.index('href="https://alpha.example/c"')
    ab_at = section.index('href="https://www.dakks.de/complaints"')
    iso_at = section.index('href="https://www.iso.org/contact-iso.html"')
    assert body_at < ab_at < iso_at
    assert "misuse of an ISO standard or of the ISO name and logo" in section
    assert 'href="/#complaints">Why in this order?' in section


def test_without_complaints_pages_the_email_and_the_websites_are_given(client):
    body = CertificationBodyFactory(email="info@beta.example")
    AccreditationBody.objects.filter(slug="ukas").update(
        website="https://www.ukas.com", complaints_url=""
    )
    AccreditationFactory(body=body, accreditation_body=accreditation_body("ukas"))
    section = complaints_section(client.get(body.get_absolute_url()))
    assert 'href="mailto:info@beta.example"' in section
    assert 'href="https://www.ukas.com"' in section


def test_a_body_with_no_contact_and_no_accreditation_still_names_iso(client):
    body = CertificationBodyFactory(website="")
    section = complaints_section(client.get(body.get_absolute_url()))
    assert "no contact on record" in section
    assert "none on record" in section
    assert "iso.org" in section


def test_the_home_page_says_why_in_this_order(client):
    response = client.get("/")
    assert b'id="complaints"' in response.content
    assert b"Where to complain, and why in this order" in response.content
