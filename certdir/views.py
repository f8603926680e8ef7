"""Project-level views: the health check, robots.txt, the favicon and the page for a
refused form."""

import logging

from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

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


@require_safe
@cache_control(max_age=24 * 60 * 60, public=True)
def robots_txt(request):
    """Everything public may be crawled; the admin may not. Points to the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=7 * 24 * 60 * 60, public=True)
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links."""
    return FileResponse(open(finders.find("favicon.ico"), "rb"), content_type="image/x-icon")
