"""Whole-page caching of public pages that is never stale.

A view opts in by defining ``page_cache_variant(request)``: the part of its key that
depends on the request, derived from exactly what the view will use (the search page
returns its parsed, canonical search; pages that read no parameter return ""). The rest
of the key is the directory version (bumped by database triggers on any write),
today's date (so accreditations expire by date without a restart), the active language
(a page's path names it, but the API's language comes from its headers) and the path. A hit
costs one indexed single-row query, about what ``/healthz`` costs, whatever the search.

What one anonymous request can make the server hold is bounded: a page over
``PAGE_CACHE_MAX_BYTES`` is served but not stored, entries live ``PAGE_TIMEOUT``
seconds at most, and the local-memory cache holds a bounded number of entries
(``CACHES`` in settings; with Redis, its ``maxmemory`` and eviction policy, see
docs/deployment.md); the uncompressed copies kept for clients without gzip take at
most ``PLAIN_PAGES_BYTES`` per process.
"""

import gzip
import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import Error as DatabaseError
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from accreditation.models import DirectoryVersion
from certdir.middleware import DatabaseUnavailableMiddleware, resolved
from certdir.replicas import begin_snapshot
from search.http import accepts_gzip

PAGE_TIMEOUT = 60 * 60
# Pages larger than this (uncompressed) are not stored; no public page comes near it.
PAGE_CACHE_MAX_BYTES = 512 * 1024
COMPRESS_FROM_BYTES = 1024
# Uncompressed pages kept per process for clients that do not take gzip (``PlainPages``).
PLAIN_PAGES_BYTES = 8 * 1024 * 1024


def page_cache_key(path, version, variant):
    """The cache key of a page: directory version, today's date, the active language, path
    and the view's variant."""
    raw = "|".join(
        [
            str(version),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            path,
            variant,
        ]
    )
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class PlainPages:
    """The uncompressed bytes of the pages last served to clients that do not take gzip
    (command-line tools, some crawlers), least recently used out past ``limit`` bytes:
    decompressing a 70 KiB page took 0.1 ms, a tenth of serving it from the cache."""

    def __init__(self, limit):
        self.limit, self.held = limit, 0
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, body):
        """The uncompressed bytes of the gzip data ``body`` (which is their key: a page
        changed under the same cache key can never be answered with its old bytes)."""
        with self.lock:
            plain = self.pages.get(body)
            if plain is not None:
                self.pages.move_to_end(body)
                return plain
        plain = gzip.decompress(body)
        self.put(body, plain)
        return plain

    def put(self, body, plain):
        size = len(body) + len(plain)
        if size > self.limit:
            return
        with self.lock:
            if body in self.pages:
                return
            self.pages[body] = plain
            self.held += size
            while self.held > self.limit:
                old, old_plain = self.pages.popitem(last=False)
                self.held -= len(old) + len(old_plain)


_plain_pages = PlainPages(PLAIN_PAGES_BYTES)


def _response(request, entry, state, plain=None):
    """The response for a cache ``entry``: gzip-compressed when the client accepts it
    (``plain``: its uncompressed bytes, where at hand)."""
    body, compressed, content_type = entry
    response = HttpResponse(content_type=content_type)
    if compressed and accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response.content = body
        response["Content-Encoding"] = "gzip"
    elif compressed:
        if plain is None:
            plain = _plain_pages.get(body)
        else:
            _plain_pages.put(body, plain)
        response.content = plain
    else:
        response.content = body
    patch_vary_headers(response, ["Accept-Encoding"])
    if settings.PAGE_CACHE_HEADER:
        response["X-Cache"] = state
    return response


class PageCacheMiddleware:
    """Serve GET/HEAD of opted-in views from the page cache; store their 200 responses.

    It answers a hit before the middleware that only views need (sessions, CSRF, messages,
    authentication), so it sits after everything whose headers or checks a cached answer
    must get too (security headers, language, replicas, rate limits, ETags); see
    ``MIDDLEWARE``. Pages are stored compressed once, rather than compressed on every
    request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = resolved(request) if request.method in ("GET", "HEAD") else None
        view_class = getattr(getattr(match, "func", None), "view_class", None)
        variant = getattr(view_class, "page_cache_variant", None)
        if variant is not None:
            answer = self.lookup(request, variant)
            if answer is not None:
                return answer
        response = self.get_response(request)
        key = getattr(request, "page_cache_key", None)
        if key is None or response.status_code != 200 or response.streaming:
            return response
        content = response.content
        if len(content) > PAGE_CACHE_MAX_BYTES:
            return response
        compressed = len(content) >= COMPRESS_FROM_BYTES
        body = gzip.compress(content, compresslevel=6) if compressed else content
        entry = (body, compressed, response["Content-Type"])
        cache.set(key, entry, PAGE_TIMEOUT)
        return _response(request, entry, "miss", content)

    def lookup(self, request, variant):
        """The cached answer, or None after setting ``request.page_cache_key`` for a miss."""
        try:
            # Read already when a replica serves the request (certdir.replicas).
            if getattr(request, "directory_version", None) is None:
                request.directory_version = DirectoryVersion.current()
            key = page_cache_key(request.path, request.directory_version, variant(request))
            entry = cache.get(key)
            if entry is not None:
                return _response(request, entry, "hit")
            # On a replica the page is built in one snapshot, whose version may be newer.
            version = request.directory_version
            if begin_snapshot(request) != version:
                key = page_cache_key(request.path, request.directory_version, variant(request))
        except DatabaseError as exc:
            # Raised outside the view, it would not reach the outage middleware.
            response = DatabaseUnavailableMiddleware(self.get_response).process_exception(
                request, exc
            )
            if response is None:
                raise
            return response
        request.page_cache_key = key
        return None
