"""What every API view shares: anonymous, read-only, JSON, rate-limited and page-cached."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from accreditation.models import DirectoryVersion
from api.serializers import ErrorSerializer


class JSONOnly(BaseContentNegotiation):
    """The first renderer whatever the Accept header says.

    An API view has one representation (the bodies' CSV is asked for with
    ``format=csv``), so a cached answer never depends on a header its key leaves out.
    """

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def origin(request):
    """The site's absolute root URL as the client reached it: answers hold absolute links,
    so an answer cached for one host name must not be served for another."""
    return request.build_absolute_uri("/")


def directory_version(request):
    """The directory version the page cache read for this request (or read now)."""
    version = getattr(request, "directory_version", None)
    if version is None:
        version = request.directory_version = DirectoryVersion.current()
    return version


# Documented on every operation: the limit is per client address (certdir.ratelimit),
# and its answer is JSON ({"detail": ...}) with Retry-After.
RATE_LIMITED = OpenApiResponse(
    ErrorSerializer,
    description=gettext_lazy(
        "Too many requests from this address; `Retry-After` says when to try again."
    ),
)
NOT_MODIFIED = OpenApiResponse(
    description=gettext_lazy("The client's copy (`If-None-Match`) is current."),
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description=gettext_lazy("No such object."))
# What Django's slug path converter matches.
SLUG_PARAMETER = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$"
)


def responses(ok, *, not_found=False):
    """The responses of an API operation: ``ok`` for 200 (or a dict of them by media
    type), and the ones every operation has."""
    ok = ok if isinstance(ok, dict) else {(200, "application/json"): ok}
    return {
        **ok,
        304: NOT_MODIFIED,
        **({(404, "application/json"): NOT_FOUND} if not_found else {}),
        (429, "application/json"): RATE_LIMITED,
    }


class PublicAPI:
    """What every API view shares: no sessions, cookies or users; JSON; GET only.

    ``rate_limit`` is read by ``certdir.ratelimit.RateLimitMiddleware`` (one budget
    per client address for the whole API), ``page_cache_variant`` by the page cache
    and ``etag`` by ``api.middleware.ETagMiddleware``.
    """

    authentication_classes = []
    permission_classes = []
    parser_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    http_method_names = ["get", "head", "options"]
    rate_limit = ("api", *settings.API_RATE_LIMIT)
    rate_limit_json = True
    etag = True

    @classmethod
    def page_cache_variant(cls, request):
        """Views that read no parameter: one answer per host name."""
        return origin(request)


class PublicAPIView(PublicAPI, APIView):
    """An API view (see ``PublicAPI``)."""

    def serializer_context(self, today=None):
        return {"request": self.request, "today": today or timezone.localdate()}


def not_found(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404 like the API's own."""
    return JsonResponse({"detail": _("Not found: no such API endpoint.")}, status=404)
