"""Project-level views: the health check and the page for a refused form."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 "ok" when the database answers ``SELECT 1``, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """403 for a form posted without a valid CSRF token, in the site's own words."""
    return HttpResponseForbidden(
        render_to_string("403.html", {"csrf_failure": True}, request=request)
    )
