"""Project-level views: the health check, robots.txt, the favicon and the page for a
refused form."""

import logging

from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpResponse, HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from certdir.caches import FallbackRedisCache
from certdir.replicas import replica_states

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 "ok" when the database answers ``SELECT 1``, 503 when it does not.

    ``?details=1`` answers JSON with the replicas' and the cache's states too; a replica
    or Redis that is down leaves the status 200, since the site still serves without it.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        if request.GET.get("details"):
            return JsonResponse({"status": "database unavailable"}, status=503)
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    if request.GET.get("details"):
        return JsonResponse(health_details())
    return HttpResponse("ok", content_type="text/plain")


def health_details():
    """The primary's, each replica's and the cache's states (``/healthz?details=1``)."""
    version, replicas = replica_states()
    cache = caches["default"]
    return {
        "status": "ok",
        "database": {"state": "ok", "directory_version": version},
        "replicas": replicas,
        "cache": {
            "backend": "redis" if isinstance(cache, FallbackRedisCache) else "process memory",
            "state": cache.state() if isinstance(cache, FallbackRedisCache) else "ok",
        },
    }


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
