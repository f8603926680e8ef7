"""``/statistics/``: the map and charts of a search, and each chart's numbers as CSV."""

import csv

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from bodies.csvio.format import neutralise
from search.presenter import SearchPage
from search.views import BodyListView, ReleasesSearchMixin, parse_search
from stats.presenter import StatisticsPage


def statistics_page(request):
    """The statistics of the request's search (parsed once, as the page cache did)."""
    return StatisticsPage(parse_search(request), version=request.directory_version)


class StatisticsView(ReleasesSearchMixin, TemplateView):
    """The same parameters as ``/bodies/``, parsed by the same filter set."""

    template_name = "stats/statistics.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The parsed search, as the search page keys it."""
        return BodyListView.page_cache_variant(request)

    def get_context_data(self, **kwargs):
        filterset = parse_search(self.request)
        return super().get_context_data(
            statistics=statistics_page(self.request),
            # The search's labels and links: removing a filter stays on this page.
            search=SearchPage(filterset, version=self.request.directory_version),
            **kwargs,
        )


class ChartCSVView(View):
    """One chart's rows: the parameter value, its label, the bodies and the search's URL."""

    # Not in the page cache, which keeps no Content-Disposition; the index answers in
    # milliseconds.
    http_method_names = ["get", "head"]

    def get(self, request, chart):
        found = statistics_page(request).chart(chart)
        if found is None:
            raise Http404("No such chart.")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow([found.key_header, "label", "bodies", "search"])
        for row in found.rows:
            writer.writerow(
                [
                    neutralise(row.key),
                    neutralise(row.label),
                    row.count,
                    request.build_absolute_uri(row.url),
                ]
            )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="certdir-statistics-{chart}-{stamp}.csv"'
        )
        return response
