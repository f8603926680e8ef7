"""``/api/v1/bodies/``: the search of ``/bodies/``, and ``/api/v1/bodies/<slug>/``: one body.

The list is the page's search, not a copy of it: ``BodyFilterSet`` parses the same
parameters into the same ``Search``, ``SearchPage`` answers it from the search index
(ordered primary keys and facet counts), and a page of the API is a slice of those ids
by position, fetched as the page fetches its bodies (two queries whatever the size).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accreditation.lookup import reference_rows
from accreditation.models import DirectoryVersion
from accreditation.recognition import recognitions_for_version
from api.base import (
    SLUG_PARAMETER,
    PublicAPIView,
    directory_version,
    origin,
    responses,
)
from api.options import encode_cursor, parse_options, search_params
from api.schema import PAGING_PARAMETERS, FilterSetSchema
from api.serializers import BodyDetailSerializer, BodySearchSerializer
from bodies.loading import bodies_load_histories
from bodies.models import CertificationBody
from bodies.ondate import parse_on
from search.filters import BodyFilterSet
from search.memo import Memo
from search.presenter import BodiesInOrder, SearchPage
from search.reference import reference_for_version
from search.views import BodyExportView


@dataclass(frozen=True)
class BodyQuery:
    """One request's search (the page's parser) and the API's own options."""

    filterset: BodyFilterSet
    options: object

    @property
    def search(self):
        return self.filterset.search

    @property
    def ignored(self):
        """The search's ignored values as the page lists them, then the API's own."""
        return [*self.search.ignored, *self.options.ignored]

    def link_params(self):
        """This search as URL parameters for links, from what was parsed (never the raw
        query string: a cached answer is shared by every request that parses alike).

        A search whose text was understood keeps the text as typed, so that every page
        reads it the same way and says so.
        """
        search = self.search
        if search.understood:
            pairs = [pair for pair in search.literal_params if pair != ("literal", "yes")]
            pairs += [("sort", search.sort)] if search.sort else []
        else:
            pairs = search.params()
        return [*pairs, *self.options.link_params()]


def body_query(request):
    """The request's ``BodyQuery``, parsed once (the page cache's key asks for it first)."""
    query = getattr(request, "api_body_query", None)
    if query is None:
        reference = reference_for_version(directory_version(request))
        filterset = BodyFilterSet(search_params(request.GET), reference=reference)
        query = request.api_body_query = BodyQuery(filterset, parse_options(request.GET))
    return query


# The canonical key of the search and options each query string asks for, per version.
_query_keys = Memo(2048)


def forget_query_keys():
    """Drop the memoised keys (tests roll the directory version back)."""
    _query_keys.clear()


