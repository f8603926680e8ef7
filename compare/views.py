"""``/compare/?body=<slug>&body=<slug>``: two to four bodies side by side, as a page or CSV."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from compare.comparison import (
    MAX_BODIES,
    MIN_BODIES,
    PARAM,
    Comparison,
    Selection,
    csv_rows,
    find_bodies,
)
from search.criteria import Ignored

FORMATS = ("html", "csv")


def parse_format(request):
    """(the format asked for, what was ignored): anything but "csv" is the page."""
    value = request.GET.get("format", "html")
    if value in FORMATS:
        return value, []
    return "html", [Ignored("format", value[:60], 'unknown format: "csv" or nothing')]


def selection(request):
    """The request's ``Selection``, parsed once (the page cache's key asks for it first)."""
    parsed = getattr(request, "compare_selection", None)
    if parsed is None:
        parsed = request.compare_selection = Selection.parse(request.GET.getlist(PARAM))
    return parsed


class CompareView(TemplateView):
    template_name = "compare/compare.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The parsed selection and format, never the raw query string."""
        format_, ignored = parse_format(request)
        return "|".join([format_, selection(request).cache_key(), *(i.value for i in ignored)])

    def get(self, request, *args, **kwargs):
        format_, ignored_format = parse_format(request)
        bodies, ignored = find_bodies(selection(request))
        comparison = Comparison(bodies, timezone.localdate())
        if format_ == "csv":
            return self.csv(comparison)
        context = self.get_context_data(
            comparison=comparison,
            ignored=[*ignored, *ignored_format],
            ignored_more=selection(request).ignored_more,
            enough=len(bodies) >= MIN_BODIES,
            full=len(bodies) >= MAX_BODIES,
            min_bodies=MIN_BODIES,
            max_bodies=MAX_BODIES,
            **kwargs,
        )
        return self.render_to_response(context)

    def csv(self, comparison):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        csv.writer(response).writerows(csv_rows(comparison, self.request.build_absolute_uri))
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="certdir-compare-{stamp}.csv"'
        # The page cache would keep neither the file name nor the attachment.
        self.request.page_cache_key = None
        return response
