"""Admin curation of bodies, with their accreditations and scope inline."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.models import Accreditation, AccreditationStatus, SectorCode
from bodies.models import CertificationBody
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db


def admin_url(view, *args):
    return reverse(f"admin:bodies_certificationbody_{view}", args=args)


def change_url(body):
    return admin_url("change", body.pk)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def body_form_data(**overrides):
    data = {
        "name": "Żywność Cert Sp. z o.o.",
        "aliases": "",
        "slug": "zywnosc-cert",
        "country": "PL",
        "city": "Gdańsk",
        "address": "",
        "website": "",
        "email": "",
        "phone": "",
        "description": "",
    }
    return {**data, **overrides}


def inline_data(forms, initial=0):
    """POST data for the accreditations inline: management form plus one dict per form."""
    data = {
        "accreditations-TOTAL_FORMS": len(forms),
        "accreditations-INITIAL_FORMS": initial,
        "accreditations-MIN_NUM_FORMS": 0,
        "accreditations-MAX_NUM_FORMS": 1000,
    }
    for i, form in enumerate(forms):
        data.update({f"accreditations-{i}-{name}": value for name, value in form.items()})
    return data


def edit_stamps(client, body):
    """The edit stamps of the body's change form and its inline forms, as shown now."""
    context = client.get(change_url(body)).context
    stamps = {"edit_stamp": context["adminform"].form["edit_stamp"].value()}
    for form in context["inline_admin_formsets"][0].formset.forms:
        stamps[form.add_prefix("edit_stamp")] = form["edit_stamp"].value()
    return stamps


def accreditation_form(number, **overrides):
    form = {
        "id": "",
        "accreditation_body": accreditation_body("pca").pk,
        "number": number,
        "casco_standard": standard("iso-iec-17021-1").pk,
        "standards": [standard("iso-22000").pk, standard("iso-9001").pk],
        "sectors": [s.pk for s in SectorCode.objects.filter(code__in=[3, 30])],
        "status": AccreditationStatus.ACTIVE,
        "granted_on": "2023-03-01",
        "valid_until": "2027-02-28",
        "scope_document_url": "",
        "last_verified_on": "",
    }
    return {**form, **overrides}


def test_superuser_pages_render(admin_client):
    body = AccreditationFactory().body
    for url in (admin_url("changelist"), admin_url("add"), change_url(body)):
        assert admin_client.get(url).status_code == 200, url


def test_changelist_queries_do_not_grow_with_rows(admin_client):
    AccreditationFactory(sectors=[28])
    admin_client.get(admin_url("changelist"))  # warm per-process caches (content types, sessions)
    one = queries_for(admin_client, admin_url("changelist"))
    for _ in range(9):
        body = CertificationBodyFactory()
        AccreditationFactory.create_batch(2, body=body, sectors=[28, 33])
    ten = queries_for(admin_client, admin_url("changelist"))
    assert CertificationBody.objects.count() == 10
    assert ten == one