class BodyListView(PublicAPIView):
    schema = FilterSetSchema()

    @classmethod
    def page_cache_variant(cls, request):
        """The parsed search and options, never the raw query string."""

        def parsed_key():
            query = body_query(request)
            return f"{query.search.cache_key()}|{query.options.key()}"

        # Parsed on a miss only, and then once: the answer reads the same query.
        key = _query_keys.get_or_make(
            (directory_version(request), request.META.get("QUERY_STRING", "")), parsed_key
        )
        return f"{origin(request)}|{key}"

    @staticmethod
    def schema_filterset():
        """The filter set whose filters the schema describes: the search page's own."""
        return BodyFilterSet(reference=reference_for_version(DirectoryVersion.current()))

    @classmethod
    def rate_limits(cls, request):
        """The API's budget, and for ``format=csv`` the export's too: it is the same file."""
        if parse_options(request.GET).format == "csv":
            return (cls.rate_limit, BodyExportView.rate_limit)
        return (cls.rate_limit,)

    @extend_schema(
        operation_id="bodies_search",
        summary=gettext_lazy("Search bodies"),
        description=gettext_lazy(
            "The search of `/bodies/`: the same parameters, the same bodies in the "
            "same order. Pages follow one another through `next` and `previous`."
        ),
        parameters=PAGING_PARAMETERS,
        responses=responses(
            {
                (200, "application/json"): BodySearchSerializer,
                (200, "text/csv"): OpenApiResponse(
                    OpenApiTypes.STR, description=gettext_lazy("With `format=csv`.")
                ),
            }
        ),
    )
    def get(self, request):
        query = body_query(request._request)
        if query.options.format == "csv":
            return self.csv(request._request, query)
        page = SearchPage(query.filterset, version=directory_version(request._request))
        ids, counts = page.ordered_ids_and_counts()
        start, size = query.options.position, query.options.page_size
        bodies = BodiesInOrder(ids, page.index, query.filterset.reference.standards_by_pk)
        results = bodies[start : start + size] if start < len(ids) else []
        last = max(len(ids) - 1, 0) // size * size
        search = query.search
        data = {
            "count": counts.total,
            "next": self.link(query, start + size) if start + size < len(ids) else None,
            "previous": self.link(query, max(min(start - size, last), 0)) if start else None,
            "results": results,
            "ignored": query.ignored,
            "ignored_more": search.ignored_more,
            "understood": search.understood or None,
            "literal": None,
        }
        if search.understood:
            literal = [*search.literal_params, *query.options.link_params()]
            data["literal"] = self.url(literal)
        if query.options.facets:
            data["facets"] = page.facet_result.facets
        context = self.serializer_context(query.filterset.today)
        return Response(BodySearchSerializer(data, context=context).data)

    def url(self, params):
        path = reverse("api:body-list")
        return self.request.build_absolute_uri(f"{path}?{urlencode(params)}" if params else path)

    def link(self, query, position):
        cursor = [("cursor", encode_cursor(position))] if position > 0 else []
        return self.url([*query.link_params(), *cursor])

    @staticmethod
    def csv(request, query):
        """Every body of the search as the CSV export gives it, through the export itself."""
        request.search_filterset = query.filterset  # what search.views.parse_search reads
        # The export keeps its CSV per directory version; the page cache, which would
        # keep neither its encoding nor its file name, must not keep it too.
        request.page_cache_key = None
        return BodyExportView.as_view()(request)


ON_PARAMETER = OpenApiParameter(
    "on",
    OpenApiTypes.DATE,
    description=gettext_lazy(
        "A past date (YYYY-MM-DD): the summary and verdicts as they stood on it. "
        "Today when left out; a value that is not a past date is listed in `ignored`."
    ),
    examples=[
        OpenApiExample("not given", value="", summary=gettext_lazy("(not given)")),
        OpenApiExample("on", value="2025-03-03", summary="2025-03-03"),
    ],
)


class BodyDetailView(PublicAPIView):
    @classmethod
    def page_cache_variant(cls, request):
        """The host name and the date asked for (``on``), as parsed."""
        as_of = parse_on(request.GET.get("on"), timezone.localdate())
        return f"{origin(request)}|{as_of.cache_variant()}"

    @extend_schema(
        operation_id="bodies_retrieve",
        summary=gettext_lazy("One body"),
        description=gettext_lazy(
            "The body with every accreditation and its timeline, and what each of its "
            "accreditations says about each standard (the verdicts of its page), today or `on` "
            "a past date."
        ),
        parameters=[SLUG_PARAMETER, ON_PARAMETER],
        responses=responses(BodyDetailSerializer, not_found=True),
    )
    def get(self, request, slug):
        today = timezone.localdate()
        as_of = parse_on(request.query_params.get("on"), today)
        body = CertificationBody.objects.filter(slug=slug).first()
        if body is None:
            raise NotFound(_("No body has the slug %(slug)s.") % {"slug": repr(slug)})
        version = directory_version(request)
        bodies_load_histories([body], reference_rows(version))
        # A date it cannot use is left out and said in "ignored", as the search does.
        ignored = [as_of.ignored()] if as_of.problem else []
        context = {
            **self.serializer_context(today),
            "on": as_of.on,
            "ignored": ignored,
            # Read once per directory version, as for the body's page.
            "recognitions": recognitions_for_version(version),
        }
        return Response(BodyDetailSerializer(body, context=context).data)
