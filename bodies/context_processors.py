"""``demo_records`` for every template: whether any demo record exists (the site-wide notice)."""

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from bodies.models import CertificationBody


def has_demo_records(version):
    """Whether a demo body exists: one query per directory version, then the cache's answer."""
    if version is None:
        return CertificationBody.objects.demo().exists()
    return cache.get_or_set(
        f"demo-records:{version}", lambda: CertificationBody.objects.demo().exists()
    )


def remember_demo_records(version, exists):
    """Told by a query that read it anyway for ``version`` (the search's change-log read)."""
    cache.add(f"demo-records:{version}", exists)


def demo_notice(request):
    """Read lazily, only by pages that render it, with the version the page cache read."""

    def read():
        try:
            return has_demo_records(getattr(request, "directory_version", None))
        except DatabaseError:
            # The outage page renders while the database is down: no notice then.
            return False

    return {"demo_records": SimpleLazyObject(read)}
