"""What one anonymous search can make the server build and keep is bounded."""

import pytest
from django.utils.http import urlencode
from django_countries import countries

from tests.factories import AccreditationFactory

pytestmark = pytest.mark.django_db


def test_every_country_at_once_gives_a_small_page_and_says_what_was_left_out(client):
    AccreditationFactory()
    every = [code for code, _ in countries]
    response = client.get("/bodies/?" + urlencode({"country": every}, doseq=True))
    assert response.status_code == 200
    html = response.content.decode()
    # Twenty countries are used, each chip's link repeating twenty: tens of KB, not a megabyte.
    assert len(response.content) < 150_000
    assert html.count("Country: ") == 20
    assert "at most 20 values are used" in html
    assert "more values not used" in html


def test_a_flood_of_unknown_values_is_summarised(client):
    response = client.get(
        "/bodies/?" + urlencode({"standard": [f"bogus-{n}" for n in range(500)]}, doseq=True)
    )
    html = response.content.decode()
    assert html.count("unknown value") == 20
    assert "and 480 more values not used" in html
