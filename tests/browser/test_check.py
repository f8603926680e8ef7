"""The bulk check in Chromium: upload a file, read the results (WCAG 2.1 AA, valid HTML)."""

import json

import pytest

from tests.browser.conftest import HANG_LIMIT_S, PHONE, nu_errors
from tests.browser.test_pages import axe_violations, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]

FILE = (
    "body,standard,country,date\n"
    "Ausgesetzt Zert,ISO 9001,,2024-06-30\n"
    "Nobody We Know Ltd,ISO 9001,GB,\n"
    "Qualitatszert,ISO 14001,,\n"
)


def test_a_file_is_checked_and_the_results_are_accessible(axe_page, directory, axe_js, tmp_path):
    upload = tmp_path / "suppliers.csv"
    upload.write_text(FILE, encoding="utf-8")
    axe_page.goto("/check/")
    axe_page.get_by_label("File to check").set_input_files(str(upload))
    axe_page.get_by_role("button", name="Check the file").click()
    axe_page.get_by_role("heading", name="3 rows checked").wait_for()
    assert "Not found in CertDir's records" in axe_page.content()
    found = {"desktop": axe_violations(axe_page, axe_js)}
    axe_page.set_viewport_size(PHONE)
    found["phone"] = axe_violations(axe_page, axe_js)
    assert found == {"desktop": [], "phone": []}, json.dumps(found, indent=1)
    assert sideways_overflow(axe_page)["overflow"] == 0


def test_results_and_problems_are_valid_html(client, directory, vnu_command, tmp_path):
    pages = []
    for name, text in (("results", FILE), ("problems", "name,standard\nX,ISO 9001\n")):
        upload = tmp_path / f"{name}.csv"
        upload.write_text(text, encoding="utf-8")
        with upload.open("rb") as file:
            response = client.post("/check/", {"file": file, "output": "page"})
        pages.append((name, response.content))
    errors = nu_errors(vnu_command, {f"check-{name}": content for name, content in pages})
    assert errors == [], "\n".join(errors)
