"""What the statistics page shows for one search: the map and the charts, labelled."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_countries import countries

from search.criteria import STATUS_CHOICES
from search.indexes import index_for_version
from search.statistics import search_statistics, search_summary, text_mask
from stats.charts import Chart, Row
from stats.world import WorldMap

STATUS_LABELS = dict(STATUS_CHOICES)


class StatisticsPage:
    """The statistics of a parsed search (a bound ``search.filters.BodyFilterSet``)."""

    def __init__(self, filterset, *, version=None, summary=False, text=None):
        self.filterset = filterset
        # The text's mask when the caller has it (the search page it is a section of).
        self._given_text = text
        self.search = filterset.search
        self.criteria = self.search.criteria
        self.version = version
        # A summary (for a section on another page) has the countries, standards and
        # statuses only: one search of the index.
        self.summary = summary

    @cached_property
    def numbers(self):
        """``search.statistics.Statistics``: every number, each a search's result count."""
        index = index_for_version(self.version)
        compute = search_summary if self.summary else search_statistics
        return compute(
            index,
            self.filterset.today,
            self.criteria,
            self.filterset.reference,
            self._given_text
            if self._given_text is not None
            else text_mask(index, self.criteria.text),
        )

    def search_url(self, criteria):
        """The search page for ``criteria`` (words taken literally if this search's were)."""
        params = criteria.params()
        if self.search.literal and criteria.text:
            params.append(("literal", "yes"))
        return f"{self._search_path}?{urlencode(params)}"

    @cached_property
    def _search_path(self):
        return reverse("search:list")

    @property
    def page_url(self):
        """The statistics page of this search."""
        return f"{reverse('stats:page')}?{self.query_string}"

    @property
    def query_string(self):
        """This search's parameters, for links to its statistics and to itself."""
        return urlencode(self.search.criteria.params())

    @property
    def state(self):
        """What the "current" charts count: bodies accredited now, or the asked status."""
        if self.criteria.status:
            return _("with the status “%(status)s”") % {
                "status": STATUS_LABELS[self.criteria.status].lower()
            }
        return _("currently accredited")

    @cached_property
    def key_numbers(self):
        """(label, count, search URL) of each status, as the search's facets give them."""
        return [
            (STATUS_LABELS[bar.key], bar.count, self.search_url(bar.criteria))
            for bar in self.numbers.statuses
        ]

    @property
    def results_url(self):
        return self.search_url(self.numbers.current)

    def _rows(self, bars, label, **extra):
        return [
            Row(
                key=key,
                # Plain strings: lazy translations cost the page's escaping dearly.
                label=str(text),
                count=bar.count,
                url=self.search_url(bar.criteria),
                **{name: str(make(bar.key)) for name, make in extra.items()},
            )
            for bar in bars
            for key, text in [label(bar.key)]
        ]

    def top(self, chart, limit):
        """A copy of ``chart`` drawing only its ``limit`` largest rows (for a small section)."""
        return Chart(
            slug=f"summary-{chart.slug}",
            title=chart.title,
            description=chart.description,
            value_axis=chart.value_axis,
            category_axis=chart.category_axis,
            rows=chart.rows,
            key_header=chart.key_header,
            max_bars=limit,
        )

    @cached_property
    def countries(self):
        return Chart(
            slug="countries",
            title=_("Bodies %(state)s, by country") % {"state": self.state},
            description=_("The number of bodies in each country."),
            value_axis=_("Bodies"),
            category_axis=_("Country"),
            rows=self._rows(self.numbers.countries, lambda code: (code, countries.name(code))),
            key_header="country",
        )

    @cached_property
    def world_map(self):
        return WorldMap.build(self.countries.rows)

    # The charts after the map, in the page's order, by slug: each is built only when
    # asked for (a section of another page asks for one).
    CHARTS = {
        "standards": "standards_chart",
        "accreditation-bodies": "accreditation_bodies_chart",
        "kinds": "kinds_chart",
        "statuses": "statuses_chart",
        "expiring": "expiring_chart",
        "granted": "granted_chart",
    }

    @property
    def charts(self):
        """The charts after the map, in the page's order."""
        return [getattr(self, name) for name in self.CHARTS.values()]

    def chart(self, slug):
        """The chart (or the map's numbers) called ``slug``, or None."""
        if slug == "countries":
            return self.countries
        name = self.CHARTS.get(slug)
        return getattr(self, name) if name else None

    @cached_property
    def standards_chart(self):
        numbers = self.numbers
        return Chart(
            slug="standards",
            title=_("Bodies %(state)s, by standard") % {"state": self.state},
            description=_("Bodies accredited for each certifiable standard in their scope."),
            value_axis=_("Bodies"),
            category_axis=_("Standard"),
            rows=self._rows(numbers.standards, lambda s: (s.slug, s.code), hint=lambda s: s.title),
            key_header="standard",
        )

    @cached_property
    def accreditation_bodies_chart(self):
        numbers = self.numbers
        return Chart(
            slug="accreditation-bodies",
            title=_("Bodies %(state)s, by accreditation body") % {"state": self.state},
            description=_("Bodies holding an accreditation from each accreditation body."),
            value_axis=_("Bodies"),
            category_axis=_("Accreditation body"),
            rows=self._rows(
                numbers.accreditation_bodies,
                lambda ab: (ab.slug, ab.acronym),
                hint=lambda ab: f"{ab.name} ({ab.country.name})",
            ),
            key_header="ab",
        )

    @cached_property
    def kinds_chart(self):
        numbers = self.numbers
        return Chart(
            slug="kinds",
            title=_("Bodies %(state)s, by kind of body (CASCO standard)") % {"state": self.state},
            description=_("Bodies accredited against each conformity-assessment standard."),
            value_axis=_("Bodies"),
            category_axis=_("CASCO standard"),
            rows=self._rows(
                numbers.cascos,
                lambda s: (s.slug, s.code),
                hint=lambda s: s.get_applies_to_display(),
            ),
            key_header="casco",
        )

    @cached_property
    def statuses_chart(self):
        numbers = self.numbers
        return Chart(
            slug="statuses",
            title=_("Bodies by accreditation status"),
            description=_(
                "A body with several accreditations can count under several "
                "statuses; “not accredited” bodies hold no current accreditation."
            ),
            value_axis=_("Bodies"),
            category_axis=_("Status"),
            rows=self._rows(
                numbers.statuses,
                lambda value: (value, STATUS_LABELS[value]),
                tone=lambda value: value,
            ),
            key_header="status",
        )

    @cached_property
    def expiring_chart(self):
        numbers = self.numbers
        return Chart(
            slug="expiring",
            title=_("Bodies %(state)s whose accreditation expires, by month")
            % {"state": self.state},
            description=_(
                "Bodies with an accreditation valid until a day of each of the next 12 months."
            ),
            value_axis=_("Bodies"),
            category_axis=_("Month (from %(month)s)")
            % {"month": _month(numbers.expiring[0].key, "F Y")}
            if numbers.expiring
            else _("Month"),
            rows=self._rows(
                numbers.expiring,
                lambda month: (month, _month(month, "F Y")),
                short_label=lambda month: _month(month, "M"),
            ),
            kind="columns",
            key_header="expires",
        )

    @cached_property
    def granted_chart(self):
        numbers = self.numbers
        today = self.filterset.today
        return Chart(
            slug="granted",
            title=_("Bodies by the year an accreditation was granted"),
            description=_(
                "Bodies holding an accreditation granted in each year up to %(year)s, "
                "whatever its status now."
            )
            % {"year": today.year},
            value_axis=_("Bodies"),
            category_axis=_("Year granted"),
            rows=self._rows(
                numbers.granted, lambda year: (year, year), short_label=lambda year: year
            ),
            kind="columns",
            key_header="granted",
        )


def _month(month, pattern):
    year, number = (int(part) for part in month.split("-"))
    return format_date(datetime.date(year, number, 1), pattern)
