"""Atom feeds and /changes/: they parse without errors and list a scenario's changes in order."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.events import EventKind, EventOrigin
from tests.factories import (
    AccreditationEventFactory,
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def scenario():
    """A body granted, suspended, reinstated, its scope reduced, and a body elsewhere withdrawn,
    recorded in that order (a day apart)."""
    start = timezone.now() - datetime.timedelta(days=10)
    body = CertificationBodyFactory(name="Nordlicht Zertifizierung", country="DE")
    acc = AccreditationFactory(body=body, number="D-ZM-1", standards=[standard("iso-9001")])
    other = AccreditationFactory(
        body=CertificationBodyFactory(name="Albion Assurance", country="GB"),
        accreditation_body=accreditation_body("ukas"),
        number="UK-7",
    )
    steps = [
        (acc, EventKind.GRANTED, D(2020, 1, 10), {}),
        (acc, EventKind.SUSPENDED, D(2024, 3, 1), {"source_url": "https://dakks.example/n/1"}),
        (acc, EventKind.REINSTATED, D(2024, 9, 15), {}),
        (acc, EventKind.SCOPE_REDUCED, D(2025, 1, 1), {"standard": standard("iso-14001")}),
        (other, EventKind.WITHDRAWN, D(2025, 2, 1), {}),
    ]
    events = [
        AccreditationEventFactory(
            accreditation=a,
            kind=kind,
            effective_on=on,
            recorded_at=start + datetime.timedelta(days=i),
            **extra,
        )
        for i, (a, kind, on, extra) in enumerate(steps)
    ]
    # Backfilled events are not news.
    AccreditationEventFactory(accreditation=acc, origin=EventOrigin.BACKFILL)
    return body, acc, events


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def event_titles(feed):
    return [e.title for e in feed.entries if not e.title.startswith("New in CertDir")]


EXPECTED = [
    "UKAS withdrew the accreditation of Albion Assurance",
    "DAkkS removed ISO 14001 from the accreditation of Nordlicht Zertifizierung",
    "DAkkS lifted the suspension of Nordlicht Zertifizierung",
    "DAkkS suspended the accreditation of Nordlicht Zertifizierung",
    "DAkkS accredited Nordlicht Zertifizierung",
]


def test_site_feed_lists_the_scenario_newest_first(client, scenario):
    feed = parse(client, reverse("changes:feed"))
    assert event_titles(feed) == EXPECTED
    suspended = next(e for e in feed.entries if "suspended" in e.title)
    assert "with effect from 1 March 2024" in suspended.summary
    assert "https://dakks.example/n/1" in suspended.summary
    assert suspended.link.endswith(scenario[0].get_absolute_url())
    assert {"New in CertDir: Nordlicht Zertifizierung", "New in CertDir: Albion Assurance"} <= {
        e.title for e in feed.entries
    }


def test_body_feed(client, scenario):
    body = scenario[0]
    feed = parse(client, reverse("changes:body-feed", kwargs={"slug": body.slug}))
    assert event_titles(feed) == EXPECTED[1:]
    assert feed.feed.title == "CertDir: changes for Nordlicht Zertifizierung"


def test_accreditation_body_feed(client, scenario):
    feed = parse(client, reverse("changes:accreditation-body-feed", kwargs={"slug": "ukas"}))
    assert event_titles(feed) == EXPECTED[:1]


def test_search_feed_follows_the_search(client, scenario):
    url = reverse("changes:search-feed")
    assert event_titles(parse(client, url + "?country=GB")) == EXPECTED[:1]
    assert event_titles(parse(client, url + "?q=nordlicht")) == EXPECTED[1:]
    feed = parse(client, url + "?country=GB&country=nonsense")
    assert [e.title for e in feed.entries] == ["New in CertDir: Albion Assurance", EXPECTED[0]]


def test_feeds_are_never_stale(client, scenario):
    body, acc, _ = scenario
    url = reverse("changes:body-feed", kwargs={"slug": body.slug})
    before = event_titles(parse(client, url))
    AccreditationEventFactory(
        accreditation=acc, kind=EventKind.WITHDRAWN, effective_on=D(2025, 6, 1)
    )
    after = event_titles(parse(client, url))
    assert after == ["DAkkS withdrew the accreditation of Nordlicht Zertifizierung", *before]


def test_unknown_body_feed_is_404(client):
    assert client.get(reverse("changes:body-feed", kwargs={"slug": "nobody"})).status_code == 404


def test_changes_page_and_feed_links(client, scenario, django_assert_num_queries):
    body = scenario[0]
    # The directory version, the events, the new bodies and the demo notice's question.
    with django_assert_num_queries(4):
        response = client.get(reverse("changes:page"))
    html = response.content.decode()
    assert html.index("UKAS withdrew") < html.index("DAkkS accredited")
    assert 'type="application/atom+xml"' in html and "Follow changes" in html
    pages = [
        (body.get_absolute_url(), reverse("changes:body-feed", kwargs={"slug": body.slug})),
        (
            reverse("accreditation_bodies:detail", kwargs={"slug": "ukas"}),
            "/accreditation-bodies/ukas/feed/",
        ),
        (reverse("search:list") + "?country=GB", "/bodies/feed/?country=GB"),
    ]
    for page, feed in pages:
        html = client.get(page).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in html
        assert f'href="{feed}"' in html
        assert "Follow changes" in html
