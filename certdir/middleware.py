"""Request handling of our own: a friendly 503 page, never a traceback, while the database
cannot be reached; large bodies refused before anything reads them; the Permissions-Policy
header; the Content-Security-Policy header built once; and the client address that login
lockouts count.
"""

import ipaddress
import logging
from http import HTTPStatus

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import get_resolver
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

# Nothing on the site uses any of these browser features, so no page, and nothing a page
# might embed, may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def client_ip(request):
    """The client's address for login lockouts.

    Without a proxy in front (``TRUSTED_PROXY_COUNT`` 0, the default) it is the peer's
    address: X-Forwarded-For then comes from the client itself, and honouring it would let
    one client pose as a new address at every attempt. Behind N proxies, each appending the
    address it saw, the Nth entry from the right is the one our outermost proxy saw.
    """
    peer = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < count:
        return peer
    try:
        return str(ipaddress.ip_address(entries[-count].strip()))
    except ValueError:
        return peer


def resolved(request):
    """The ``ResolverMatch`` of the request's path, or None where nothing matches; resolved
    once, and kept as ``request.resolver_match`` as Django's handler keeps its own.

    The rate limits and the page cache need the view before the handler resolves it: a
    cached page is answered from outside the middleware that only views need (sessions,
    CSRF, messages ...), which costs a cache hit a fifth of its time otherwise.
    """
    if not hasattr(request, "resolved_match"):
        try:
            match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
        except Http404:
            match = None
        request.resolved_match = request.resolver_match = match
    return request.resolved_match


class PermissionsPolicyMiddleware:
    """Deny every powerful browser feature on every response (see ``PERMISSIONS_POLICY``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policies of the settings built once.

    Building both headers again for every response took about 60 µs, a tenth of serving
    a cached page. No view here takes a nonce or changes its policy; one that does
    (django-csp's decorators) still has its own built by django-csp.
    """

    CHANGES = ("_csp_config", "_csp_update", "_csp_replace")

    @cached_property
    def settings_policies(self):
        """(header, policy, the response attribute that exempts from it, its settings)."""
        return [
            (HEADER, build_policy(), "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                HEADER_REPORT_ONLY,
                build_policy(report_only=True),
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ]

    def process_response(self, request, response):
        changed = any(
            hasattr(response, name + suffix) for name in self.CHANGES for suffix in ("", "_ro")
        )
        if changed or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            HTTPStatus.NOT_FOUND,
            HTTPStatus.INTERNAL_SERVER_ERROR,
        ):
            return response
        for header, policy, exempt, setting in self.settings_policies:
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class RequestBodyLimitMiddleware:
    """Answer 413 to a large request body unless a signed-in staff member sends it.

    The admin takes uploads (bodies CSV files, in requests of up to
    ``STAFF_MAX_REQUEST_BODY``), and the bulk check takes one file of its own
    (``PUBLIC_UPLOAD_MAX_REQUEST_BODY``, by path); nothing else on the public site takes a
    large body, yet Django would read, and spool to disk, any body before refusing it.
    This runs after the session and authentication middleware, neither of which reads
    the body, and before anything that does (the CSRF check reads it in ``process_view``,
    after every middleware's ``__call__``). A chunked body, whose size is unknown until
    read, counts as too large for anyone (Django would read none of it anyway).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        size = declared_body_size(request)
        # Public uploads (the bulk check's file) have a larger limit of their own.
        limit = settings.PUBLIC_UPLOAD_MAX_REQUEST_BODY.get(request.path_info)
        if size > (limit or settings.ANONYMOUS_MAX_REQUEST_BODY):
            # Only now is the session looked up: small requests cost nothing here.
            user = request.user
            is_staff = user.is_authenticated and user.is_active and user.is_staff
            if not is_staff or size > settings.STAFF_MAX_REQUEST_BODY:
                return self.too_large(request, size)
        return self.get_response(request)

    def too_large(self, request, size):
        logger.warning("Refused a request body of %s bytes to %r", size, request.path)
        response = HttpResponse(
            "Request body too large.\n", status=413, content_type="text/plain; charset=utf-8"
        )
        add_never_cache_headers(response)
        return response


def declared_body_size(request):
    """The body's size from Content-Length; infinite for a chunked body without one."""
    length = request.META.get("CONTENT_LENGTH")
    if length:
        try:
            return max(int(length), 0)
        except ValueError:
            # Django reads no body at all for an unreadable Content-Length.
            return 0
    if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        return float("inf")
    return 0


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when a view fails because the database is unreachable.

    Nothing else is needed to recover: with CONN_HEALTH_CHECKS Django drops a broken
    connection at the next request and connects again once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # A deadlock, a serialisation failure, a lock or statement timeout, SQLite's busy
        # database: the database is up and this request lost a race with another write
        # (an import, say). Its transaction was rolled back; it can simply be tried again.
        cause = exception.__cause__
        try:
            from psycopg import errors

            conflicts = (
                errors.DeadlockDetected,
                errors.SerializationFailure,
                errors.LockNotAvailable,
                errors.QueryCanceled,
            )
        except ImportError:
            conflicts = ()
        if isinstance(cause, conflicts) or "database is locked" in str(exception):
            logger.warning("Write conflict, answering 409 to %r: %s", request.path, exception)
            response = HttpResponse(render_to_string("409.html"), status=409)
            add_never_cache_headers(response)
            return response
        logger.error("Database unavailable, answering 503 to %r: %s", request.path, exception)
        # Rendered without the request: context processors could touch the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
