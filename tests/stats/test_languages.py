"""The statistics' numbers are written as the page's language writes them (#19)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from bodies.models import CertificationBody
from bodies.text import grouped
from stats.charts import Chart, Row
from stats.world import Country, _shape_svg

pytestmark = pytest.mark.django_db

# Django's locale formats: French, Spanish and Russian group with a no-break space.
THOUSANDS = {"en": "1,234", "fr": "1\xa0234", "es": "1\xa0234", "ru": "1\xa0234"}
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
VALUE = re.compile(r'<text class="chart__value"[^>]*>([^<]+)</text>')


@pytest.mark.parametrize(("language", "expected"), THOUSANDS.items())
def test_every_number_of_a_chart_is_grouped_as_its_language_writes_it(language, expected):
    with translation.override(language):
        rows = [Row(key="DE", label="Germany", count=1234, url="/bodies/?country=DE")]
        bars = Chart("countries", "t", "d", "Bodies", "Country", rows)
        columns = Chart("expiring", "t", "d", "Bodies", "Month", rows, kind="columns")
        assert grouped(1234) == expected
        for chart in (bars, columns):
            svg = str(chart.shapes_svg())
            assert f"<title>Germany: {expected}</title>" in svg
            assert VALUE.findall(svg) == [expected]
            assert f'<td class="num">{expected}</td>' in str(chart.rows_html())
            assert expected in chart.summary
        # The axis runs to 1,500 in steps of 500: its numbers are grouped too.
        assert [tick.label for tick in bars.ticks][-1] == expected.replace("234", "500")
        country = Country("DE", "Germany", "M0 0", (), 1234, 5, "/bodies/?country=DE")
        assert f"<title>Germany: {expected}</title>" in str(_shape_svg(country))


@pytest.fixture
def bodies():
    """1,234 bodies with no accreditation: the statuses chart's "not accredited" bar."""
    CertificationBody.objects.bulk_create(
        CertificationBody(name=f"Body {n:04}", slug=f"body-{n:04}", country="DE")
        for n in range(1234)
    )


def values_of(html):
    """The numbers written in the page's charts; each chart must parse as XML."""
    svgs = SVG.findall(html)
    assert len(svgs) >= 6
    for svg in svgs:
        ET.fromstring(svg)
    return [value for svg in svgs for value in VALUE.findall(svg)]


@pytest.mark.parametrize("prefix", ["", "/fr", "/es", "/ru"])
def test_the_statistics_page_writes_its_counts_in_its_language(client, bodies, prefix):
    language = prefix.strip("/") or "en"
    # A page in another language first: the page cache keeps one entry per language.
    other = "/ru" if prefix != "/ru" else ""
    assert client.get(f"{other}/statistics/").status_code == 200
    response = client.get(f"{prefix}/statistics/")
    assert response.status_code == 200
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert THOUSANDS[language] in values_of(html)
    assert f'<td class="num">{THOUSANDS[language]}</td>' in html
    for other_language, written in THOUSANDS.items():
        if written != THOUSANDS[language]:
            assert written not in html, other_language
    # Served again from the cache, still in the page's language.
    again = client.get(f"{prefix}/statistics/")
    assert again["X-Cache"] == "hit"
    assert again.content == response.content
