"""Whole-page caching of public pages that is never stale.

A cached page is keyed on the directory version (bumped by database triggers on any
write), today's date (so accreditations expire by date without a restart), the path
and the normalised query string. A hit costs one indexed single-row query, about
what ``/healthz`` costs, whatever the search.
"""

import gzip
import hashlib
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from accreditation.models import DirectoryVersion

PAGE_TIMEOUT = 24 * 60 * 60
_VERSION_SQL = (
    f"SELECT version FROM {connection.ops.quote_name(DirectoryVersion._meta.db_table)} WHERE id = 1"
)


def directory_version():
    """The current directory version (one indexed single-row query)."""
    # Every cache hit runs this; raw SQL costs a third of the ORM's query building.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    version = row[0] if row else None
    if version is None:
        # A flush (manage.py flush, test-database truncation) took the row; the
        # triggers update it, so it must exist again before the next write.
        DirectoryVersion.objects.get_or_create(pk=1)
        version = 0
    return version


def cached_for_version(name, version, build):
    """``build()``, computed once per directory version and shared through the cache."""
    if version is None:
        return build()
    return cache.get_or_set(f"{name}:{version}", build, PAGE_TIMEOUT)


def normalised_query(query_string):
    """The query string with blank values dropped and keys in order (values keep theirs)."""
    pairs = parse_qsl(query_string, keep_blank_values=False)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def page_cache_key(request, version):
    raw = "|".join(
        [
            str(version),
            timezone.localdate().isoformat(),
            request.path,
            normalised_query(request.META.get("QUERY_STRING", "")),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _cached_response(request, entry, state):
    """The response for a cache ``entry``: gzip-compressed when the client accepts it."""
    content, compressed, content_type = entry
    response = HttpResponse(content_type=content_type)
    if compressed is not None and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        response.content = compressed
        response["Content-Encoding"] = "gzip"
    else:
        response.content = content
    patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Cache"] = state
    return response


def cache_public_page(view):
    """Serve GET/HEAD responses of ``view`` from the page cache, storing 200 responses.

    Pages are compressed once, when stored, rather than on every request.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        request.directory_version = directory_version()
        key = page_cache_key(request, request.directory_version)
        entry = cache.get(key)
        if entry is not None:
            return _cached_response(request, entry, "hit")
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code != 200 or response.streaming:
            return response
        content = response.content
        compressed = gzip.compress(content, compresslevel=6) if len(content) > 1024 else None
        entry = (content, compressed, response["Content-Type"])
        cache.set(key, entry, PAGE_TIMEOUT)
        return _cached_response(request, entry, "miss")

    return wrapper
