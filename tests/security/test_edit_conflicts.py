"""Two curators editing one record: the second save, from a form shown before the first
save, is refused with the changes it would have undone, and nothing is overwritten.
"""

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Standard,
)
from bodies.models import CertificationBody
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)
from tests.security.test_curators import STATUS_ACTION_ANSWERS, admin_url, page_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_client(django_user_model):
    """A second curator, in a browser of their own."""
    user = django_user_model.objects.create_user(username="other", is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    client = Client()
    client.force_login(user)
    return client


def shown(client, obj):
    response = client.get(admin_url(type(obj), "change", obj.pk))
    assert response.status_code == 200
    return response


def save(client, obj, page, **changes):
    return client.post(admin_url(type(obj), "change", obj.pk), page_form_data(page, **changes))


def refusal(response):
    """The form errors of a refused save (the change form shown again)."""
    assert response.status_code == 200
    context = response.context
    errors = list(context["adminform"].form.non_field_errors())
    for inline in context.get("inline_admin_formsets", []):
        for form in inline.formset.forms:
            errors += form.non_field_errors()
    assert errors, "the save was not refused"
    return " ".join(errors)


def the_accreditation():
    return AccreditationFactory(status=AccreditationStatus.ACTIVE, standards=[standard("iso-9001")])


# (record, the first curator's change, the second's, what the refusal says, field to check)
CASES = {
    "accreditation": (
        the_accreditation,
        {"status": AccreditationStatus.SUSPENDED},
        {"last_verified_on": "2026-01-15"},
        "status is now Suspended (was Active)",
        ("status", AccreditationStatus.SUSPENDED),
    ),
    "body": (
        lambda: CertificationBodyFactory(city="Berlin"),
        {"city": "Hamburg"},
        {"phone": "+49 30 123456"},
        "city is now Hamburg (was Berlin)",
        ("city", "Hamburg"),
    ),
    "accreditation body": (
        lambda: accreditation_body("ukas"),
        {"iaf_mla": "no"},
        {"website": "https://ukas.example"},
        "IAF MLA signatory is now Not a signatory (was Signatory)",
        ("iaf_mla", "no"),
    ),
    "standard": (
        lambda: standard("iso-9001"),
        {"title_en": "Quality management, retitled"},
        {"edition": "2026"},
        "title [en] is now Quality management, retitled (was Quality management systems",
        ("title", "Quality management, retitled"),
    ),
    "sector": (
        lambda: SectorCode.objects.get(code=28),
        {"name_en": "Construction, renamed"},
        {"name_en": "Construction, renamed differently"},
        "name [en] is now Construction, renamed (was Construction)",
        ("name", "Construction, renamed"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_save_from_a_stale_form_is_refused(curator_client, other_client, case):
    make, first, second, message, (field, kept) = CASES[case]
    obj = make()
    page_first, page_second = shown(curator_client, obj), shown(other_client, obj)
    assert save(curator_client, obj, page_first, **first).status_code == 302
    response = save(other_client, obj, page_second, **second)
    text = refusal(response)
    assert text.startswith("Someone else changed this record while you were editing: ")
    assert message in text
    assert text.endswith("Reload to see their changes, then make yours again.")
    obj.refresh_from_db()
    assert getattr(obj, field) == kept
    second_field, second_value = next(iter(second.items()))
    assert str(getattr(obj, second_field)) != second_value


def test_a_suspension_by_action_is_not_undone_by_a_stale_form(curator_client, other_client):
    """The red team's case: the stale form changes only the date it was last verified."""
    accreditation = the_accreditation()
    page = shown(other_client, accreditation)
    curator_client.post(
        admin_url(Accreditation, "changelist"),
        {"action": "suspend", "_selected_action": [accreditation.pk], **STATUS_ACTION_ANSWERS},
    )
    response = save(other_client, accreditation, page, last_verified_on="2026-01-15")
    assert "status is now Suspended (was Active)" in refusal(response)
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUSPENDED
    assert accreditation.last_verified_on is None


def test_a_scope_change_is_not_undone_by_a_stale_form(curator_client, other_client):
    accreditation = the_accreditation()
    page_first, page_second = (
        shown(curator_client, accreditation),
        shown(other_client, accreditation),
    )
    scope = [str(standard("iso-9001").pk), str(standard("iso-14001").pk)]
    assert save(curator_client, accreditation, page_first, standards=scope).status_code == 302
    response = save(other_client, accreditation, page_second, last_verified_on="2026-01-15")
    assert "standards in scope is now ISO 14001:2015, ISO 9001:2015 (was ISO 9001:2015)" in (
        refusal(response)
    )
    assert {s.slug for s in accreditation.standards.all()} == {"iso-9001", "iso-14001"}


def test_saves_one_after_the_other_both_stay(curator_client, other_client):
    accreditation = the_accreditation()
    page = shown(curator_client, accreditation)
    assert save(curator_client, accreditation, page, status="suspended").status_code == 302
    page = shown(other_client, accreditation)
    assert save(other_client, accreditation, page, last_verified_on="2026-01-15").status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUSPENDED
    assert str(accreditation.last_verified_on) == "2026-01-15"


def test_the_same_form_saved_again_after_an_error_still_saves(curator_client):
    accreditation = the_accreditation()
    page = shown(curator_client, accreditation)
    bad = save(curator_client, accreditation, page, valid_until="not a date")
    assert bad.status_code == 200
    assert save(curator_client, accreditation, bad, valid_until="2030-01-01").status_code == 302
    accreditation.refresh_from_db()
    assert str(accreditation.valid_until) == "2030-01-01"


def test_a_stale_inline_accreditation_refuses_the_body_form(curator_client, other_client):
    accreditation = the_accreditation()
    body = accreditation.body
    page = shown(other_client, body)
    curator_client.post(
        admin_url(Accreditation, "changelist"),
        {"action": "suspend", "_selected_action": [accreditation.pk], **STATUS_ACTION_ANSWERS},
    )
    response = save(other_client, body, page, city="Hamburg")
    assert "status is now Suspended (was Active)" in refusal(response)
    body.refresh_from_db()
    accreditation.refresh_from_db()
    assert body.city == "Berlin"
    assert accreditation.status == AccreditationStatus.SUSPENDED


def test_a_stale_body_refuses_its_inline_changes_too(curator_client, other_client):
    accreditation = the_accreditation()
    body = accreditation.body
    page_first, page_second = shown(curator_client, body), shown(other_client, body)
    assert save(curator_client, body, page_first, city="Hamburg").status_code == 302
    response = save(other_client, body, page_second, **{"accreditations-0-number": "CHANGED-1"})
    assert "city is now Hamburg (was Berlin)" in refusal(response)
    accreditation.refresh_from_db()
    assert accreditation.number != "CHANGED-1"


def test_an_inline_change_on_a_fresh_body_form_saves(curator_client, other_client):
    accreditation = the_accreditation()
    body = accreditation.body
    page = shown(other_client, body)
    other = AccreditationFactory(body=CertificationBodyFactory())
    curator_client.post(
        admin_url(Accreditation, "changelist"),
        {"action": "suspend", "_selected_action": [other.pk], **STATUS_ACTION_ANSWERS},
    )
    response = save(other_client, body, page, **{"accreditations-0-number": "CHANGED-1"})
    assert response.status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.number == "CHANGED-1"


def test_a_stale_revert_is_refused(curator_client, other_client):
    body = CertificationBodyFactory(city="Berlin")
    page = shown(curator_client, body)
    save(curator_client, body, page, city="Hamburg")
    record = body.history.earliest()
    url = admin_url(CertificationBody, "simple_history", body.pk, record.history_id)
    revert_page = other_client.get(url)
    save(curator_client, body, shown(curator_client, body), city="Munich")
    response = other_client.post(url, page_form_data(revert_page))
    assert "city is now Munich (was Hamburg)" in refusal(response)
    body.refresh_from_db()
    assert body.city == "Munich"


@pytest.mark.parametrize(
    "stamp",
    [None, "", "garbage", signing.dumps({"status": "active"}, salt="elsewhere")],
    ids=["missing", "empty", "garbage", "forged"],
)
def test_a_form_without_a_valid_stamp_is_refused(curator_client, stamp):
    accreditation = the_accreditation()
    data = page_form_data(shown(curator_client, accreditation), status="withdrawn")
    if stamp is None:
        del data["edit_stamp"]
    else:
        data["edit_stamp"] = stamp
    response = curator_client.post(admin_url(Accreditation, "change", accreditation.pk), data)
    assert "lacks the stamp" in refusal(response)
    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.ACTIVE


def test_a_stamp_of_another_record_is_refused(curator_client):
    one, two = the_accreditation(), the_accreditation()
    stamp = shown(curator_client, one).context["adminform"].form["edit_stamp"].value()
    data = page_form_data(shown(curator_client, two), status="withdrawn", edit_stamp=stamp)
    response = curator_client.post(admin_url(Accreditation, "change", two.pk), data)
    assert "lacks the stamp" in refusal(response)


@pytest.mark.parametrize("model", [Accreditation, AccreditationBody, Standard, SectorCode])
def test_adding_needs_no_stamp(curator_client, model):
    response = curator_client.get(admin_url(model, "add"))
    assert "edit_stamp" not in response.content.decode()
