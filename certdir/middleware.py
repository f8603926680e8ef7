"""Request handling of our own: a friendly 503 page, never a traceback, while the database
cannot be reached, and the client address that login lockouts count.
"""

import ipaddress
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


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
