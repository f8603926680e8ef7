"""The admin records events: status actions ask for the effective date and a source; edits
of status or scope, and new accreditations, record what they changed."""

import datetime

import pytest
from django.utils import timezone

from accreditation.events import AccreditationEvent, EventKind, EventOrigin
from accreditation.models import AccreditationStatus
from tests.accreditation.test_admin import admin_url, run_action
from tests.factories import AccreditationFactory, CertificationBodyFactory, standard

pytestmark = pytest.mark.django_db


def test_an_action_first_asks_when_it_took_effect(admin_client):
    accreditation = AccreditationFactory()
    response = admin_client.post(
        admin_url("accreditation", "changelist"),
        {"action": "suspend", "_selected_action": [accreditation.pk]},
    )
    html = response.content.decode()
    assert "Effective date" in html and "Source" in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.ACTIVE
    assert not AccreditationEvent.objects.exists()


def test_the_answer_is_recorded_as_the_event(admin_client, admin_user):
    accreditation = AccreditationFactory()
    run_action(
        admin_client,
        "suspend",
        [accreditation],
        effective_on="2025-03-03",
        source_url="dakks.example/notice/7",
        note="Suspended at the body's request.",
    )
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUSPENDED
    [event] = AccreditationEvent.objects.all()
    assert (event.kind, event.effective_on, event.source_url, event.note) == (
        EventKind.SUSPENDED,
        datetime.date(2025, 3, 3),
        "https://dakks.example/notice/7",
        "Suspended at the body's request.",
    )
    assert (event.origin, event.recorded_by) == (EventOrigin.ADMIN, admin_user)


def test_a_future_effective_date_is_refused(admin_client):
    accreditation = AccreditationFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = run_action(admin_client, "withdraw", [accreditation], effective_on=tomorrow)
    assert "cannot be in the future" in response.content.decode()
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.ACTIVE


def change_form_data(accreditation, **changes):
    data = {
        "body": accreditation.body_id,
        "accreditation_body": accreditation.accreditation_body_id,
        "number": accreditation.number,
        "casco_standard": accreditation.casco_standard_id,
        "status": accreditation.status,
        "granted_on": accreditation.granted_on.isoformat(),
        "valid_until": accreditation.valid_until.isoformat(),
    }
    if "standards" not in changes:
        data["standards"] = [s.pk for s in accreditation.standards.all()]
    return {**data, **changes}


def test_an_edit_of_status_and_scope_records_its_events(admin_client):
    accreditation = AccreditationFactory(standards=[standard("iso-9001"), standard("iso-14001")])
    url = admin_url("accreditation", "change", accreditation.pk)
    form = admin_client.get(url).context["adminform"].form
    data = change_form_data(
        accreditation,
        status="suspended",
        standards=[standard("iso-9001").pk, standard("iso-iec-27001").pk],
        edit_stamp=form["edit_stamp"].value(),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    events = AccreditationEvent.objects.order_by("kind", "standard__code")
    assert [(e.kind, e.standard.code if e.standard else "", e.effective_on) for e in events] == [
        (EventKind.SCOPE_EXTENDED, "ISO/IEC 27001", None),
        (EventKind.SCOPE_REDUCED, "ISO 14001", None),
        (EventKind.SUSPENDED, "", None),
    ]


def test_a_new_accreditation_records_its_grant(admin_client):
    body = CertificationBodyFactory()
    template = AccreditationFactory.build(body=body, granted_on=datetime.date(2024, 5, 1))
    data = change_form_data(template, number="NEW-1", standards=[standard("iso-9001").pk])
    response = admin_client.post(admin_url("accreditation", "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    [event] = AccreditationEvent.objects.all()
    assert (event.kind, event.effective_on) == (EventKind.GRANTED, datetime.date(2024, 5, 1))
