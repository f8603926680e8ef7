"""Admin curation of reference data and accreditations, for superusers and curators."""

import datetime
from urllib.parse import urlsplit

import factory
import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.models import Accreditation, AccreditationStatus, SectorCode, Standard
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

MODELS = ["standard", "sectorcode", "accreditationbody", "accreditation"]


def admin_url(model, view, *args):
    return reverse(f"admin:accreditation_{model}_{view}", args=args)


def an_object(model):
    if model == "accreditation":
        return AccreditationFactory()
    return {
        "standard": standard("iso-9001"),
        "sectorcode": SectorCode.objects.get(code=28),
        "accreditationbody": accreditation_body("ukas"),
    }[model]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def accreditation_form_data(body, number, **overrides):
    data = {
        "body": body.pk,
        "accreditation_body": accreditation_body("dakks").pk,
        "number": number,
        "casco_standard": standard("iso-iec-17021-1").pk,
        "standards": [standard("iso-9001").pk, standard("iso-iec-27001").pk],
        "sectors": [s.pk for s in SectorCode.objects.filter(code__in=[28, 33])],
        "status": AccreditationStatus.ACTIVE,
        "granted_on": "2024-01-15",
        "valid_until": "2029-01-14",
        "scope_document_url": "",
        "last_verified_on": "",
    }
    return {**data, **overrides}


def action_names(response):
    """The actions a changelist offers (none at all leaves no action form)."""
    action_form = response.context["action_form"]
    return {name for name, _ in action_form.fields["action"].choices} if action_form else set()


def run_action(client, action, accreditations, **answers):
    """Run a status action and answer its question (effective date, source, note)."""
    answers = {"apply": "1", "effective_on": timezone.localdate().isoformat(), **answers}
    return client.post(
        admin_url("accreditation", "changelist"),
        {"action": action, "_selected_action": [a.pk for a in accreditations], **answers},
        follow=True,
    )


@pytest.mark.parametrize("model", MODELS)
def test_superuser_pages_render(admin_client, model):
    obj = an_object(model)
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("model", MODELS)
def test_curator_can_add_and_change_but_not_delete(curator_client, model):
    obj = an_object(model)
    assert curator_client.get(admin_url(model, "add")).status_code == 200
    assert curator_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert curator_client.get(admin_url(model, "delete", obj.pk)).status_code == 403
    response = curator_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert "delete_selected" not in action_names(response)


def test_curator_gets_status_actions_superuser_also_delete(curator_client, admin_client):
    url = admin_url("accreditation", "changelist")
    for client, expected in (
        (curator_client, {"", "suspend", "withdraw", "reinstate"}),
        (admin_client, {"", "delete_selected", "suspend", "withdraw", "reinstate"}),
    ):
        assert action_names(client.get(url)) == expected


def test_accreditation_changelist_queries_do_not_grow_with_rows(admin_client):
    url = admin_url("accreditation", "changelist")
    AccreditationFactory(standards=[standard("iso-9001")], sectors=[28])
    admin_client.get(url)  # warm per-process caches (content types, sessions)
    one = queries_for(admin_client, url)
    for _ in range(9):
        AccreditationFactory(
            standards=[standard("iso-9001"), standard("iso-14001")], sectors=[28, 33]
        )
    ten = queries_for(admin_client, url)
    assert Accreditation.objects.count() == 10
    assert ten == one


def test_accreditation_body_changelist_counts_accreditations(admin_client):
    AccreditationFactory.create_batch(2, accreditation_body=accreditation_body("ukas"))
    response = admin_client.get(admin_url("accreditationbody", "changelist"))
    ukas = next(r for r in response.context["cl"].result_list if r.acronym == "UKAS")
    assert ukas.accreditation_count == 2


