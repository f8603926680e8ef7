"""What the pages say about where facts come from: sources, freshness, About the data."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.models import AccreditationBody, Recognition
from accreditation.recognition import split_sources
from tests.factories import AccreditationFactory, CertificationBodyFactory, accreditation_body

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.mark.parametrize("slug", [ab.lower() for ab in ["UKAS", "SANAS", "JAB", "COFRAC", "NABL"]])
def test_an_accreditation_body_page_shows_the_source_of_every_claim(client, slug):
    ab = accreditation_body(slug)
    page = html.unescape(client.get(ab.get_absolute_url()).content.decode())
    claims = Recognition.objects.filter(accreditation_body=ab)
    assert claims.exists()
    assert page.count("<tr>") == claims.count() + 1  # the header row
    for claim in claims:
        assert claim.quote in page
        for part, is_link in split_sources(claim.source):
            assert (f'href="{part}"' if is_link else part) in page
        if not claim.source:
            assert "none on record" in page


def test_every_accreditation_body_page_renders_its_claims(client):
    for ab in AccreditationBody.objects.all():
        response = client.get(ab.get_absolute_url())
        assert response.status_code == 200
        assert "International recognition" in response.content.decode()


def test_sub_scopes_and_overridden_whole_field_claims_are_said(client):
    page = html.unescape(client.get("/accreditation-bodies/jab/").content.decode())
    assert "ISO/IEC 17021-1 (management-system certification): only ISO 9001" in page
    assert "Whole field (the itemised scopes count instead)" in page
    assert "Global Accreditation Cooperation Incorporated" in page


def test_an_organisation_outside_iaf_and_ilac_is_said_so_with_its_source(client):
    page = html.unescape(client.get("/accreditation-bodies/abac/").content.decode())
    assert "ABAC is not a member of IAF or ILAC." in page
    assert 'href="http://aboac.org/iaf-international-accreditation-forum/"' in page
    assert "does not recognize the International Accreditation Forum" in page
    ascab = html.unescape(client.get("/accreditation-bodies/ascab/").content.decode())
    assert "Not given by the sources" in ascab


def test_about_the_data_is_linked_from_every_verdict_box(client):
    body = CertificationBodyFactory()
    AccreditationFactory(body=body)
    page = client.get(body.get_absolute_url()).content.decode()
    verdicts = page.split('<section class="verdicts"')[1].split("</section>")[0]
    assert f'href="{reverse("about_data")}"' in verdicts
    about = html.unescape(client.get(reverse("about_data")).content.decode())
    for heading in (
        "Where the records come from",
        "How often records are checked",
        "“Not confirmed”",
        "How verdicts are worked out",
        "Reporting an error",
        "Global Accreditation Cooperation Incorporated",
    ):
        assert heading in about


class TestFreshness:
    def make(self, days_ago):
        body = CertificationBodyFactory()
        verified = None if days_ago is None else TODAY - datetime.timedelta(days=days_ago)
        AccreditationFactory(
            body=body, accreditation_body=accreditation_body("ukas"), last_verified_on=verified
        )
        return body, verified

    def test_a_recent_check_is_said_with_the_register(self, client):
        body, verified = self.make(30)
        page = html.unescape(client.get(body.get_absolute_url()).content.decode())
        assert "Last checked against UKAS\u2019s register on <time" in page
        assert f'datetime="{verified:%Y-%m-%d}">{verified:%-d %B %Y}</time>' in page
        assert "flag--stale" not in page
        assert "flag--stale" not in client.get("/bodies/").content.decode()

    @pytest.mark.parametrize("days_ago", [366, None])
    def test_a_record_not_checked_for_12_months_is_flagged_everywhere(self, client, days_ago):
        body, verified = self.make(days_ago)
        page = html.unescape(client.get(body.get_absolute_url()).content.decode())
        results = client.get("/bodies/").content.decode()
        if verified:
            assert f"Not checked since {verified:%-d %B %Y}: over 12 months ago" in page
            assert f"not checked since {verified:%-d %b %Y}" in results
        else:
            assert "Not checked against UKAS\u2019s register yet" in page
            assert "never checked" in results
        api = client.get(f"/api/v1/bodies/{body.slug}/").json()
        assert api["accreditations"][0]["stale"] is True

    def test_curators_filter_records_by_last_check(self, admin_client):
        fresh, _ = self.make(30)
        stale, _ = self.make(400)
        url = reverse("admin:accreditation_accreditation_changelist")
        shown = admin_client.get(url + "?checked=stale").context["cl"].result_list
        assert [a.body for a in shown] == [stale]
        shown = admin_client.get(url + "?checked=recent").context["cl"].result_list
        assert [a.body for a in shown] == [fresh]


def test_curators_edit_recognition_claims_on_the_accreditation_body(admin_client):
    ukas = accreditation_body("ukas")
    page = admin_client.get(
        reverse("admin:accreditation_accreditationbody_change", args=[ukas.pk])
    ).content.decode()
    assert "recognitions-TOTAL_FORMS" in page
    assert "membership_source" in page


def test_the_list_marks_organisations_outside_iaf_and_ilac(client):
    page = client.get("/accreditation-bodies/").content.decode()
    assert page.count("Not a member of IAF or ILAC</span>") == 3
