"""The report form's per-address limit lives in Redis when one is configured, so every
worker counts the same sends (CI sets TEST_REDIS_URL on this machine)."""

import pytest

from reports.models import Report
from tests.reports.test_form import VALID, form_url
from tests.test_cache_redis import REDIS_URL, redis_cache  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="set TEST_REDIS_URL to test the Redis cache"),
]


def test_the_send_limit_is_counted_in_redis(client, body, redis_cache):  # noqa: F811
    for _ in range(5):
        assert client.post(form_url(body), VALID, REMOTE_ADDR="203.0.113.7").status_code == 302
    assert client.post(form_url(body), VALID, REMOTE_ADDR="203.0.113.7").status_code == 429
    keys = redis_cache._cache.get_client().keys(
        f"{redis_cache.key_prefix}:*ratelimit:report:203.0.113.7:*"
    )
    assert len(keys) == 1
    assert Report.objects.count() == 5
