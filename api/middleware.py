"""ETags for the API's answers, and 304 Not Modified when the client's copy is current."""

import hashlib

from django.utils import timezone, translation
from django.utils.cache import get_conditional_response


class ETagMiddleware:
    """A weak ETag on every 200 answer of a view that sets ``etag = True``.

    The tag is made of what the page cache's key is made of: the directory version, today's
    date, the language, the path and the view's ``page_cache_variant`` (the parsed request). So it
    changes exactly when the answer can, costs nothing to compute on a cache hit (the
    middleware sits outside the page cache, whose hits never reach the view), and lets a
    client that sends it back in ``If-None-Match`` get a body-less 304. Weak, because the
    same answer is sent gzip-compressed or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view_class = getattr(getattr(match, "func", None), "view_class", None)
        version = getattr(request, "directory_version", None)
        if (
            not getattr(view_class, "etag", False)
            or version is None
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
        ):
            return response
        parts = [
            str(version),
            timezone.localdate().isoformat(),
            # The human-readable messages are in the request's language (?lang=).
            translation.get_language() or "",
            request.path,
            view_class.page_cache_variant(request),
        ]
        digest = hashlib.sha256("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
        response["ETag"] = f'W/"{digest[:32]}"'
        return get_conditional_response(request, etag=response["ETag"], response=response)
