"""Curators: every change is in the history (who, when, what) and can be reverted; nobody
but a superuser deletes records or manages users, and anonymous visitors change nothing.
"""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accreditation.models import Accreditation, AccreditationBody, SectorCode, Standard
from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)
from tests.security.test_hostile_imports import csv_bytes, good_row

pytestmark = pytest.mark.django_db

# A status action asks for the effective date (and a source) before it changes anything.
STATUS_ACTION_ANSWERS = {"apply": "1", "effective_on": str(timezone.localdate())}


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def form_fields(form):
    """POST data for ``form`` as rendered: the values a browser would send back unchanged."""
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def page_form_data(response, **changes):
    """The admin form of ``response`` (with its inlines) as POST data, with ``changes``."""
    context = response.context
    data = form_fields(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        data.update(form_fields(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_fields(form))
    return {**data, **changes}


def change(client, model, obj, **changes):
    url = admin_url(model, "change", obj.pk)
    response = client.post(url, page_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def revert(client, model, obj, record):
    url = admin_url(model, "simple_history", obj.pk, record.history_id)
    response = client.post(url, page_form_data(client.get(url)))
    assert response.status_code == 302
    return response


class TestHistory:
    def test_an_admin_change_records_who_when_and_what(self, curator_client, curator):
        body = CertificationBodyFactory(city="Berlin")
        change(curator_client, CertificationBody, body, city="Hamburg")
        latest, first = body.history.all()[:2]
        assert body.history.count() == 2  # the search_text refresh adds no record
        assert (latest.history_type, latest.history_user, latest.city) == ("~", curator, "Hamburg")
        delta = latest.diff_against(first)
        assert [(c.field, c.old, c.new) for c in delta.changes] == [("city", "Berlin", "Hamburg")]
        page = curator_client.get(admin_url(CertificationBody, "history", body.pk))
        assert page.status_code == 200
        assert "curator" in page.content.decode()
        assert "Hamburg" in page.content.decode()

    @pytest.mark.parametrize(
        ("model", "field", "value"),
        [
            (AccreditationBody, "name", "Renamed Accreditation Service"),
            (Standard, "title", "Renamed standard"),
            (SectorCode, "name", "Renamed sector"),
        ],
    )
    def test_reference_data_changes_are_recorded_and_can_be_reverted(
        self, curator_client, curator, model, field, value
    ):
        obj = model.objects.order_by("pk").first()
        # The form has the field once per language (accreditation/translation.py).
        change(curator_client, model, obj, **{f"{field}_en": value})
        latest = obj.history.first()
        assert (latest.history_user, getattr(latest, field)) == (curator, value)
        change(curator_client, model, obj, **{f"{field}_en": "Vandalised"})
        revert(curator_client, model, obj, latest)
        obj.refresh_from_db()
        assert getattr(obj, field) == value

    def test_an_accreditation_change_records_its_scope(self, curator_client, curator):
        accreditation = AccreditationFactory(standards=[standard("iso-9001")])
        change(
            curator_client,
            Accreditation,
            accreditation,
            standards=[str(standard("iso-14001").pk)],
            number="D-ZM-CHANGED",
        )
        latest = accreditation.history.first()
        assert latest.history_user == curator
        assert latest.number == "D-ZM-CHANGED"
        assert [row.standard.code for row in latest.standards.all()] == ["ISO 14001"]
        assert "d zm changed" in CertificationBody.objects.get().search_text

    def test_status_actions_are_recorded_with_the_scope(self, curator_client, curator):
        accreditation = AccreditationFactory(sectors=[28])
        response = curator_client.post(
            admin_url(Accreditation, "changelist"),
            {"action": "suspend", "_selected_action": [accreditation.pk], **STATUS_ACTION_ANSWERS},
        )
        assert response.status_code == 302
        latest = accreditation.history.first()
        assert (latest.status, latest.history_user) == ("suspended", curator)
        assert latest.history_change_reason == "Status set to Suspended by action."
        assert [row.sector.code for row in latest.sectors.all()] == [28]
        assert [row.standard.code for row in latest.standards.all()] == ["ISO 9001"]

    def test_an_import_records_every_body_and_accreditation_it_writes(self, curator):
        file = io.BytesIO(csv_bytes([good_row(1), good_row(2)]))
        file.name = "/tmp/register-2026.csv"
        import_bodies_csv(file=file, user=curator)
        for model in (CertificationBody, Accreditation):
            records = model.history.all()
            assert records.count() == 2
            assert {r.history_change_reason for r in records} == {"import: register-2026.csv"}
            assert {(r.history_type, r.history_user) for r in records} == {("+", curator)}
        accreditation = Accreditation.history.first()
        assert [row.standard.code for row in accreditation.standards.all()] == ["ISO 9001"]
        assert [row.sector.code for row in accreditation.sectors.all()] == [28]

        changed = good_row(1)
        changed[2] = "Hamburg"  # city
        changed[10] = "withdrawn"  # status
        import_bodies_csv(file=io.BytesIO(csv_bytes([changed, good_row(2)])))
        body = CertificationBody.objects.get(name=changed[0])
        assert [r.history_type for r in body.history.all()] == ["~", "+"]
        assert body.history.first().city == "Hamburg"
        assert Accreditation.objects.get(number=changed[6]).history.first().status == "withdrawn"
        assert CertificationBody.history.count() == 3  # the unchanged body got no record

    def test_an_admin_import_records_the_curator_and_the_file_name(self, curator_client, curator):
        upload = SimpleUploadedFile("ukas-2026.csv", csv_bytes([good_row(1)]))
        url = "/admin/bodies/certificationbody/import/"
        preview = curator_client.post(url, {"file": upload})
        token = preview.context["confirm_form"]["token"].value()
        assert curator_client.post(url, {"token": token}).status_code == 302
        record = CertificationBody.history.get()
        assert (record.history_user, record.history_change_reason) == (
            curator,
            "import: ukas-2026.csv",
        )

    def test_a_body_can_be_reverted_to_an_earlier_version(self, curator_client, curator):
        body = CertificationBodyFactory(name="Original Cert", city="Berlin")
        change(curator_client, CertificationBody, body, name="Vandalised", city="Nowhere")
        original = body.history.last()
        revert(curator_client, CertificationBody, body, original)
        body.refresh_from_db()
        assert (body.name, body.city) == ("Original Cert", "Berlin")
        assert "original cert" in body.search_text
        assert body.history.first().history_user == curator

    def test_an_accreditation_can_be_reverted_with_its_scope_and_number(self, curator_client):
        accreditation = AccreditationFactory(number="D-ZM-1", sectors=[28])
        original = accreditation.history.first()
        change(
            curator_client,
            Accreditation,
            accreditation,
            number="D-ZM-2",
            standards=[str(standard("iso-14001").pk)],
            sectors=[],
            status="withdrawn",
        )
        revert(curator_client, Accreditation, accreditation, original)
        accreditation.refresh_from_db()
        assert (accreditation.number, accreditation.status) == ("D-ZM-1", "active")
        assert [s.code for s in accreditation.standards.all()] == ["ISO 9001"]
        assert [s.code for s in accreditation.sectors.all()] == [28]
        search_text = accreditation.body.__class__.objects.get().search_text
        assert "d zm 1" in search_text
        assert "d zm 2" not in search_text

    def test_reverting_a_moved_accreditation_refreshes_both_bodies(self, curator_client):
        accreditation = AccreditationFactory(number="MOVED-1")
        first, second = accreditation.body, CertificationBodyFactory()
        original = accreditation.history.first()
        change(curator_client, Accreditation, accreditation, body=str(second.pk))
        revert(curator_client, Accreditation, accreditation, original)
        first.refresh_from_db()
        second.refresh_from_db()
        assert "moved 1" in first.search_text
        assert "moved 1" not in second.search_text

    def test_a_superuser_deletion_is_recorded_and_can_be_undone(self, admin_client, admin_user):
        accreditation = AccreditationFactory()
        body = accreditation.body
        url = admin_url(CertificationBody, "delete", body.pk)
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
        assert not Accreditation.objects.exists()
        deleted = Accreditation.history.first()
        assert (deleted.history_type, deleted.history_user) == ("-", admin_user)
        assert CertificationBody.history.first().history_type == "-"
        revert(admin_client, CertificationBody, body, body.history.filter(history_type="~")[0])
        revert(admin_client, Accreditation, accreditation, accreditation.history.all()[1])
        assert Accreditation.objects.get().standards.get().code == "ISO 9001"


class TestPermissions:
    MODELS = [CertificationBody, Accreditation, AccreditationBody, Standard, SectorCode]

    @pytest.mark.parametrize("model", MODELS)
    def test_curators_cannot_delete_anything(self, curator_client, model):
        accreditation = AccreditationFactory(sectors=[28])
        obj = {
            CertificationBody: accreditation.body,
            Accreditation: accreditation,
            AccreditationBody: accreditation.accreditation_body,
            Standard: accreditation.standards.get(),
            SectorCode: accreditation.sectors.get(),
        }[model]
        url = admin_url(model, "delete", obj.pk)
        assert curator_client.get(url).status_code == 403
        assert curator_client.post(url, {"post": "yes"}).status_code == 403
        curator_client.post(
            admin_url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert model.objects.filter(pk=obj.pk).exists()
        assert Accreditation.objects.filter(pk=accreditation.pk).exists()

    def test_a_curator_cannot_delete_an_accreditation_through_the_body_form(self, curator_client):
        accreditation = AccreditationFactory()
        url = admin_url(CertificationBody, "change", accreditation.body.pk)
        page = curator_client.get(url)
        assert "accreditations-0-DELETE" not in page.content.decode()
        data = page_form_data(page, **{"accreditations-0-DELETE": "on"})
        assert curator_client.post(url, data).status_code == 302
        assert Accreditation.objects.filter(pk=accreditation.pk).exists()

    def test_an_import_never_deletes_accreditations_it_does_not_mention(self):
        kept = AccreditationFactory(number="KEPT-1")
        row = good_row(1)
        row[0], row[1] = kept.body.name, kept.body.country.code
        import_bodies_csv(file=io.BytesIO(csv_bytes([row])))
        assert Accreditation.objects.filter(pk=kept.pk).exists()
        assert kept.body.accreditations.count() == 2

    @pytest.mark.parametrize(
        "path", ["auth/user/", "auth/user/add/", "auth/group/", "auth/group/add/"]
    )
    def test_only_superusers_manage_users(self, curator_client, admin_client, path):
        assert curator_client.get(f"/admin/{path}").status_code == 403
        assert admin_client.get(f"/admin/{path}").status_code == 200

    def test_the_curator_group_has_no_user_or_group_permissions(self):
        curator_permissions = Group.objects.get(name="Curator").permissions.all()
        assert curator_permissions.exists()
        assert not curator_permissions.filter(content_type__app_label="auth").exists()
        assert not curator_permissions.filter(codename__startswith="delete_").exists()
        assert Permission.objects.filter(codename="delete_certificationbody").exists()

    def test_a_curator_cannot_make_themselves_superuser(self, curator_client, curator):
        response = curator_client.post(
            admin_url(curator.__class__, "change", curator.pk),
            {"username": "curator", "is_superuser": "on", "is_staff": "on"},
        )
        assert response.status_code == 403
        curator.refresh_from_db()
        assert not curator.is_superuser

    def test_anonymous_visitors_change_nothing(self, client):
        body = CertificationBodyFactory(city="Berlin")
        data = {"name": "Defaced", "city": "Defaced", "country": "DE"}
        for url in (
            admin_url(CertificationBody, "change", body.pk),
            admin_url(CertificationBody, "add"),
            "/admin/bodies/certificationbody/import/",
        ):
            response = client.post(url, data)
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
        body.refresh_from_db()
        assert body.city == "Berlin"
        assert CertificationBody.objects.count() == 1
        assert not CertificationBody.history.filter(history_type="~").exists()

    def test_public_pages_take_no_posts(self, body):
        # As a browser would: without the CSRF token that only our forms carry.
        client = Client(enforce_csrf_checks=True)
        urls = [
            "/",
            "/bodies/",
            body.get_absolute_url(),
            "/bodies/export.csv",
            accreditation_body("ukas").get_absolute_url(),
            standard("iso-9001").get_absolute_url(),
        ]
        for url in urls:
            assert client.post(url, {"name": "Defaced"}).status_code == 403, url
