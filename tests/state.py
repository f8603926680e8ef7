"""What a test process keeps between requests, forgotten as between tests."""

from django.core.cache import caches

from accreditation.lookup import forget_reference_rows
from accreditation.recognition import forget_recognitions
from api.bodies import forget_query_keys
from checks.names import forget_names
from search.indexes import forget_index
from search.reference import forget_reference
from search.views import forget_search_keys


def forget_everything():
    """No cached page, index, reference data or rows, search key, recognitions or names."""
    for cache in caches.all():
        cache.clear()
    forget_index()
    forget_reference()
    forget_search_keys()
    forget_query_keys()
    forget_recognitions()
    forget_reference_rows()
    forget_names()
