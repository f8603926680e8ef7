"""Charts as geometry for server-rendered SVG: bars, columns, axes and their labels.

A chart is a list of ``Row`` (a label, a number and the search it counts) laid out on a
fixed viewBox; the stylesheet scales the SVG to its container, so the same drawing
fits 375 px and 1280 px. Colours come from classes in the site stylesheet (the Content
Security Policy allows no style attributes); the template only writes out the shapes.
"""

import math
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bodies.text import grouped

WIDTH = 360  # viewBox units; text is 13 units high, near 13 px on a phone
BAR_ROW = 34  # label line, then the bar
BAR_HEIGHT = 14
VALUE_ROOM = 64  # right of the longest bar, for its number
BAR_LEFT = 8  # room for half of the axis' first number
COLUMN_RIGHT = 16  # room for half of the last column's label
COLUMN_HEIGHT = 180
COLUMN_TOP = 18  # room for the tallest column's number
COLUMN_LEFT = 44  # room for the value axis' numbers
COLUMN_BOTTOM = 44  # room for the category labels and the axis title
# Charts show the largest values; the table and the CSV file hold every one.
MAX_BARS = 15
MAX_COLUMN_LABELS = 12


@dataclass(frozen=True)
class Row:
    key: str  # the parameter value ("DE", "iso-9001", "2026-07")
    label: str
    count: int
    url: str  # the search this number is the result count of
    short_label: str = ""  # under a column, where room is short
    tone: str = ""  # a colour class suffix, for the status chart
    hint: str = ""  # a longer name, shown in the table


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Shape:
    row: Row
    x: float
    y: float
    width: float
    height: float
    text_x: float  # the number's position
    text_y: float
    label_x: float = 0  # the category label's position
    label_y: float = 0
    show_label: bool = True


@dataclass
class Chart:
    slug: str
    title: str
    description: str  # what the chart shows, for the page and for screen readers
    value_axis: str
    category_axis: str
    rows: list
    kind: str = "bars"  # "bars" (horizontal, categories) or "columns" (time)
    key_header: str = "value"  # the CSV column of the parameter value
    max_bars: int = MAX_BARS
    shapes: list = field(init=False)
    ticks: list = field(init=False)
    height: float = field(init=False)

    def __post_init__(self):
        layout = self._columns if self.kind == "columns" else self._bars
        self.shapes, self.ticks, self.height = layout()

    @property
    def total(self):
        return sum(row.count for row in self.rows)

    @property
    def hidden_count(self):
        """Rows only the table shows."""
        return max(len(self.rows) - self.max_bars, 0) if self.kind == "bars" else 0

    @property
    def summary(self):
        """One sentence on the largest value, for screen readers and the figure's caption."""
        if not any(row.count for row in self.rows):
            return _("No bodies.")
        top = max(self.rows, key=lambda row: row.count)
        return ngettext(
            "Most: %(label)s, %(count)s body.", "Most: %(label)s, %(count)s bodies.", top.count
        ) % {"label": top.label, "count": grouped(top.count)}

    def _bars(self):
        shown = self.rows[: self.max_bars]
        top = max([row.count for row in shown] or [0])
        ticks_at = nice_ticks(top)
        scale_max = ticks_at[-1] or 1
        room = WIDTH - VALUE_ROOM - BAR_LEFT
        shapes = []
        for n, row in enumerate(shown):
            y = n * BAR_ROW + 20
            width = room * row.count / scale_max
            shapes.append(
                Shape(
                    row=row,
                    x=BAR_LEFT,
                    y=y,
                    width=round(max(width, 1 if row.count else 0), 1),
                    height=BAR_HEIGHT,
                    text_x=round(BAR_LEFT + width + 4, 1),
                    text_y=y + BAR_HEIGHT - 2,
                    label_x=BAR_LEFT,
                    label_y=y - 5,
                )
            )
        axis_y = len(shown) * BAR_ROW + 8
        ticks = [
            Tick(round(BAR_LEFT + room * value / scale_max, 1), grouped(value))
            for value in ticks_at
        ]
        return shapes, ticks, axis_y + 40

    def _columns(self):
        n = max(len(self.rows), 1)
        top = max([row.count for row in self.rows] or [0])
        ticks_at = nice_ticks(top)
        scale_max = ticks_at[-1] or 1
        step = (WIDTH - COLUMN_LEFT - COLUMN_RIGHT) / n
        every = math.ceil(n / MAX_COLUMN_LABELS)
        shapes = []
        for i, row in enumerate(self.rows):
            height = COLUMN_HEIGHT * row.count / scale_max
            x = COLUMN_LEFT + i * step + step * 0.15
            shapes.append(
                Shape(
                    row=row,
                    x=round(x, 1),
                    y=round(COLUMN_TOP + COLUMN_HEIGHT - height, 1),
                    width=round(step * 0.7, 1),
                    height=round(height, 1),
                    text_x=round(x + step * 0.35, 1),
                    text_y=round(COLUMN_TOP + COLUMN_HEIGHT - height - 3, 1),
                    label_x=round(x + step * 0.35, 1),
                    label_y=COLUMN_TOP + COLUMN_HEIGHT + 16,
                    show_label=i % every == 0,
                )
            )
        ticks = [
            Tick(
                round(COLUMN_TOP + COLUMN_HEIGHT - COLUMN_HEIGHT * value / scale_max, 1),
                grouped(value),
            )
            for value in ticks_at
        ]
        return shapes, ticks, COLUMN_TOP + COLUMN_HEIGHT + COLUMN_BOTTOM

    @property
    def numbers_fit(self):
        """Whether each column has room for its number above it."""
        return self.kind == "bars" or len(self.rows) <= MAX_COLUMN_LABELS

    @property
    def axis_y(self):
        """Where the value axis is drawn: under the bars, or the columns' base line."""
        if self.kind == "columns":
            return COLUMN_TOP + COLUMN_HEIGHT
        return len(self.shapes) * BAR_ROW + 8

    @property
    def width(self):
        return WIDTH

    def shapes_svg(self):
        return shapes_svg(self)

    def rows_html(self):
        """The table's body rows: each label links to its search."""
        if not self.rows:
            return format_html('<tr><td colspan="2">{}</td></tr>', _("No bodies."))
        return format_html_join(
            "\n",
            '<tr><th scope="row"><a href="{}">{}</a>{}</th><td class="num">{}</td></tr>',
            (
                (
                    row.url,
                    row.label,
                    format_html('<span class="sub">{}</span>', row.hint) if row.hint else "",
                    grouped(row.count),
                )
                for row in self.rows
            ),
        )

    @property
    def plot_left(self):
        return BAR_LEFT if self.kind == "bars" else COLUMN_LEFT

    @property
    def plot_right(self):
        return WIDTH - VALUE_ROOM if self.kind == "bars" else WIDTH - COLUMN_RIGHT


