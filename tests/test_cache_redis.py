"""The page cache on Redis, when a REDIS_URL is configured (CI sets one on this machine)."""

import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from tests.factories import CertificationBodyFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="set TEST_REDIS_URL to test the Redis cache"),
]


def delete_own_keys(cache):
    """This process's keys only: ``cache.clear()`` empties the whole Redis database, under
    the other processes sharing it (another pytest-xdist worker's test, the live replica
    test's servers)."""
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(f"{cache.key_prefix}:*"):
        client.delete(key)


@pytest.fixture
def redis_cache():
    settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"certdir-test-{os.getpid()}",
        }
    }
    with override_settings(CACHES=settings):
        cache = caches["default"]
        delete_own_keys(cache)
        yield cache
        delete_own_keys(cache)


def test_pages_are_cached_in_redis_and_invalidated_by_writes(client, redis_cache):
    body = CertificationBodyFactory(name="Redis Cached Body")
    assert client.get("/bodies/")["X-Cache"] == "miss"
    assert client.get("/bodies/")["X-Cache"] == "hit"
    assert isinstance(redis_cache, RedisCache)
    body.name = "Redis Renamed Body"
    body.save()
    response = client.get("/bodies/")
    assert response["X-Cache"] == "miss"
    assert b"Redis Renamed Body" in response.content
