"""Every main page in a real browser: WCAG 2.1 A/AA (axe-core), valid HTML (Nu HTML Checker),
nothing from other hosts, at most 100 KB, and phone-sized without sideways scrolling.

Screenshots at 1280 and 375 px go to artifacts/screenshots/ (git-ignored) on every run.
"""

import json
from typing import NamedTuple

import pytest
from django.db.models import Count

from bodies.models import CertificationBody
from demo.seed import create_demo_bodies
from tests.browser.conftest import (
    DESKTOP,
    HANG_LIMIT_S,
    PHONE,
    SCREENSHOTS,
    nu_errors,
    offsite_requests,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]

PAGE_BUDGET = 100_000  # bytes transferred, the page with its CSS, JavaScript and icon
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class Page(NamedTuple):
    name: str
    path: str
    status: int = 200
    public: bool = True


PAGES = [
    Page("home", "/"),
    Page("search-filtered", "/bodies/?standard=iso-9001&country=DE&status=accredited"),
    Page("search-empty", "/bodies/?q=nothing+matches+this"),
    Page("body", "/bodies/ausgesetzt-zert-1/"),  # the directory's showcase body
    Page("body-on-a-date", "/bodies/ausgesetzt-zert-1/?on=2024-06-30"),
    Page("changes", "/changes/"),
    Page("check", "/check/"),
    Page("accreditation-bodies", "/accreditation-bodies/"),
    Page("accreditation-body", "/accreditation-bodies/dakks/"),
    Page("accreditation-body-itemised", "/accreditation-bodies/sanas/"),
    Page("accreditation-body-unrecognised", "/accreditation-bodies/abac/"),
    Page("about-the-data", "/about-the-data/"),
    Page("standards", "/standards/"),
    Page("standard", "/standards/iso-9001/"),
    Page("compare", "/compare/?body=qualitatszert-05&body=ausgesetzt-zert-1&body=certizert-lyon-1"),
    Page("report-form", "/bodies/ausgesetzt-zert-1/report/"),
    Page("not-found", "/no-such-page/", status=404),
    Page("admin-login", "/admin/login/", public=False),
]


def axe_violations(page, axe_js):
    page.add_script_tag(path=str(axe_js))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map((v) => ({
                id: v.id,
                help: v.help,
                targets: v.nodes.map((node) => node.target.join(' ')),
            }));
        }""",
        WCAG_21_AA,
    )


def transferred(request_log):
    """Bytes received (headers and body) for each URL requested."""
    sizes = {}
    for request in request_log:
        received = request.sizes()
        sizes[request.url] = received["responseHeadersSize"] + received["responseBodySize"]
    return sizes


def sideways_overflow(page):
    """How far the page scrolls sideways, and the first elements that stick out past its edge."""
    return page.evaluate(
        """() => {
            const root = document.documentElement;
            const edge = root.clientWidth;
            const culprits = [...document.body.querySelectorAll('*')]
                .filter((el) => el.getBoundingClientRect().right > edge + 0.5)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
            return {overflow: root.scrollWidth - edge, culprits};
        }"""
    )


@pytest.mark.parametrize("checked", PAGES, ids=lambda checked: checked.name)
def test_page_meets_wcag_21_aa_on_desktop_and_phone(axe_page, directory, axe_js, checked):
    assert axe_page.goto(checked.path).status == checked.status
    found = {"desktop": axe_violations(axe_page, axe_js)}
    axe_page.set_viewport_size(PHONE)
    axe_page.reload()
    found["phone"] = axe_violations(axe_page, axe_js)
    assert found == {"desktop": [], "phone": []}, json.dumps(found, indent=1)


@pytest.mark.parametrize("checked", PAGES, ids=lambda checked: checked.name)
def test_page_is_self_hosted_within_budget_and_fits_a_phone(
    page, request_log, live_server, directory, checked
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert page.goto(checked.path, wait_until="networkidle").status == checked.status
    page.screenshot(path=SCREENSHOTS / f"{checked.name}-{DESKTOP['width']}.png", full_page=True)

    assert offsite_requests(request_log, live_server) == []
    sizes = transferred(request_log)
    assert any(url.endswith(".css") for url in sizes), "the stylesheet was not loaded"
    if checked.public:
        assert sum(sizes.values()) <= PAGE_BUDGET, sizes

    page.set_viewport_size(PHONE)
    page.goto(checked.path, wait_until="networkidle")
    page.screenshot(path=SCREENSHOTS / f"{checked.name}-{PHONE['width']}.png", full_page=True)
    sideways = sideways_overflow(page)
    assert sideways["overflow"] == 0, sideways


def test_pages_are_valid_html(client, directory, vnu_command):
    documents = {}
    for checked in PAGES:
        response = client.get(checked.path)
        assert response.status_code == checked.status, checked.path
        documents[checked.name] = response.content
    errors = nu_errors(vnu_command, documents)
    assert errors == [], "\n".join(errors)


def test_busiest_pages_stay_within_budget_with_a_realistic_directory(
    page, request_log, live_server, transactional_db, django_db_serialized_rollback
):
    # Every country, accreditation body and sector in the facets, 25 full results a page.
    create_demo_bodies(1000, seed=1)
    body = CertificationBody.objects.annotate(n=Count("accreditations")).order_by("-n").first()
    for path in ["/", "/bodies/", "/bodies/?status=accredited&page=3", body.get_absolute_url()]:
        request_log.clear()
        assert page.goto(path, wait_until="networkidle").status == 200
        assert offsite_requests(request_log, live_server) == []
        sizes = transferred(request_log)
        assert sum(sizes.values()) <= PAGE_BUDGET, sizes
