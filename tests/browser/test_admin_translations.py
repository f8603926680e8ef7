"""A curator edits a standard's title in another language in a real browser: one input per
language, no script the Content-Security-Policy refuses, no request to another host, and the
change in the record's history."""

import re

import pytest
from playwright.sync_api import expect

from accreditation.models import Standard
from tests.browser.conftest import HANG_LIMIT_S, offsite_requests
from tests.browser.test_admin_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]


def test_curator_edits_a_spanish_title_and_the_history_shows_it(
    page, request_log, live_server, directory, curator
):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, curator)
    standard = Standard.objects.get(code="ISO 14001")
    page.goto(f"/admin/accreditation/standard/{standard.pk}/change/")
    for language in ("en", "fr", "es", "ru"):
        expect(page.locator(f"input[name='title_{language}']")).to_be_visible()
    page.locator("input[name='title_es']").fill("Sistemas de gestión ambiental (revisado)")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"/admin/accreditation/standard/{standard.pk}/history/")
    expect(page.get_by_role("link", name=re.compile("ISO 14001")).first).to_be_visible()
    standard.refresh_from_db()
    assert standard.title_es == "Sistemas de gestión ambiental (revisado)"
    assert standard.history.first().title_es == "Sistemas de gestión ambiental (revisado)"
    assert refused == []
    assert offsite_requests(request_log, live_server) == []
