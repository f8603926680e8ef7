"""The Redis cache backend that keeps the site serving while Redis does not answer.

With ``REDIS_URL`` every worker of every server shares the page cache and the rate-limit
counters in Redis. If Redis fails (down, unreachable, timing out), each operation falls
back to a bounded cache in this process's own memory, as without Redis, and Redis is
left alone for ``DOWN_SECONDS`` so that requests do not each wait for its timeout. Pages
stay never stale either way (their keys carry the directory version); rate limits then
count per process until Redis is back. ``/healthz?details=1`` says which one serves.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5
# Short, so that a Redis that stopped answering costs a request little (Django's own
# cache has no timeout at all); the OPTIONS of a cache in CACHES may set others.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
# How many entries the process keeps meanwhile: OPTIONS "FALLBACK_MAX_ENTRIES" (as the
# local-memory caches of settings.CACHES without Redis).
FALLBACK_MAX_ENTRIES = 500


def _falls_back(name):
    def method(self, *args, **kwargs):
        if self._down_until <= time.monotonic():
            try:
                return getattr(super(FallbackRedisCache, self), name)(*args, **kwargs)
            except RedisError as exc:
                self._mark_down(exc)
        return getattr(self.fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class FallbackRedisCache(RedisCache):
    """Redis, or this process's memory while Redis fails (see the module docstring)."""

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        max_entries = options.pop("FALLBACK_MAX_ENTRIES", FALLBACK_MAX_ENTRIES)
        super().__init__(server, {**params, "OPTIONS": options})
        self._down_until = 0.0
        self.fallback = LocMemCache(
            f"redis-fallback:{server}:{params.get('KEY_PREFIX', '')}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "OPTIONS": {"MAX_ENTRIES": max_entries},
            },
        )

    def _mark_down(self, exc):
        if self._down_until <= time.monotonic():
            logger.warning("Redis did not answer, caching in this process meanwhile: %s", exc)
        self._down_until = time.monotonic() + DOWN_SECONDS

    add = _falls_back("add")
    get = _falls_back("get")
    set = _falls_back("set")
    touch = _falls_back("touch")
    delete = _falls_back("delete")
    get_many = _falls_back("get_many")
    has_key = _falls_back("has_key")
    incr = _falls_back("incr")
    set_many = _falls_back("set_many")
    delete_many = _falls_back("delete_many")
    clear = _falls_back("clear")

    def state(self):
        """The state of Redis: "ok" when it answers a PING now, else what serves instead."""
        try:
            self._cache.get_client(None, write=True).ping()
        except RedisError as exc:
            self._mark_down(exc)
            return "down: caching in each process's memory"
        self._down_until = 0.0
        return "ok"