def test_changelist_shows_accreditation_counts_and_standing(admin_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    accredited = AccreditationFactory().body
    AccreditationFactory(body=accredited, status=AccreditationStatus.WITHDRAWN)
    lapsed = AccreditationFactory(
        granted_on=yesterday - datetime.timedelta(days=30), valid_until=yesterday
    ).body
    unaccredited = CertificationBodyFactory()

    response = admin_client.get(admin_url("changelist"))
    rows = {body.pk: body for body in response.context["cl"].result_list}
    assert rows[accredited.pk].accreditation_count == 2
    assert rows[unaccredited.pk].accreditation_count == 0
    admin = response.context["cl"].model_admin
    assert admin.standing(rows[accredited.pk]) == "Accredited"
    assert admin.standing(rows[lapsed.pk]) == "No longer accredited"
    assert admin.standing(rows[unaccredited.pk]) == "Not accredited"
    assert "No longer accredited" in response.content.decode()


def test_search_finds_bodies_by_folded_accreditation_number(admin_client):
    AccreditationFactory(number="AC-090")
    CertificationBodyFactory()
    response = admin_client.get(admin_url("changelist"), {"q": "ac 090"})
    assert [b.accreditations.get().number for b in response.context["cl"].result_list] == ["AC-090"]


def test_country_filter_lists_only_countries_in_use(admin_client):
    CertificationBodyFactory(country="AT")
    response = admin_client.get(admin_url("changelist"), {"country": "AT"})
    assert [b.country.code for b in response.context["cl"].result_list] == ["AT"]
    country_filter = next(
        f for f in response.context["cl"].filter_specs if f.field_path == "country"
    )
    assert [code for code, _ in country_filter.lookup_choices(response.context["cl"])] == ["AT"]


def test_adding_a_body_with_an_inline_accreditation_saves_scope_and_search_text(curator_client):
    response = curator_client.post(
        admin_url("add"), {**body_form_data(), **inline_data([accreditation_form("AC 123/Ł")])}
    )
    assert response.status_code == 302, response.context["errors"]
    body = CertificationBody.objects.get(slug="zywnosc-cert")
    accreditation = body.accreditations.get()
    assert accreditation.number == "AC 123/Ł"
    assert {s.code for s in accreditation.standards.all()} == {"ISO 22000", "ISO 9001"}
    assert {s.code for s in accreditation.sectors.all()} == {3, 30}
    assert body.search_text == "zywnosc cert sp z o o gdansk ac 123 l"


def test_changing_an_inline_accreditation_number_refreshes_search_text(admin_client):
    accreditation = AccreditationFactory(number="OLD-1", standards=[standard("iso-9001")])
    body = accreditation.body
    data = {
        **body_form_data(name=body.name, slug=body.slug, country=body.country.code, city="Bonn"),
        **inline_data(
            [
                accreditation_form(
                    "NEW-2",
                    id=accreditation.pk,
                    accreditation_body=accreditation.accreditation_body_id,
                    standards=[standard("iso-14001").pk],
                    sectors=[],
                )
            ],
            initial=1,
        ),
        **edit_stamps(admin_client, body),
    }
    response = admin_client.post(change_url(body), data)
    assert response.status_code == 302, response.context["errors"]
    body.refresh_from_db()
    assert body.search_text.endswith("bonn new 2")
    accreditation.refresh_from_db()
    assert [s.code for s in accreditation.standards.all()] == ["ISO 14001"]
    assert not accreditation.sectors.exists()


def test_inline_refuses_casco_standards_in_scope(admin_client):
    form = accreditation_form("AC-1", standards=[standard("iso-iec-17065").pk])
    response = admin_client.post(admin_url("add"), {**body_form_data(), **inline_data([form])})
    assert response.status_code == 200
    assert "standards" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert not CertificationBody.objects.exists()


def test_inline_offers_deletion_to_superusers_only(admin_client, curator_client):
    body = AccreditationFactory().body
    for client, can_delete in ((admin_client, True), (curator_client, False)):
        response = client.get(change_url(body))
        assert response.status_code == 200
        assert response.context["inline_admin_formsets"][0].formset.can_delete is can_delete


def test_inline_shows_scope_fields_with_autocomplete(curator_client):
    body = AccreditationFactory(standards=[standard("iso-9001")], sectors=[28]).body
    response = curator_client.get(change_url(body))
    form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert {"standards", "sectors"} <= set(form.fields)
    content = response.content.decode()
    assert 'data-ajax--url="/admin/autocomplete/"' in content
    assert 'name="accreditations-0-standards"' in content


def test_curator_cannot_delete_bodies(curator_client):
    body = CertificationBodyFactory()
    delete_url = admin_url("delete", body.pk)
    assert curator_client.get(delete_url).status_code == 403
    assert curator_client.post(delete_url, {"post": "yes"}).status_code == 403
    curator_client.post(
        admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [body.pk], "post": "yes"},
    )
    assert CertificationBody.objects.filter(pk=body.pk).exists()


def test_superuser_can_delete_bodies_from_the_changelist(admin_client):
    bodies = [AccreditationFactory().body, CertificationBodyFactory()]
    response = admin_client.post(
        admin_url("changelist"),
        {"action": "delete_selected", "_selected_action": [b.pk for b in bodies], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CertificationBody.objects.exists()
    assert not Accreditation.objects.exists()


def test_autocomplete_finds_bodies_for_accreditations_in_name_order(curator_client):
    later = CertificationBodyFactory(name="Veritas Cert")
    earlier = CertificationBodyFactory(name="Bureau Veritas Polska")
    CertificationBodyFactory()
    response = curator_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accreditation",
            "model_name": "accreditation",
            "field_name": "body",
            "term": "veritas",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(earlier.pk), str(later.pk)]
