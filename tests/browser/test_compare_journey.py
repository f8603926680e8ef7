"""Issue 16 in a real browser: compare bodies picked in a search, print the comparison on
A4, report a wrong record, and the curator who marks the report fixed."""

import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from reports.models import Report
from tests.browser.conftest import HANG_LIMIT_S, SCREENSHOTS, offsite_requests, query
from tests.browser.test_admin_journey import log_in
from tests.browser.test_pages import sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]

# A4 at 96 CSS pixels an inch: 210 mm wide.
A4 = {"width": 794, "height": 1123}
PICKED = ["Certizert Lyon 1", "Certizert Lyon 2", "Certizert Lyon 3"]


def column_names(page):
    return page.locator("table.compare thead th a:not(.compare__remove)").all_inner_texts()


def test_compare_three_from_a_search_remove_one_print_and_report(
    page, request_log, live_server, directory
):
    page.goto("/bodies/?country=FR")
    expect(page.get_by_role("heading", name="4 bodies found")).to_be_visible()
    for name in PICKED:
        page.get_by_label(f"Compare {name}", exact=True).check()
    page.get_by_role("button", name="Compare selected").click()

    expect(page.get_by_role("heading", name="Compare bodies")).to_be_visible()
    assert query(page.url)["body"] == ["certizert-lyon-1", "certizert-lyon-2", "certizert-lyon-3"]
    assert column_names(page) == PICKED
    expect(page.get_by_role("rowheader", name="ISO 9001")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Country and city")).to_be_visible()

    page.get_by_role("link", name="Remove Certizert Lyon 2 from the comparison").click()
    expect(page.locator("table.compare thead th")).to_have_count(2)
    assert column_names(page) == ["Certizert Lyon 1", "Certizert Lyon 3"]
    assert query(page.url)["body"] == ["certizert-lyon-1", "certizert-lyon-3"]

    page.emulate_media(media="print")
    page.set_viewport_size(A4)
    sideways = sideways_overflow(page)
    assert sideways["overflow"] == 0, sideways
    printed = page.locator(".print-meta")
    expect(printed).to_be_visible()
    expect(printed).to_contain_text(
        f"{live_server.url}/compare/?body=certizert-lyon-1&body=certizert-lyon-3"
    )
    expect(printed).to_contain_text(date_format(timezone.localdate(), "j F Y"))
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("^Remove "))).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=SCREENSHOTS / "compare-a4.pdf", format="A4")

    page.emulate_media(media="screen")
    page.get_by_role("link", name="Certizert Lyon 3").first.click()
    page.get_by_role("link", name="Report a problem with this record").click()
    page.get_by_label("A status or date is wrong (suspended, withdrawn, expired …)").check()
    page.get_by_label("What should the record say?").fill("COFRAC withdrew it last month.")
    page.get_by_label("Source (optional)").fill("https://www.cofrac.fr/annuaire")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", name="Thank you: your report was sent")).to_be_visible()

    report = Report.objects.get()
    assert report.body.name == "Certizert Lyon 3"
    assert (report.status, report.problem) == ("new", "status")
    assert offsite_requests(request_log, live_server) == []


def test_a_curator_sees_an_open_report_and_marks_it_fixed(page, directory, curator):
    report = Report.objects.create(
        body=directory.showcase, problem="contact", details="The phone number is <b>old</b>."
    )
    log_in(page, curator)
    block = page.locator("#open-reports")
    expect(block).to_contain_text("Open reports of wrong records (1)")
    block.get_by_role("link", name=directory.showcase.name).click()
    expect(page.locator(".field-details")).to_contain_text("The phone number is <b>old</b>.")

    page.goto("/admin/reports/report/")
    page.locator(f"input[name='_selected_action'][value='{report.pk}']").check()
    page.locator("select[name='action']").select_option("mark_fixed")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 report marked fixed.")

    report.refresh_from_db()
    assert (report.status, report.handled_by) == ("fixed", curator)
    page.goto("/admin/")
    expect(page.locator("#open-reports")).to_contain_text("No open reports.")


def test_a_body_page_prints_on_a4_with_its_address_and_date(page, live_server, directory):
    path = directory.showcase.get_absolute_url()
    page.goto(path)
    page.emulate_media(media="print")
    page.set_viewport_size(A4)
    sideways = sideways_overflow(page)
    assert sideways["overflow"] == 0, sideways
    expect(page.locator(".print-meta")).to_contain_text(f"Printed from {live_server.url}{path}")
    expect(page.get_by_role("button", name=re.compile("^Compare"))).to_be_hidden()
    expect(page.get_by_role("region", name="Complaints")).to_be_visible()
