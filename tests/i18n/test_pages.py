"""The site in four languages: English exactly where it was, the others under /fr/, /es/
and /ru/, chosen by the URL alone; every page says its language and links its twins.

The tests marked "translated" wait on the translators: they fail while a catalogue
leaves a page's interface in English.
"""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)
from tests.i18n.catalogues import LANGUAGES, untranslated_english
from tests.state import forget_everything

ALL = ["en", *LANGUAGES]
HEADINGS = {
    "/": "Find a certification body you can trust",
    "/bodies/": "Find a certification body",
    "/accreditation-bodies/": "Accreditation bodies",
    "/standards/": "Standards",
    "/about-the-data/": "About the data",
    "/changes/": "Recent changes",
    "/check/": "Check a list of certifiers",
    "/statistics/": "Statistics",
}


@pytest.fixture
def bodies(db):
    made = []
    for name, status in [("Zertifizierung Eins", "active"), ("Zertifizierung Zwei", "suspended")]:
        body = CertificationBodyFactory(name=name, country="DE", city="Köln")
        AccreditationFactory(
            body=body, status=status, standards=[standard("iso-9001"), standard("iso-14001")]
        )
        AccreditationFactory(
            body=body,
            accreditation_body=accreditation_body("ukas"),
            standards=[standard("iso-iec-27001")],
            sectors=[33],
        )
        made.append(body)
    return made


def main_paths(bodies):
    one, two = bodies
    with translation.override("en"):
        return _main_paths(one, two)


def _main_paths(one, two):
    return [
        "/",
        "/bodies/",
        "/bodies/?standard=iso-9001&country=DE&status=accredited",
        "/bodies/?q=nothing+matches+this",
        one.get_absolute_url(),
        f"{two.get_absolute_url()}?on=2024-06-30",
        "/changes/",
        "/check/",
        "/statistics/?country=DE",
        "/accreditation-bodies/",
        "/accreditation-bodies/dakks/",
        "/about-the-data/",
        "/standards/",
        "/standards/iso-9001/",
        f"/compare/?body={one.slug}&body={two.slug}",
        f"{one.get_absolute_url()}report/",
    ]


def prefixed(path, language):
    return path if language == "en" else f"/{language}{path}"


class Text(HTMLParser):
    """A page's visible text in its own language: not its scripts, styles or head, nor
    what an element marks as another language (``lang="en"``: the switcher's "English",
    a title that has no official translation)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, language):
        super().__init__()
        self.language, self.parts, self.stack = language, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        hidden = tag in ("script", "style", "head", "template") or (
            tag != "html" and lang is not None and lang != self.language
        )
        self.stack.append(hidden or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html, language="en"):
    parser = Text(language)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def alternates(html):
    found = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html)
    return {code: unescape(url) for code, url in found}


def switcher(html):
    nav = re.search(r'<nav class="languages" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert nav, "no language switcher"
    found = re.findall(
        r'<a href="([^"]+)" lang="(\w+)" hreflang="(\w+)"( aria-current="true")?', nav[1]
    )
    return [(unescape(url), *rest) for url, *rest in found]


def test_an_unprefixed_page_is_english_whatever_the_browser_asks(client, bodies):
    for header in ("fr", "ru,fr;q=0.8", "es-ES"):
        response = client.get("/bodies/", HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == 200
        assert response["Content-Language"] == "en"
        assert '<html lang="en">' in response.content.decode()
        assert "Accept-Language" not in response.get("Vary", "")


def test_a_language_cookie_changes_nothing(client, bodies):
    client.cookies["django_language"] = "fr"
    response = client.get("/bodies/")
    assert (response.status_code, response["Content-Language"]) == (200, "en")


def test_english_has_no_prefix_of_its_own(client, bodies):
    assert client.get("/en/bodies/").status_code == 404


@pytest.mark.parametrize("language", ALL)
def test_every_main_page_says_its_language_and_links_its_twins(client, bodies, language):
    for path in main_paths(bodies):
        response = client.get(prefixed(path, language))
        assert response.status_code == 200, prefixed(path, language)
        html = response.content.decode()
        assert response["Content-Language"] == language
        assert f'<html lang="{language}">' in html
        links = alternates(html)
        assert set(links) == {*ALL, "x-default"}, path
        for code in ALL:
            assert links[code] == f"http://testserver{prefixed(path, code)}", path
        assert links["x-default"] == links["en"]
        shown = switcher(html)
        assert [(url, code) for url, code, _hreflang, _current in shown] == [
            (prefixed(path, code), code) for code in ALL
        ]
        assert [code for _url, code, _hreflang, current in shown if current] == [language]


def test_the_switcher_keeps_the_search(client, bodies):
    query = "/bodies/?q=zert&country=DE&status=accredited&sort=name"
    html = client.get(f"/fr{query}").content.decode()
    assert [url for url, *_ in switcher(html)] == [prefixed(query, code) for code in ALL]


def test_error_pages_have_their_language_and_never_repeat_the_path(client, db):
    response = client.get("/ru/no-such-page-4711/")
    assert response.status_code == 404
    assert response["Content-Language"] == "ru"
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "4711" not in html
    assert alternates(html) == {}
    assert [(url, code) for url, code, *_ in switcher(html)] == [
        (prefixed("/", code), code) for code in ALL
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_cached_in_one_language_is_never_served_in_another(client, bodies, language):
    path = "/bodies/?country=DE"
    english = client.get(path)
    other = client.get(prefixed(path, language))
    assert (english["X-Cache"], other["X-Cache"]) == ("miss", "miss")
    assert other["Content-Language"] == language
    again = client.get(path)
    assert (again["X-Cache"], again["Content-Language"]) == ("hit", "en")
    assert again.content == english.content
    assert f'<html lang="{language}">' in client.get(prefixed(path, language)).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_prefixed_page_costs_the_queries_the_english_one_does(
    client, bodies, language, django_assert_num_queries
):
    """The English pages' own query-count tests pin their numbers; the other languages
    must cost the same, cold (nothing cached) and from the page cache."""
    for path in main_paths(bodies):
        forget_everything()
        with CaptureQueriesContext(connection) as cold:
            client.get(path)
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        forget_everything()
        with django_assert_num_queries(len(cold)):
            assert client.get(prefixed(path, language)).status_code == 200
        with django_assert_num_queries(len(warm)):
            client.get(prefixed(path, language))


def test_a_missing_slash_is_added_in_every_language(client, db):
    for path, target in [
        ("/bodies", "/bodies/"),
        ("/fr/bodies", "/fr/bodies/"),
        ("/ru/standards", "/ru/standards/"),
        ("/es", "/es/"),
    ]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, target)


# --- waiting on the translators ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_main_page_heading_is_translated(client, bodies, language):
    for path, english in HEADINGS.items():
        html = client.get(prefixed(path, language)).content.decode()
        heading = visible_text(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1])
        assert heading and heading != english, (language, path, heading)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_interface_is_left_on_a_main_page(client, bodies, language):
    left = {}
    for path in main_paths(bodies):
        text = visible_text(client.get(prefixed(path, language)).content.decode(), language)
        found = untranslated_english(text, language)
        if found:
            left[path] = found
    assert left == {}
