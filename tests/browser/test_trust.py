"""Demo records are labelled wherever they appear, in a real browser: the site-wide notice,
a mark on each result and a banner on the body's page; none once they are removed."""

import re

import pytest
from playwright.sync_api import expect

from bodies.models import CertificationBody
from demo.seed import create_demo_bodies, remove_demo_bodies
from tests.browser.conftest import HANG_LIMIT_S

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]


def notice(page):
    return page.get_by_role("note").filter(has_text="Demo data:")


def test_demo_records_are_labelled_everywhere_they_appear(page, directory):
    create_demo_bodies(4, seed=3)
    demo = CertificationBody.objects.demo().order_by("name").first()

    page.goto("/")
    expect(notice(page)).to_be_visible()

    page.goto(f"/bodies/?q={demo.name}")
    expect(notice(page)).to_be_visible()
    result = page.locator(".result").filter(has_text=demo.name).first
    expect(result.locator(".tag--demo")).to_have_text("Demo")

    result.get_by_role("link", name=demo.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.name)
    expect(page.get_by_role("note").filter(has_text="Demo record.")).to_be_visible()
    expect(notice(page)).to_be_visible()

    # A real body's results carry no mark, though the notice stays while demo records exist.
    page.goto("/bodies/?q=Qualitätszert+01")
    expect(page.locator(".result .tag--demo")).to_have_count(0)

    remove_demo_bodies()
    page.goto("/bodies/")
    expect(notice(page)).to_have_count(0)
    expect(page.locator(".tag--demo")).to_have_count(0)


def test_unrecognised_accreditation_and_sources_are_shown(page, directory):
    page.goto("/accreditation-bodies/abac/")
    expect(page.get_by_role("note")).to_contain_text("ABAC is not a member of IAF or ILAC.")
    page.goto("/accreditation-bodies/sanas/")
    table = page.get_by_role("table", name="What the sources say, scope by scope")
    # Every SANAS row quotes the same table, which names ISO/IEC 17024: find the row by scope.
    scope = page.locator("td", has_text=re.compile(r"^ISO/IEC 17024 \("))
    row = table.locator("tr", has=scope)
    expect(row.locator("td").nth(2)).to_have_text("Not a signatory")
    page.get_by_role("link", name="How CertDir records recognition").click()
    expect(page.get_by_role("heading", name="Recognition, scope by scope")).to_be_visible()
