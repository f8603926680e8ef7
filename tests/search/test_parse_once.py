"""A page or API answer the cache does not hold parses its query string once: the cache's
key and the answer share the parse; a hit parses nothing."""

import pytest

from search.filters import BodyFilterSet
from tests.factories import AccreditationFactory


@pytest.fixture
def parses(monkeypatch):
    counted = []
    original = BodyFilterSet.__init__

    def counting(self, *args, **kwargs):
        counted.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(BodyFilterSet, "__init__", counting)
    return counted


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/bodies/?standard=iso-9001&country=DE", "/api/v1/bodies/?standard=iso-9001"]
)
def test_a_miss_parses_once_and_a_hit_never(client, parses, url):
    AccreditationFactory()
    assert client.get(url)["X-Cache"] == "miss"
    assert len(parses) == 1
    assert client.get(url)["X-Cache"] == "hit"
    assert len(parses) == 1
    # Another query string for the same search is parsed once, then shares the answer.
    assert client.get(url + "&country=")["X-Cache"] == "hit"
    assert len(parses) == 2
    assert client.get(url + "&country=")["X-Cache"] == "hit"
    assert len(parses) == 2
