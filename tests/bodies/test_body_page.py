"""The body page: its headline summary agrees with its verdicts, one sentence per accreditation."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests.bodies.test_views import DETAIL_QUERIES
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)
from tests.security.test_settings import InlineCode

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CODE = re.compile(r"ISO(?:/IEC)? \d+(?:-\d+)?")


class BodyPage(HTMLParser):
    """The headline summary (its text and classes) and each verdict (its status and text)."""

    def __init__(self, html):
        super().__init__()
        self.summary = None
        self.summary_classes = []
        self.verdicts = []
        self._into = None
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._into is not None:
            self._depth += 1
        elif "badge--summary" in classes:
            self.summary_classes, self.summary = classes, ""
            self._into, self._depth = "summary", 1
        elif tag == "li" and "verdict" in classes:
            status = next(c.removeprefix("verdict--") for c in classes if c != "verdict")
            self.verdicts.append([status, ""])
            self._into, self._depth = "verdict", 1

    def handle_endtag(self, tag):
        if self._into is not None:
            self._depth -= 1
            if self._depth == 0:
                self._into = None

    def handle_data(self, data):
        if self._into == "summary":
            self.summary += data
        elif self._into == "verdict":
            self.verdicts[-1][1] += data


def page_of(client, body):
    response = client.get(body.get_absolute_url())
    assert response.status_code == 200
    return BodyPage(response.content.decode())


def codes(text):
    return set(CODE.findall(text))


def verdict_standing(page):
    """{status: standards} as the verdicts give them."""
    standing = {}
    for status, sentence in page.verdicts:
        standing.setdefault(status, set()).update(codes(sentence))
    return standing


NO_ACTIVE = re.compile(
    r"the accreditations? for (?P<names>.+?) "
    r"(?:is |are )?(?P<status>suspended|expired|was withdrawn|were withdrawn)"
)


def summary_standing(text):
    """{status: standards} as the headline gives them (each status names at most 3 here)."""
    standing = {}
    if text.startswith("Accredited for "):
        first, *rest = text.split(" · ")
        standing["active"] = codes(first)
        for part in rest:
            status, names = part.split(" for ", 1)
            standing[status] = codes(names)
    elif text.startswith("Not currently accredited: "):
        for clause in text.removeprefix("Not currently accredited: ").split("; "):
            match = NO_ACTIVE.fullmatch(clause.split(" on ")[0])
            assert match, clause
            standing[match["status"].split()[-1]] = codes(match["names"])
    else:
        assert text == "Not accredited"
    return standing


def accredit(body, ab, slugs, **kwargs):
    return AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body(ab),
        standards=[standard(slug) for slug in slugs],
        **kwargs,
    )


def test_suspended_standard_is_never_hidden_behind_a_bare_accredited(client):
    """The issue's case: ISO 9001 suspended and only ISO 14001 active."""
    body = CertificationBodyFactory()
    accredit(body, "dakks", ["iso-9001"], status="suspended", number="D-ZM-1")
    accredit(body, "ukas", ["iso-14001"], number="UKAS 2")
    page = page_of(client, body)
    assert page.summary == "Accredited for ISO 14001 · suspended for ISO 9001"
    assert "badge--partial" in page.summary_classes
    assert [status for status, _ in page.verdicts] == ["active", "suspended"]
    assert page.verdicts[0][1].startswith("Accredited for ISO 14001 by UKAS (United Kingdom)")
    assert page.verdicts[1][1].startswith(
        "The accreditation for ISO 9001 by DAkkS (Germany), whose signature of the IAF MLA — "
        "now continued under the Global Accreditation Cooperation\u2019s arrangement — covers "
        "management-system certification, is suspended (accreditation D-ZM-1)"
    )


ENDED = TODAY - datetime.timedelta(days=20)

