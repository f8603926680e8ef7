"""The search's pages: the home page's search box, the search page and its CSV export."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django_countries.fields import Country

from accreditation.models import DirectoryVersion, Standard
from bodies.csvio.exporter import bodies_csv_rows
from search.filters import BodyFilterSet
from search.index import index_for_version
from search.presenter import SearchPage
from search.reference import reference_for_version


def parse_search(request):
    """The request's search, parsed once per request (the page cache's key asks for it)."""
    filterset = getattr(request, "search_filterset", None)
    if filterset is None:
        version = getattr(request, "directory_version", None)
        if version is None:
            version = request.directory_version = DirectoryVersion.current()
        filterset = BodyFilterSet(request.GET, reference=reference_for_version(version))
        request.search_filterset = filterset
    return filterset


class HomeView(TemplateView):
    template_name = "search/home.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The home page reads no parameter."""
        return ""

    @cached_property
    def index(self):
        return index_for_version(getattr(self.request, "directory_version", None))

    def get_context_data(self, **kwargs):
        in_scope, _, _ = self.index.current_body_counts(timezone.localdate())
        standards = list(Standard.objects.certifiable())
        for standard in standards:
            standard.body_count = in_scope.get(standard.pk, 0)
        standards.sort(key=lambda s: (-s.body_count, s.code))
        return super().get_context_data(
            popular_standards=standards[:8],
            popular_countries=[
                (Country(code), count) for code, count in self.index.country_counts()[:8]
            ],
            body_count=self.index.n_bodies,
            **kwargs,
        )


class BodyListView(TemplateView):
    """``/bodies/``: the URL becomes a ``Search`` (the filter set), the index answers it."""

    template_name = "search/body_list.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The parsed search, never the raw query string: equal searches share a page."""
        return parse_search(request).search.cache_key()

    def get_context_data(self, **kwargs):
        filterset = parse_search(self.request)
        page = SearchPage(filterset, version=self.request.directory_version)
        return super().get_context_data(search=page, filterset=filterset, **kwargs)


class _Echo:
    """A file-like object whose ``write`` returns the line, so csv.writer can stream."""

    def write(self, value):
        return value


@require_safe
def export_csv(request):
    """The bodies of a search (every page, in its order) as CSV in the import format."""
    filterset = parse_search(request)
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in bodies_csv_rows(filterset.qs))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="certdir-bodies-{stamp}.csv"'
    return response