def test_changelist_shows_scope_and_expiry_by_date(admin_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    AccreditationFactory(
        number="EXP-1",
        granted_on=yesterday - datetime.timedelta(days=30),
        valid_until=yesterday,
        standards=[standard("iso-iec-27001")],
        sectors=[33],
    )
    AccreditationFactory(number="ACT-1")
    url = admin_url("accreditation", "changelist")

    response = admin_client.get(url, {"current_status": "expired"})
    rows = list(response.context["cl"].result_list)
    assert [a.number for a in rows] == ["EXP-1"]
    content = response.content.decode()
    assert "Expired" in content
    assert "ISO/IEC 27001" in content

    response = admin_client.get(url, {"current_status": "active"})
    assert [a.number for a in response.context["cl"].result_list] == ["ACT-1"]


def test_add_accreditation_saves_scope_and_refreshes_body_search_text(admin_client):
    body = CertificationBodyFactory()
    response = admin_client.post(
        admin_url("accreditation", "add"), accreditation_form_data(body, "D-ZM-ÄB/12")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    accreditation = Accreditation.objects.get(number="D-ZM-ÄB/12")
    assert {s.code for s in accreditation.standards.all()} == {"ISO 9001", "ISO/IEC 27001"}
    assert {s.code for s in accreditation.sectors.all()} == {28, 33}
    body.refresh_from_db()
    assert body.search_text.endswith("d zm ab 12")


def edit_stamp(client, url):
    """The edit stamp of the change form at ``url`` as shown now (see EditStampForm)."""
    return client.get(url).context["adminform"].form["edit_stamp"].value()


def test_moving_an_accreditation_refreshes_both_bodies(admin_client):
    accreditation = AccreditationFactory(number="MOVE-1")
    old_body = accreditation.body
    new_body = CertificationBodyFactory()
    url = admin_url("accreditation", "change", accreditation.pk)
    response = admin_client.post(
        url,
        {
            **accreditation_form_data(new_body, "MOVE-2"),
            "edit_stamp": edit_stamp(admin_client, url),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    old_body.refresh_from_db()
    new_body.refresh_from_db()
    assert "move" not in old_body.search_text
    assert new_body.search_text.endswith("move 2")


def test_deleting_an_accreditation_refreshes_its_body(admin_client):
    accreditation = AccreditationFactory(number="GONE-1")
    body = accreditation.body
    assert "gone 1" in body.search_text
    response = admin_client.post(
        admin_url("accreditation", "delete", accreditation.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert "gone" not in body.search_text


def test_delete_action_refreshes_bodies(admin_client):
    accreditations = AccreditationFactory.create_batch(
        2, number=factory.Sequence(lambda n: f"BULK-{n}")
    )
    response = admin_client.post(
        admin_url("accreditation", "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in accreditations],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Accreditation.objects.exists()
    for accreditation in accreditations:
        accreditation.body.refresh_from_db()
        assert "bulk" not in accreditation.body.search_text


def test_standards_field_refuses_casco_standards(admin_client):
    body = CertificationBodyFactory()
    response = admin_client.post(
        admin_url("accreditation", "add"),
        accreditation_form_data(body, "X-1", standards=[standard("iso-iec-17025").pk]),
    )
    assert response.status_code == 200
    assert "standards" in response.context["adminform"].form.errors
    assert not Accreditation.objects.exists()


@pytest.mark.parametrize(
    ("action", "stored", "expected"),
    [
        ("suspend", AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED),
        ("withdraw", AccreditationStatus.SUSPENDED, AccreditationStatus.WITHDRAWN),
        ("reinstate", AccreditationStatus.WITHDRAWN, AccreditationStatus.ACTIVE),
    ],
)
def test_status_actions(curator_client, curator, action, stored, expected):
    accreditations = AccreditationFactory.create_batch(2, status=stored)
    untouched = AccreditationFactory(status=stored)
    response = run_action(curator_client, action, accreditations)
    assert response.status_code == 200
    for accreditation in accreditations:
        accreditation.refresh_from_db()
        assert accreditation.status == expected
    untouched.refresh_from_db()
    assert untouched.status == stored
    entries = LogEntry.objects.filter(user=curator)
    assert {int(e.object_id) for e in entries} == {a.pk for a in accreditations}
    assert "2 accreditations changed" in response.content.decode()


def test_reinstating_warns_about_accreditations_past_valid_until(admin_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    lapsed = AccreditationFactory(
        number="OLD-1",
        status=AccreditationStatus.SUSPENDED,
        granted_on=yesterday - datetime.timedelta(days=30),
        valid_until=yesterday,
    )
    response = run_action(admin_client, "reinstate", [lapsed])
    lapsed.refresh_from_db()
    assert lapsed.status == AccreditationStatus.ACTIVE
    assert lapsed.current_status == AccreditationStatus.EXPIRED
    assert (
        "1 reinstated accreditation is past its valid-until date and still counts as expired"
        in response.content.decode()
    )


def autocomplete(client, field_name, term):
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accreditation",
            "model_name": "accreditation",
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_autocomplete_offers_certifiable_standards_for_scope(curator_client):
    iso_9001 = str(standard("iso-9001"))
    assert autocomplete(curator_client, "standards", "9001") == [iso_9001]
    assert autocomplete(curator_client, "standards", "17021") == []


def test_autocomplete_offers_casco_standards_for_casco_field(curator_client):
    assert autocomplete(curator_client, "casco_standard", "17021") == [
        str(standard("iso-iec-17021-1"))
    ]
    assert autocomplete(curator_client, "casco_standard", "9001") == []


def test_autocomplete_finds_sectors_by_code_and_name(curator_client):
    assert autocomplete(curator_client, "sectors", "33") == [str(SectorCode.objects.get(code=33))]
    assert str(SectorCode.objects.get(code=33)) in autocomplete(
        curator_client, "sectors", "information"
    )


def test_autocomplete_offers_accreditation_bodies_in_acronym_order(curator_client):
    texts = autocomplete(curator_client, "accreditation_body", "a")
    assert len(texts) == 20
    assert texts == sorted(texts)


def test_standard_slug_is_derived_from_code_when_left_blank(curator_client):
    response = curator_client.post(
        admin_url("standard", "add"),
        {
            "code": "ISO/IEC 27701",
            "slug": "",
            "edition": 2019,
            "title_en": "Privacy information management",
            "kind": Standard.Kind.CERTIFIABLE,
            "applies_to": Standard.AppliesTo.MANAGEMENT_SYSTEM,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Standard.objects.get(code="ISO/IEC 27701").slug == "iso-iec-27701"


def test_derived_standard_slug_is_checked_for_uniqueness(admin_client):
    response = admin_client.post(
        admin_url("standard", "add"),
        {
            "code": "iso 9001",
            "slug": "",
            "edition": 2015,
            "title_en": "Duplicate",
            "kind": Standard.Kind.CERTIFIABLE,
            "applies_to": Standard.AppliesTo.MANAGEMENT_SYSTEM,
        },
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


def test_view_on_site_leads_to_the_body_page(admin_client):
    accreditation = AccreditationFactory()
    response = admin_client.get(admin_url("accreditation", "change", accreditation.pk))
    url = reverse(
        "admin:view_on_site", args=[response.context["content_type_id"], accreditation.pk]
    )
    assert f'href="{url}"' in response.content.decode()
    redirect = admin_client.get(url)
    assert redirect.status_code == 302
    assert urlsplit(redirect.url).path == accreditation.body.get_absolute_url()
