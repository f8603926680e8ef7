"""Per-client rate limits for expensive public views (exports, the API).

A view opts in with a ``rate_limit`` attribute (on the function or the view class):
``(name, requests, seconds)``, or with a ``rate_limits(request)`` class method giving
every budget a request counts against (the API's body list as CSV is also an export);
with ``rate_limit_methods`` (e.g. ``("POST",)``) only requests of those methods count and
are refused. Counts
live in the default cache, so with Redis every worker shares them; without it each
worker counts on its own, which still bounds what one client can make a worker do.
Over the limit the answer is 429 with ``Retry-After``: plain text, or JSON
(``{"detail": ...}``, as the API answers every error) for views with ``rate_limit_json``.

Requests are counted as they arrive, before the page cache answers (certdir.cache), so
cached answers count too, and before any other check (CSRF, the size of the body): a
refused request has cost the server something as well.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from certdir.middleware import resolved


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.client_ip = import_string(settings.AXES_CLIENT_IP_CALLABLE)

    def __call__(self, request):
        match = resolved(request)
        refusal = None if match is None else self.refusal(request, match.func)
        return refusal or self.get_response(request)

    def refusal(self, request, view_func):
        """The 429 when the request is over one of its view's limits, else None."""
        view_class = getattr(view_func, "view_class", None)
        limits = getattr(view_class, "rate_limits", None)
        if limits is not None:
            limits = limits(request)
        else:
            limit = getattr(view_func, "rate_limit", None) or getattr(
                view_class, "rate_limit", None
            )
            limits = () if limit is None else (limit,)
        methods = getattr(view_class, "rate_limit_methods", None)
        if methods is not None and request.method not in methods:
            return None
        for limit in filter(None, limits):
            refusal = self.counted(request, view_func, view_class, *limit)
            if refusal is not None:
                return refusal
        return None

    def counted(self, request, view_func, view_class, name, requests, seconds):
        """None while the client is within ``requests`` every ``seconds``; else the 429."""
        window = int(time.time() // seconds)
        key = f"ratelimit:{name}:{self.client_ip(request)}:{window}"
        # add() then incr() is atomic in Redis and in the local-memory cache alike.
        cache.add(key, 0, seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add() and incr()
            count = 1
        if count <= requests:
            return None
        retry_after = max(1, int((window + 1) * seconds - time.time()) + 1)
        message = _(
            "Too many requests: at most %(requests)s every %(seconds)s seconds. "
            "Try again in %(retry)s seconds."
        ) % {"requests": requests, "seconds": seconds, "retry": retry_after}
        if getattr(view_func, "rate_limit_json", None) or getattr(
            view_class, "rate_limit_json", False
        ):
            response = JsonResponse({"detail": message}, status=429)
        else:
            response = HttpResponse(
                f"{message}\n", status=429, content_type="text/plain; charset=utf-8"
            )
        response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        return response
