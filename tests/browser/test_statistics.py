"""/statistics/ in Chromium: WCAG 2.1 AA (axe-core), valid HTML (Nu), the map and charts drawn
at 1280 and 375 px without sideways scrolling, self-hosted and within 150 KB.

Screenshots go to artifacts/screenshots/ (git-ignored), as for the other pages.
"""

import json

import pytest

from demo.seed import create_demo_bodies
from tests.browser.conftest import (
    DESKTOP,
    HANG_LIMIT_S,
    PHONE,
    SCREENSHOTS,
    nu_errors,
    offsite_requests,
)
from tests.browser.test_pages import axe_violations, sideways_overflow, transferred

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]

STATISTICS_BUDGET = 150_000  # bytes transferred, with the stylesheet and icon
PAGES = {
    "statistics": "/statistics/",
    "statistics-filtered": "/statistics/?standard=iso-9001&country=DE",
    "statistics-empty": "/statistics/?q=nothing+matches+this",
}


def drawn(page):
    """Each chart's and the map's drawn size, and how many shapes each holds."""
    return page.evaluate(
        """() => [...document.querySelectorAll('figure svg')].map((svg) => {
            const box = svg.getBoundingClientRect();
            return {
                id: svg.getAttribute('aria-labelledby'),
                width: box.width, height: box.height, right: box.right,
                shapes: svg.querySelectorAll('rect, path, circle').length,
                linked: svg.querySelectorAll('a[href^="/bodies/?"]').length,
            };
        })"""
    )


@pytest.mark.parametrize("name", PAGES)
def test_statistics_meet_wcag_21_aa_on_desktop_and_phone(axe_page, directory, axe_js, name):
    assert axe_page.goto(PAGES[name]).status == 200
    found = {"desktop": axe_violations(axe_page, axe_js)}
    axe_page.set_viewport_size(PHONE)
    axe_page.reload()
    found["phone"] = axe_violations(axe_page, axe_js)
    assert found == {"desktop": [], "phone": []}, json.dumps(found, indent=1)


def test_statistics_are_valid_html(client, directory, vnu_command):
    paths = [*PAGES.values(), "/bodies/?country=DE", "/standards/iso-9001/"]
    documents = {}
    for n, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        documents[f"page-{n}"] = response.content
    errors = nu_errors(vnu_command, documents)
    assert errors == [], "\n".join(errors)


def test_map_and_charts_render_without_overflow_at_1280_and_375(
    page, request_log, live_server, transactional_db, django_db_serialized_rollback
):
    # Bodies in many countries, every accreditation body and status, dates over years.
    create_demo_bodies(1000, seed=1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (DESKTOP, PHONE):
        page.set_viewport_size(width)
        request_log.clear()
        assert page.goto("/statistics/", wait_until="networkidle").status == 200
        page.screenshot(path=SCREENSHOTS / f"statistics-{width['width']}.png", full_page=True)
        assert offsite_requests(request_log, live_server) == []
        sizes = transferred(request_log)
        assert sum(sizes.values()) <= STATISTICS_BUDGET, sizes

        figures = drawn(page)
        assert [f["id"] for f in figures] == [
            "map-title",
            "standards-title",
            "accreditation-bodies-title",
            "kinds-title",
            "statuses-title",
            "expiring-title",
            "granted-title",
        ]
        for figure in figures:
            assert figure["width"] > 250 and figure["height"] > 100, figure
            assert figure["right"] <= width["width"], figure
            assert figure["shapes"] >= 5 and figure["linked"] >= 5, figure
        assert sideways_overflow(page)["overflow"] == 0, sideways_overflow(page)


def test_search_and_standard_sections_fit_a_phone(page, directory):
    page.set_viewport_size(PHONE)
    for name, path in [
        ("search-country", "/bodies/?country=DE"),
        ("standard", "/standards/iso-9001/"),
    ]:
        assert page.goto(path, wait_until="networkidle").status == 200
        section = page.locator(".stats-summary")
        assert section.locator("svg[role=graphics-document]").count() == 1
        section.screenshot(path=SCREENSHOTS / f"statistics-section-{name}-375.png")
        assert sideways_overflow(page)["overflow"] == 0
