"""Events recorded by the body admin's accreditation inline, against hand-computed
expectations: suspension then reinstatement, withdrawal, expiry by date, scope reduction."""

import datetime

import pytest
from django.utils import timezone

from accreditation.events import AccreditationEvent, EventDating, EventKind, EventOrigin
from accreditation.models import Accreditation, AccreditationStatus
from accreditation.timeline import state_on, timeline
from tests.bodies.test_admin import (
    accreditation_form,
    admin_url,
    body_form_data,
    change_url,
    edit_stamps,
    inline_data,
)
from tests.factories import AccreditationFactory, accreditation_body, standard

pytestmark = pytest.mark.django_db

D = datetime.date
ACTIVE = AccreditationStatus.ACTIVE
SUSPENDED = AccreditationStatus.SUSPENDED
WITHDRAWN = AccreditationStatus.WITHDRAWN
EXPIRED = AccreditationStatus.EXPIRED


@pytest.fixture
def accreditation():
    """PCA AC 7, granted 2020-01-10 and valid until 2030-01-09, for ISO 9001 and ISO 22000."""
    return AccreditationFactory(
        accreditation_body=accreditation_body("pca"),
        number="AC 7",
        granted_on=D(2020, 1, 10),
        valid_until=D(2030, 1, 9),
        standards=[standard("iso-9001"), standard("iso-22000")],
        sectors=[],
    )


def edit(client, accreditation, **changes):
    """Post the body's change form with the accreditation's inline form changed."""
    accreditation.refresh_from_db()
    body = accreditation.body
    form = accreditation_form(
        accreditation.number,
        id=accreditation.pk,
        accreditation_body=accreditation.accreditation_body_id,
        standards=[s.pk for s in accreditation.standards.all()],
        sectors=[],
        status=accreditation.status,
        granted_on=accreditation.granted_on.isoformat(),
        valid_until=accreditation.valid_until.isoformat(),
    )
    form.update(changes)
    data = {
        **body_form_data(name=body.name, slug=body.slug, country=body.country.code),
        **inline_data([form], initial=1),
        **edit_stamps(client, body),
    }
    return client.post(change_url(body), data)


def saved(response):
    assert response.status_code == 302, response.context["errors"]


def loaded(accreditation):
    return Accreditation.objects.prefetch_related("events__standard", "standards").get(
        pk=accreditation.pk
    )


def recorded(accreditation):
    return [
        (e.kind, e.effective_on, e.standard)
        for e in timeline(loaded(accreditation))
        if not e.derived
    ]


def statuses(accreditation, dates):
    accreditation = loaded(accreditation)
    return [state_on(accreditation, on).status for on in dates]


def test_the_inline_asks_when_a_change_took_effect(admin_client, accreditation):
    content = admin_client.get(change_url(accreditation.body)).content.decode()

    assert 'name="accreditations-0-effective_on"' in content
    assert "Change took effect on" in content


def test_suspension_then_reinstatement(admin_client, admin_user, accreditation):
    saved(edit(admin_client, accreditation, status=SUSPENDED, effective_on="2024-03-01"))
    saved(edit(admin_client, accreditation, status=ACTIVE, effective_on="2024-09-15"))

    assert recorded(accreditation) == [
        (EventKind.SUSPENDED, D(2024, 3, 1), ""),
        (EventKind.REINSTATED, D(2024, 9, 15), ""),
    ]
    dates = [D(2020, 1, 9), D(2020, 1, 10), D(2024, 2, 29), D(2024, 3, 1), D(2024, 9, 14)]
    dates += [D(2024, 9, 15), timezone.localdate()]
    assert statuses(accreditation, dates) == [
        None,
        ACTIVE,
        ACTIVE,
        SUSPENDED,
        SUSPENDED,
        ACTIVE,
        ACTIVE,
    ]
    events = AccreditationEvent.objects.all()
    assert {(e.origin, e.recorded_by, e.dated, e.note, e.explanation) for e in events} == {
        (EventOrigin.ADMIN, admin_user, EventDating.AS_GIVEN, "", "")
    }


def test_withdrawal_without_a_date_is_dated_today_and_says_so(admin_client, accreditation):
    today = timezone.localdate()

    saved(edit(admin_client, accreditation, status=WITHDRAWN))

    assert recorded(accreditation) == [(EventKind.WITHDRAWN, today, "")]
    yesterday = today - datetime.timedelta(days=1)
    assert statuses(accreditation, [yesterday, today]) == [ACTIVE, WITHDRAWN]
    withdrawal = AccreditationEvent.objects.get()
    assert (withdrawal.dated, withdrawal.note) == (EventDating.EDIT_DAY, "")
    assert withdrawal.explanation == (
        "No effective date was given with this edit: dated the day of the edit."
    )


def test_scope_reduction(admin_client, accreditation):
    saved(
        edit(
            admin_client,
            accreditation,
            standards=[standard("iso-9001").pk],
            effective_on="2025-05-01",
        )
    )

    assert recorded(accreditation) == [(EventKind.SCOPE_REDUCED, D(2025, 5, 1), "ISO 22000")]
    loaded_ = loaded(accreditation)
    assert state_on(loaded_, D(2025, 4, 30)).scope == ["ISO 22000", "ISO 9001"]
    assert state_on(loaded_, D(2025, 5, 1)).scope == ["ISO 9001"]


def test_expiry_by_date_writes_no_event(admin_client, accreditation):
    saved(edit(admin_client, accreditation, valid_until="2025-06-30"))

    assert not AccreditationEvent.objects.exists()
    assert statuses(accreditation, [D(2025, 6, 30), D(2025, 7, 1), timezone.localdate()]) == [
        ACTIVE,
        EXPIRED,
        EXPIRED,
    ]


def test_a_new_accreditation_inline_records_its_grant(curator_client):
    response = curator_client.post(
        admin_url("add"), {**body_form_data(), **inline_data([accreditation_form("AC 9")])}
    )

    saved(response)
    [grant] = AccreditationEvent.objects.all()
    assert (grant.kind, grant.effective_on, grant.valid_until) == (
        EventKind.GRANTED,
        D(2023, 3, 1),
        D(2027, 2, 28),
    )


def test_a_future_date_is_refused_and_nothing_is_saved(admin_client, accreditation):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = edit(
        admin_client, accreditation, status=SUSPENDED, effective_on=tomorrow.isoformat()
    )

    assert response.status_code == 200
    assert "The effective date cannot be in the future." in response.content.decode()
    accreditation.refresh_from_db()
    assert accreditation.status == ACTIVE
    assert not AccreditationEvent.objects.exists()


def test_a_date_alone_changes_nothing_and_records_nothing(admin_client, accreditation):
    updated_at = accreditation.updated_at

    saved(edit(admin_client, accreditation, effective_on="2024-03-01"))

    accreditation.refresh_from_db()
    assert accreditation.updated_at == updated_at
    assert not AccreditationEvent.objects.exists()


def test_an_accreditation_deleted_inline_records_nothing(admin_client, accreditation):
    saved(edit(admin_client, accreditation, status=WITHDRAWN, DELETE="on"))

    assert not Accreditation.objects.exists()
    assert not AccreditationEvent.objects.exists()