SCENARIOS = {
    "all active": [("dakks", ["iso-9001", "iso-14001"], {}), ("ukas", ["iso-45001"], {})],
    "active and suspended": [
        ("dakks", ["iso-9001"], {"status": "suspended"}),
        ("ukas", ["iso-14001", "iso-45001"], {}),
    ],
    "active, expired and withdrawn": [
        ("dakks", ["iso-9001"], {}),
        ("ukas", ["iso-14001"], {"valid_until": ENDED, "granted_on": None}),
        ("cofrac", ["iso-45001", "iso-50001"], {"status": "withdrawn"}),
    ],
    "expired only": [
        ("dakks", ["iso-9001", "iso-14001"], {"valid_until": ENDED, "granted_on": None}),
    ],
    "nothing active": [
        ("dakks", ["iso-9001"], {"status": "suspended"}),
        ("ukas", ["iso-14001"], {"valid_until": ENDED, "granted_on": None}),
        ("cofrac", ["iso-45001"], {"status": "withdrawn"}),
    ],
    "a stronger accreditation overrides a weaker one": [
        ("dakks", ["iso-9001", "iso-14001"], {"status": "withdrawn"}),
        ("ukas", ["iso-9001"], {}),
    ],
    "none": [],
}


@pytest.mark.parametrize("accreditations", list(SCENARIOS.values()), ids=list(SCENARIOS))
def test_headline_and_verdicts_agree(client, accreditations):
    body = CertificationBodyFactory()
    for ab, slugs, kwargs in accreditations:
        accredit(body, ab, slugs, **kwargs)
    page = page_of(client, body)
    assert page.summary, "the standing is said in words, not colour only"
    assert summary_standing(page.summary) == verdict_standing(page)
    # Each standard is spoken for once, in one sentence per accreditation.
    spoken = [code for _, sentence in page.verdicts for code in sorted(codes(sentence))]
    assert len(spoken) == len(set(spoken))
    assert len(page.verdicts) <= len(accreditations)


def test_expiry_date_in_the_headline_is_the_verdicts(client):
    body = CertificationBodyFactory()
    accredit(body, "dakks", ["iso-9001"], valid_until=ENDED, granted_on=None)
    page = page_of(client, body)
    day = f"{ENDED.day} {ENDED:%B} {ENDED.year}"
    assert page.summary == (
        f"Not currently accredited: the accreditation for ISO 9001 expired on {day}"
    )
    assert "badge--lapsed" in page.summary_classes
    assert f"expired on {day}" in page.verdicts[0][1]


def test_unaccredited_body_says_so_in_words(client):
    page = page_of(client, CertificationBodyFactory())
    assert page.summary == "Not accredited"
    assert "badge--unaccredited" in page.summary_classes
    assert page.verdicts == []


def test_one_sentence_for_all_the_standards_of_an_accreditation(client):
    body = CertificationBodyFactory()
    accredit(
        body,
        "pca",
        ["iso-45001", "iso-14001", "iso-9001"],
        number="AC 123",
        valid_until=datetime.date(2099, 6, 1),
    )
    page = page_of(client, body)
    assert page.verdicts == [
        [
            "active",
            "Accredited for ISO 9001, ISO 14001 and ISO 45001 by PCA (Poland), whose signature "
            "of the IAF MLA — now continued under the Global Accreditation Cooperation’s "
            "arrangement — covers management-system certification, valid until 1 June 2099 "
            "(accreditation AC 123).",
        ]
    ]
    assert page.summary == "Accredited for ISO 9001, ISO 14001 and ISO 45001"


def test_no_inline_style_or_script(client):
    body = CertificationBodyFactory()
    accredit(body, "dakks", ["iso-9001"], status="suspended")
    accredit(body, "ukas", ["iso-14001"])
    parser = InlineCode()
    parser.feed(client.get(body.get_absolute_url()).content.decode())
    assert parser.found == []


@pytest.mark.parametrize("n", [1, 6])
def test_query_count_does_not_grow_with_mixed_accreditations(client, django_assert_num_queries, n):
    body = CertificationBodyFactory()
    statuses = ["active", "suspended", "withdrawn"]
    slugs = ["iso-9001", "iso-14001", "iso-45001", "iso-50001"]
    for i in range(n):
        AccreditationFactory(
            body=body,
            status=statuses[i % 3],
            standards=[standard(slugs[i % 4]), standard(slugs[(i + 1) % 4])],
            sectors=[1, 2],
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(body.get_absolute_url()).status_code == 200
