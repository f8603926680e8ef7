"""The search's pages: the home page's search box, the search page and its CSV export."""

import gzip
import io

from django.core.cache import caches
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView
from django_countries.fields import Country

from accreditation.models import DirectoryVersion, Standard
from bodies.csvio.exporter import write_bodies_csv, write_bodies_xlsx
from search.filters import BodyFilterSet
from search.http import accepts_gzip
from search.indexes import index_for_version
from search.memo import Memo
from search.presenter import SearchPage
from search.reference import reference_for_version

# Exports kept per directory version (gzip-compressed): the whole directory at 100,000
# bodies is about 5 MB. Larger ones are built each time.
EXPORT_CACHE_MAX_BYTES = 16 * 1024 * 1024
EXPORT_CACHE_SECONDS = 60 * 60
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


# The canonical key of the search each query string asks for, per directory version.
_search_keys = Memo(2048)


def forget_search_keys():
    """Drop the memoised search keys (tests roll the directory version back)."""
    _search_keys.clear()


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


class ReleasesSearchMixin:
    """For a view whose context's ``search`` is a ``SearchPage``: the search lets go of
    its arrays once the page is rendered (``SearchPage.release``)."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(lambda rendered: context["search"].release())
        return response


class BodyListView(ReleasesSearchMixin, TemplateView):
    """``/bodies/``: the URL becomes a ``Search`` (the filter set), the index answers it."""

    template_name = "search/body_list.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The parsed search, never the raw query string: equal searches share a page."""
        if getattr(request, "directory_version", None) is None:
            request.directory_version = DirectoryVersion.current()
        # Parsed on a miss only, and then once: the page reads the same filter set.
        return _search_keys.get_or_make(
            (request.directory_version, request.META.get("QUERY_STRING", "")),
            lambda: parse_search(request).search.cache_key(),
        )

    def get_context_data(self, **kwargs):
        filterset = parse_search(self.request)
        page = SearchPage(filterset, version=self.request.directory_version)
        return super().get_context_data(search=page, filterset=filterset, **kwargs)


class BodyExportView(View):
    """The bodies of a search (every page, in its order) as CSV in the import format.

    The file is written whole before the first byte is sent, so a failure answers with
    an error page rather than a truncated file that looks complete; the result is kept
    per directory version, so asking again costs nothing until the directory changes.
    """

    http_method_names = ["get", "head"]
    # Per client address (certdir.ratelimit): a whole-directory export is seconds of work.
    rate_limit = ("export", 10, 60)

    def get(self, request):
        filterset = parse_search(request)
        key = ":".join(
            [
                "export",
                str(request.directory_version),
                timezone.localdate().isoformat(),
                filterset.search.cache_key(),
            ]
        )
        exports = caches["exports"]
        entry = exports.get(key)
        if entry is None:
            entry = self.build(filterset.qs)
            if len(entry[0]) <= EXPORT_CACHE_MAX_BYTES:
                exports.set(key, entry, EXPORT_CACHE_SECONDS)
        compressed, size = entry
        if accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(compressed, content_type="text/csv; charset=utf-8")
            response["Content-Encoding"] = "gzip"
        else:
            response = StreamingHttpResponse(
                _decompressed(compressed), content_type="text/csv; charset=utf-8"
            )
            response["Content-Length"] = str(size)
        patch_vary_headers(response, ["Accept-Encoding"])
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="certdir-bodies-{stamp}.csv"'
        return response

    @staticmethod
    def build(bodies):
        """(the CSV of ``bodies`` gzip-compressed, its uncompressed size in bytes)."""
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6) as archive:
            text = io.TextIOWrapper(archive, encoding="utf-8", newline="")
            write_bodies_csv(text, bodies)
            text.flush()
            size = archive.tell()
            text.detach()
        return buffer.getvalue(), size


class BodyExcelExportView(View):
    """``/bodies/export.xlsx``: the same search as the CSV export, as a spreadsheet workbook.

    Written whole before sending, like the CSV; rate-limited with it (one counter).
    """

    http_method_names = ["get", "head"]
    rate_limit = BodyExportView.rate_limit

    def get(self, request):
        filterset = parse_search(request)
        out = io.BytesIO()
        write_bodies_xlsx(out, filterset.qs)
        response = HttpResponse(out.getvalue(), content_type=XLSX_CONTENT_TYPE)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="certdir-bodies-{stamp}.xlsx"'
        return response


def _decompressed(compressed, chunk_size=64 * 1024):
    with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as archive:
        while chunk := archive.read(chunk_size):
            yield chunk
