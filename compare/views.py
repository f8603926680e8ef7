"""``/compare/?body=<slug>&body=<slug>``: two to four bodies side by side, as a page or CSV."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accreditation.models import DirectoryVersion
from accreditation.recognition import recognitions_for_version
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


def parse_format(request, formats=FORMATS):
    """(the format asked for, what was ignored): the first of ``formats`` unless another
    is named; an unknown one is ignored and said."""
    value = request.GET.get("format", formats[0])
    if value in formats:
        return value, []
    allowed = " or ".join(f'"{name}"' for name in formats)
    return formats[0], [
        Ignored("format", value[:60], _("unknown format: %(allowed)s") % {"allowed": allowed})
    ]


def selection(request):
    """The request's ``Selection``, parsed once (the page cache's key asks for it first)."""
    parsed = getattr(request, "compare_selection", None)
    if parsed is None:
        parsed = request.compare_selection = Selection.parse(request.GET.getlist(PARAM))
    return parsed


def recognitions(request):
    """The recognition records of the directory version the page cache read (or read now)."""
    version = getattr(request, "directory_version", None)
    if version is None:
        version = request.directory_version = DirectoryVersion.current()
    return recognitions_for_version(version)


class CompareView(TemplateView):
    template_name = "compare/compare.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The parsed selection and format, never the raw query string; the page prints
        its own address, so one per host name."""
        format_, ignored = parse_format(request)
        parts = [request.build_absolute_uri("/"), format_, selection(request).cache_key()]
        return "|".join([*parts, *(i.value for i in ignored)])

    def get(self, request, *args, **kwargs):
        format_, ignored_format = parse_format(request)
        bodies, ignored = find_bodies(selection(request))
        comparison = Comparison(bodies, timezone.localdate(), recognitions(request))
        if format_ == "csv":
            return csv_response(request, comparison)
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


def csv_response(request, comparison):
    """The comparison as a CSV attachment (the page's ``format=csv``, and the API's)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    csv.writer(response).writerows(csv_rows(comparison, request.build_absolute_uri))
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="certdir-compare-{stamp}.csv"'
    # The page cache would keep neither the file name nor the attachment.
    request.page_cache_key = None
    return response
