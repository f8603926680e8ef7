"""What a searcher does in a real browser: filter, page, export, and the same by keyboard only."""

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import HANG_LIMIT_S, focus_report, offsite_requests, query

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]

FILTERED = "/bodies/?q=zert&standard=iso-9001&country=DE&status=accredited"


def facet(page, legend):
    return page.get_by_role("group", name=legend)


def option(page, legend, label):
    """The checkbox or radio for ``label`` in a facet, whatever count it shows."""
    return facet(page, legend).get_by_label(re.compile(rf"^{re.escape(label)} \(\d+\)$"))


def count_of(page, legend, label):
    text = facet(page, legend).locator("label", has_text=re.compile(rf"^{re.escape(label)} \("))
    return int(re.search(r"\((\d+)\)$", text.inner_text()).group(1))


def results_heading(page):
    return page.get_by_role("heading", level=2, name=re.compile(r"bod(y|ies) found$"))


def result_names(page):
    return page.locator(".result__name a").all_inner_texts()


def go_to_next_page(page):
    """Follow "Next page" and wait for it to load (read at once, its list may still be empty)."""
    following = int(query(page.url).get("page", ["1"])[0]) + 1
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(rf"[?&]page={following}(&|$)"), wait_until="load")


def test_search_by_standard_and_country_then_open_a_body(page, request_log, live_server, directory):
    page.goto("/")
    page.get_by_role("button", name="Search").click()
    expect(results_heading(page)).to_have_text("38 bodies found")
    assert count_of(page, "Standard", "ISO 9001") == 27 + 3 + 4
    assert count_of(page, "Country", "Germany") == 27 + 3 + 2
    assert count_of(page, "Country", "United Kingdom") == 2

    option(page, "Standard", "ISO 9001").check()
    option(page, "Country", "Germany").check()
    option(page, "Accreditation status", "Accredited").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(results_heading(page)).to_have_text("27 bodies found")
    params = query(page.url)
    assert (params["standard"], params["country"], params["status"]) == (
        ["iso-9001"],
        ["DE"],
        ["accredited"],
    )
    assert count_of(page, "Standard", "ISO 9001") == 27
    # Other countries count what choosing them would add; the UK has nothing to add.
    assert count_of(page, "Country", "Germany") == 27
    assert count_of(page, "Country", "France") == 4
    expect(option(page, "Country", "United Kingdom")).to_have_count(0)
    assert count_of(page, "Accreditation status", "Suspended") == 3
    expect(option(page, "Standard", "ISO 9001")).to_be_checked()

    page.get_by_role("link", name="Qualitätszert 01").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualitätszert 01")
    verdicts = page.get_by_role("region", name="Can this body be trusted?")
    expect(verdicts).to_contain_text(
        "Accredited for ISO 9001 and ISO 14001 by DAkkS (Germany), whose signature of the IAF MLA "
        "— now continued under the Global Accreditation Cooperation’s arrangement — covers "
        "management-system certification, "
        "valid until"
    )
    expect(page.locator(".body-detail__header .badge")).to_have_text(
        "Accredited for ISO 9001 and ISO 14001"
    )
    assert offsite_requests(request_log, live_server) == []


def test_page_two_keeps_every_filter_and_a_chip_removes_only_its_own(
    page, request_log, live_server, directory
):
    page.goto(FILTERED)
    expect(results_heading(page)).to_have_text("27 bodies found")
    go_to_next_page(page)

    params = query(page.url)
    assert params == {
        "q": ["zert"],
        "standard": ["iso-9001"],
        "country": ["DE"],
        "status": ["accredited"],
        "page": ["2"],
    }
    expect(results_heading(page)).to_have_text("27 bodies found")
    assert result_names(page) == ["Qualitätszert 26", "Qualitätszert 27"]
    expect(page.get_by_role("searchbox")).to_have_value("zert")
    for legend, label in [
        ("Standard", "ISO 9001"),
        ("Country", "Germany"),
        ("Accreditation status", "Accredited"),
    ]:
        expect(option(page, legend, label)).to_be_checked()
    chips = page.get_by_role("list", name="Active filters").get_by_role("link")
    expect(chips).to_have_text(
        [
            re.compile("^Text: “zert”"),
            re.compile("^Standard: ISO 9001"),
            re.compile("^Country: Germany"),
            re.compile("^Status: Accredited"),
            "Clear all filters",
        ]
    )

    chips.filter(has_text="Country: Germany").click()

    assert query(page.url) == {
        "q": ["zert"],
        "standard": ["iso-9001"],
        "status": ["accredited"],
    }
    expect(results_heading(page)).to_have_text("31 bodies found")
    expect(option(page, "Country", "Germany")).not_to_be_checked()
    expect(option(page, "Standard", "ISO 9001")).to_be_checked()
    expect(option(page, "Accreditation status", "Accredited")).to_be_checked()
    expect(chips).to_have_count(4)
    assert offsite_requests(request_log, live_server) == []


