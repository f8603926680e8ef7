"""The site in French, Spanish and Russian in a real browser: each main page (its language,
a translated heading, WCAG 2.1 AA by axe-core, valid HTML, no sideways scrolling at 375 px
with the longer strings, screenshots) and the searcher's journey in each language.

The labels the journeys click are looked up in the catalogues, so they hold in any
language; what waits on the translators is the check that no English interface text is
left (and the translated heading): those fail while a catalogue is incomplete.
"""

import csv
import datetime
import json
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django_countries import countries
from playwright.sync_api import expect

from tests.browser.conftest import HANG_LIMIT_S, PHONE, SCREENSHOTS, nu_errors, query
from tests.browser.test_pages import PAGES, axe_violations, sideways_overflow
from tests.i18n.catalogues import LANGUAGES, untranslated_english

pytestmark = [pytest.mark.browser, pytest.mark.timeout(HANG_LIMIT_S)]

PUBLIC = [checked for checked in PAGES if checked.public]


def prefixed(path, language):
    return f"/{language}{path}"


def own_text(page, language):
    """The page's visible text without what is marked as another language (``lang``)."""
    return page.evaluate(
        """(language) => {
            const other = [...document.body.querySelectorAll('[lang]')].filter(
                (el) => el.getAttribute('lang') !== language);
            const shown = other.map((el) => el.style.display);
            other.forEach((el) => { el.style.display = 'none'; });
            const text = document.body.innerText;
            other.forEach((el, n) => { el.style.display = shown[n]; });
            return text;
        }""",
        language,
    )


def headings(page):
    """The page's h1 and h2 texts (a body's page is headed by its name, which stays as it is;
    its sections' headings are interface)."""
    return [" ".join(text.split()) for text in page.locator("h1, h2").all_inner_texts()]


def english_headings(page, path):
    page.goto(path)
    return headings(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("checked", PUBLIC, ids=lambda checked: checked.name)
def test_page_in_each_language(axe_page, directory, axe_js, language, checked):
    english = english_headings(axe_page, checked.path)
    assert axe_page.goto(prefixed(checked.path, language)).status == checked.status
    assert axe_page.locator("html").get_attribute("lang") == language
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    axe_page.screenshot(path=SCREENSHOTS / f"{language}-{checked.name}-1280.png", full_page=True)
    found = {"desktop": axe_violations(axe_page, axe_js)}
    axe_page.set_viewport_size(PHONE)
    axe_page.reload()
    axe_page.screenshot(
        path=SCREENSHOTS / f"{language}-{checked.name}-{PHONE['width']}.png", full_page=True
    )
    found["phone"] = axe_violations(axe_page, axe_js)
    assert found == {"desktop": [], "phone": []}, json.dumps(found, indent=1)
    sideways = sideways_overflow(axe_page)
    assert sideways["overflow"] == 0, sideways
    # Waiting on the translators from here.
    translated = [text for text in headings(axe_page) if text not in english]
    assert translated, "no heading is translated"
    assert untranslated_english(own_text(axe_page, language), language) == []


def test_pages_in_each_language_are_valid_html(client, directory, vnu_command):
    documents = {}
    for language in LANGUAGES:
        for checked in PUBLIC:
            response = client.get(prefixed(checked.path, language))
            assert response.status_code == checked.status, prefixed(checked.path, language)
            documents[f"{language}-{checked.name}"] = response.content
    errors = nu_errors(vnu_command, documents)
    assert errors == [], "\n".join(errors)


def labels(language):
    """The interface words a searcher's journey reads, in ``language``."""
    with translation.override(language):
        return {
            "search": pgettext("button", "Search"),
            "standard": gettext("Standard"),
            "country": gettext("Country"),
            "status": gettext("Accreditation status"),
            "accredited": gettext("Accredited"),
            "apply": gettext("Apply filters"),
            "germany": str(countries.name("DE")),
            "france": str(countries.name("FR")),
            "trusted": gettext("Can this body be trusted?"),
            "other_date": gettext("Was it accredited on another date?"),
            "show_on_date": gettext("Show verdicts on that date"),
            "compare": gettext("Compare"),
            "compare_selected": gettext("Compare selected"),
            "compare_bodies": gettext("Compare bodies"),
            "download_csv": gettext("Download CSV"),
            "language": gettext("Language"),
        }


def option(page, legend, label):
    group = page.get_by_role("group", name=legend)
    return group.get_by_label(re.compile(rf"^{re.escape(label)} \(\d+\)$"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_searchers_journey_in_each_language(page, live_server, directory, language):
    words = labels(language)
    seen = {}

    def read(step):
        assert page.locator("html").get_attribute("lang") == language, step
        seen[step] = own_text(page, language)

    # Search from the home page, then filter.
    page.goto(f"/{language}/")
    read("home")
    page.get_by_role("button", name=words["search"], exact=True).click()
    assert page.url.startswith(f"{live_server.url}/{language}/bodies/")
    option(page, words["standard"], "ISO 9001").check()
    option(page, words["country"], words["germany"]).check()
    option(page, words["status"], words["accredited"]).check()
    page.get_by_role("button", name=words["apply"]).click()
    params = query(page.url)
    assert (params["standard"], params["country"], params["status"]) == (
        ["iso-9001"],
        ["DE"],
        ["accredited"],
    )
    assert page.url.startswith(f"{live_server.url}/{language}/bodies/?")
    expect(page.locator(".result__name a")).to_have_count(25)
    read("search")

    # The switcher keeps the search.
    switcher = page.get_by_role("navigation", name=words["language"])
    english = switcher.get_by_role("link", name="English")
    assert query(english.get_attribute("href")) == params

    # Download the search.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=words["download_csv"]).click()
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(exported))
    assert len(rows) >= 27

    # A body's verdicts, today and on a past date.
    page.get_by_role("link", name="Qualitätszert 01", exact=True).click()
    verdicts = page.get_by_role("region", name=words["trusted"])
    expect(verdicts.locator(".verdict").first).to_contain_text("ISO 9001")
    read("body")
    past = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    page.get_by_label(words["other_date"]).fill(past)
    page.get_by_role("button", name=words["show_on_date"]).click()
    assert query(page.url)["on"] == [past]
    assert page.url.startswith(f"{live_server.url}/{language}/bodies/qualitatszert-01/")
    read("body-on-a-date")

    # Compare two bodies picked in a search.
    page.goto(f"/{language}/bodies/?country=FR")
    for name in ["Certizert Lyon 1", "Certizert Lyon 2"]:
        page.get_by_label(f"{words['compare']} {name}", exact=True).check()
    page.get_by_role("button", name=words["compare_selected"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["compare_bodies"])
    assert page.url.startswith(f"{live_server.url}/{language}/compare/?")
    read("compare")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=words["download_csv"]).click()
    assert download_info.value.suggested_filename.endswith(".csv")

    # Waiting on the translators: nothing of the interface left in English on the way.
    left = {step: untranslated_english(text, language) for step, text in seen.items()}
    assert {step: found for step, found in left.items() if found} == {}
