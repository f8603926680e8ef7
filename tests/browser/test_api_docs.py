"""The API docs page in a real browser: Swagger UI starts and calls the API under the site's
Content Security Policy, with every file from this site."""

import json

import pytest

from tests.browser.conftest import DESKTOP, HANG_LIMIT_S, SCREENSHOTS, offsite_requests

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]


def test_swagger_ui_runs_under_the_sites_policy(page, request_log, live_server, directory):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/api/")
    operation = page.locator("#operations-bodies-bodies_search")
    operation.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"api-docs-{DESKTOP['width']}.png", full_page=True)
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("tr[data-param-name='country'] select[multiple]").select_option("DE")
    page.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    assert status.inner_text().strip() == "200"
    body = json.loads(operation.locator(".live-responses-table .microlight").first.inner_text())
    assert body["count"] == 32  # the directory bodies in Germany
    assert offsite_requests(request_log, live_server) == []
    assert refused == []