def test_csv_export_downloads_exactly_the_rows_of_the_search(
    page, request_log, live_server, directory
):
    page.goto(FILTERED)
    shown = result_names(page)
    go_to_next_page(page)
    shown += result_names(page)
    assert len(shown) == 27

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    assert query(download.url) == {
        "q": ["zert"],
        "standard": ["iso-9001"],
        "country": ["DE"],
        "status": ["accredited"],
    }
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))

    assert {row["name"] for row in rows} == set(shown)
    expected = {
        (body.name, accreditation.number)
        for body in directory.accredited_de
        for accreditation in body.accreditations.all()
    }
    assert len(expected) == 27 + 5
    assert [(row["name"], row["accreditation_number"]) for row in rows] == sorted(expected)
    assert offsite_requests(request_log, live_server) == []


def press_tab_until(page, matches, limit=120):
    """Tab forward until ``matches(focus)``; every focus on the way must be visible.

    Returns every focus passed, the matching one last.
    """
    trail = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = focus_report(page)
        assert focus is not None, "focus fell back to the page"
        assert focus["focusVisible"] and focus["outlined"], f"focus not visible: {focus}"
        assert focus["onScreen"], f"focused element off screen: {focus}"
        assert focus["unobscured"], f"focused element covered: {focus}"
        trail.append(focus)
        if matches(focus):
            return trail
    raise AssertionError(f"not reached in {limit} presses of Tab")


def test_keyboard_only_search_filter_and_open_a_result(page, request_log, live_server, directory):
    page.goto("/")
    press_tab_until(page, lambda f: f["tag"] == "input" and f["id"] == "home-search-q")
    page.keyboard.type("zert")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bodies/\?q=zert"))
    expect(results_heading(page)).to_have_text("34 bodies found")

    # Through the search box and into the filters, ticking ISO 9001 and Germany.
    press_tab_until(page, lambda f: f["id"] == "f-standard-iso-9001")
    page.keyboard.press("Space")
    press_tab_until(page, lambda f: f["id"] == "f-country-de")
    page.keyboard.press("Space")
    press_tab_until(page, lambda f: f["name"] == "Apply filters")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"country=DE"))
    expect(results_heading(page)).to_have_text("30 bodies found")
    assert query(page.url)["standard"] == ["iso-9001"]

    # The filters' own skip link jumps over every facet to the results, then on past
    # the three suspended bodies (first by name) to the first accredited one.
    press_tab_until(page, lambda f: f["name"] == "Skip to results")
    page.keyboard.press("Enter")
    trail = press_tab_until(page, lambda f: (f["href"] or "").startswith("/bodies/qualitatszert"))
    assert not [focus for focus in trail if focus["id"].startswith("f-")], (
        "the skip link left the focus among the filters"
    )
    names = [focus["name"] for focus in trail]
    assert names[-1] == "Qualitätszert 01"
    assert [name for name in names if name.startswith("Ausgesetzt")] == [
        "Ausgesetzt Zert 1",
        "Ausgesetzt Zert 2",
        "Ausgesetzt Zert 3",
    ]
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Qualitätszert 01")
    assert page.url.endswith("/bodies/qualitatszert-01/")
    assert offsite_requests(request_log, live_server) == []


@pytest.fixture
def twelve_countries(transactional_db, django_db_serialized_rollback):
    from tests.factories import CertificationBodyFactory

    for code in ["DE", "FR", "PL", "GB", "IT", "ES", "NL", "BE", "AT", "CZ", "SE", "FI"]:
        CertificationBodyFactory(country=code)


def test_a_long_facet_shows_every_value_on_demand_and_finds_by_typing(
    page, live_server, twelve_countries
):
    page.goto("/bodies/")
    country = facet(page, "Country")
    poland = country.get_by_label(re.compile(r"^Poland \(\d+\)$"))
    finder = country.get_by_label("Find a country")
    expect(finder).to_be_visible()
    finder.fill("pol")
    expect(poland).to_be_visible()
    expect(country.get_by_label(re.compile(r"^Germany \(\d+\)$"))).to_be_hidden()
    poland.check()
    page.get_by_role("button", name="Apply filters").click()
    assert query(page.url)["country"] == ["PL"]


def test_without_scripts_every_country_is_one_click_away(browser, live_server, twelve_countries):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/bodies/")
    country = facet(page, "Country")
    expect(country.get_by_label("Find a country")).to_be_hidden()
    country.get_by_text(re.compile(r"^Show all 12$")).click()
    expect(country.get_by_label(re.compile(r"^Finland \(\d+\)$"))).to_be_visible()
    context.close()
