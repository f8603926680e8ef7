"""What a curator does in a real browser: add a body in the admin, and try a bad import file."""

import re

import pytest
from playwright.sync_api import expect

from accreditation.models import Accreditation
from bodies.models import CertificationBody
from tests.browser.conftest import HANG_LIMIT_S, offsite_requests

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]

NEW_BODY = "Nordlicht Zertifizierung GmbH"


def log_in(page, user):
    page.goto("/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("curator-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def autocomplete(page, field, typed, choice):
    """Pick ``choice`` in the admin's autocomplete widget (select2) for the ``field`` select."""
    container = page.locator(f"select[name='{field}'] + .select2-container")
    container.locator(".select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(typed)
    page.locator(".select2-results__option", has_text=choice).first.click()
    # The hidden <select> behind the widget holds what will be posted.
    expect(page.locator(f"select[name='{field}'] option:checked")).to_contain_text([choice])


def test_curator_adds_a_body_with_an_accreditation_and_the_public_finds_it(
    page, request_log, live_server, directory, curator
):
    log_in(page, curator)
    page.get_by_role("link", name=re.compile("^Conformity assessment bod")).first.click()
    page.get_by_role("link", name=re.compile("^Add conformity assessment body")).click()

    page.get_by_label("Name:").press_sequentially(NEW_BODY)
    expect(page.get_by_label("Slug:")).to_have_value("nordlicht-zertifizierung-gmbh")
    page.get_by_label("Country:").select_option("DE")
    page.get_by_label("City:").fill("Rostock")

    page.get_by_role("button", name="Add another Accreditation").click()
    autocomplete(page, "accreditations-0-accreditation_body", "dakks", "DAkkS")
    page.locator("[name='accreditations-0-number']").fill("D-ZM-99001-01")
    autocomplete(page, "accreditations-0-casco_standard", "17021", "ISO/IEC 17021-1")
    autocomplete(page, "accreditations-0-standards", "9001", "ISO 9001")
    autocomplete(page, "accreditations-0-standards", "14001", "ISO 14001")
    page.locator("[name='accreditations-0-granted_on']").fill("2024-01-15")
    page.locator("[name='accreditations-0-valid_until']").fill("2099-01-14")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    body = CertificationBody.objects.get(name=NEW_BODY)
    accreditation = body.accreditations.get()
    assert accreditation.accreditation_body.acronym == "DAkkS"
    assert sorted(s.code for s in accreditation.standards.all()) == ["ISO 14001", "ISO 9001"]

    page.goto("/")
    page.get_by_label("Search by name, city or accreditation number").fill("nordlicht")
    page.get_by_label("Search by name, city or accreditation number").press("Enter")
    expect(page.get_by_role("heading", name="1 body found")).to_be_visible()
    page.get_by_role("link", name=NEW_BODY).click()
    expect(page.get_by_role("region", name="Can this body be trusted?")).to_contain_text(
        "Accredited for ISO 9001 and ISO 14001 by DAkkS (Germany), whose signature of the IAF MLA "
        "— now continued under the Global Accreditation Cooperation’s arrangement — covers "
        "management-system certification, "
        "valid until 14 January 2099 (accreditation D-ZM-99001-01)."
    )
    assert offsite_requests(request_log, live_server) == []


BAD_IMPORT = (
    "name,country,city,website,aliases,accreditation_body,accreditation_number,"
    "casco_standard,standards,iaf_codes,status,granted_on,valid_until\n"
    "Fine Looking Cert GmbH,DE,Bonn,,,DAkkS,D-ZM-55555-01,ISO/IEC 17021-1,ISO 9001,,"
    "active,2024-01-01,2029-01-01\n"
    "Broken Cert Ltd,XX,Leeds,,,NOPE,N-1,ISO/IEC 17021-1,ISO 9001,,active,,\n"
)


def test_bad_import_file_shows_its_errors_and_changes_nothing(
    page, request_log, live_server, directory, curator
):
    bodies, accreditations = CertificationBody.objects.count(), Accreditation.objects.count()
    log_in(page, curator)
    page.goto("/admin/bodies/certificationbody/")
    page.get_by_role("link", name="Import CSV").click()

    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD_IMPORT.encode()}]
    )
    page.get_by_role("button", name="Check file").click()

    expect(page.locator(".errornote")).to_contain_text("nothing was imported")
    problems = page.get_by_role("table", name="Problems in bad.csv")
    expect(problems.get_by_role("row")).to_have_count(1 + 2)
    expect(problems).to_contain_text("'XX' is not an ISO 3166-1 alpha-2 country code")
    expect(problems).to_contain_text("unknown accreditation body 'NOPE'")
    assert (CertificationBody.objects.count(), Accreditation.objects.count()) == (
        bodies,
        accreditations,
    )
    assert not CertificationBody.objects.filter(name="Fine Looking Cert GmbH").exists()

    page.goto("/bodies/?q=fine+looking")
    expect(page.get_by_role("heading", name="0 bodies found")).to_be_visible()
    assert offsite_requests(request_log, live_server) == []