def shapes_svg(chart):
    """The chart's bars or columns, axes and axis titles, as SVG inside its <svg>.

    Written here rather than in a template loop, which costs ten times as much.
    """
    if chart.kind == "bars":
        return _bars_svg(chart)
    return _columns_svg(chart)


def _link(row, inner):
    title = format_html("<title>{}: {}</title>", row.label, grouped(row.count))
    return format_html('<a href="{}" tabindex="-1">{}{}</a>', row.url, title, inner)


def _bars_svg(chart):
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="4" y2="{}"/>',
        ((t.position, t.position, chart.axis_y) for t in chart.ticks),
    )
    bars = format_html_join(
        "\n",
        "{}",
        (
            (
                _link(
                    s.row,
                    format_html(
                        '<text class="chart__label" x="{}" y="{}">{}</text>'
                        '<rect class="chart__bar{}" x="{}" y="{}" width="{}" height="{}"/>'
                        '<text class="chart__value" x="{}" y="{}">{}</text>',
                        s.label_x,
                        s.label_y,
                        Truncator(s.row.label).chars(50),
                        f" tone-{s.row.tone}" if s.row.tone else "",
                        s.x,
                        s.y,
                        s.width,
                        s.height,
                        s.text_x,
                        s.text_y,
                        grouped(s.row.count),
                    ),
                ),
            )
            for s in chart.shapes
        ),
    )
    axis = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((t.position, chart.axis_y + 16, t.label) for t in chart.ticks),
    )
    return format_html(
        '<g class="chart__grid">{}</g>\n{}\n<g class="chart__axis">{}</g>'
        '<text class="chart__axis-title" x="{}" y="{}" text-anchor="end">{} →</text>',
        grid,
        bars,
        axis,
        round(chart.plot_right),
        chart.axis_y + 34,
        chart.value_axis,
    )


def _columns_svg(chart):
    left, right = chart.plot_left, chart.plot_right
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}"/>',
        ((left, right, t.position, t.position) for t in chart.ticks),
    )
    axis = format_html_join(
        "",
        '<text x="{}" y="{}" dy="4" text-anchor="end">{}</text>',
        ((left - 4, t.position, t.label) for t in chart.ticks),
    )
    columns = []
    for s in chart.shapes:
        number = ""
        if chart.numbers_fit and s.row.count:
            number = format_html(
                '<text class="chart__value" x="{}" y="{}" text-anchor="middle">{}</text>',
                s.text_x,
                s.text_y,
                grouped(s.row.count),
            )
        bar = format_html(
            '<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}"/>{}',
            s.x,
            s.y,
            s.width,
            s.height,
            number,
        )
        label = ""
        if s.show_label:
            label = format_html(
                '<text class="chart__tick-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                s.label_x,
                s.label_y,
                s.row.short_label,
            )
        columns.append((_link(s.row, bar), label))
    return format_html(
        '<g class="chart__grid">{}</g><g class="chart__axis">{}</g>\n{}\n'
        '<line class="chart__baseline" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart__axis-title" x="{}" y="{}">{}</text>'
        '<text class="chart__axis-title" x="0" y="0" transform="translate(10 110) rotate(-90)"'
        ' text-anchor="middle">{}</text>',
        grid,
        axis,
        format_html_join("\n", "{}{}", columns),
        left,
        right,
        chart.axis_y,
        chart.axis_y,
        left,
        chart.height - 4,
        chart.category_axis,
        chart.value_axis,
    )


def nice_ticks(top, count=4):
    """Round axis values from 0 to at least ``top``: steps of 1, 2 or 5 times a power of 10."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(int(step), 1)
    last = math.ceil(top / step) * step
    return list(range(0, last + 1, step))
