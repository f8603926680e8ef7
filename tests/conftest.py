import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches

from checks.names import forget_names
from compare.comparison import forget_recognitions
from search.index import forget_index
from search.reference import forget_reference
from search.views import forget_search_keys
from tests.factories import CertificationBodyFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache, no search index and no reference data.

    Both outlive the test database, whose rollbacks also roll back the directory
    version that keys them; a later test could reach the same version with other data.
    """
    for cache in caches.all():
        cache.clear()
    forget_index()
    forget_reference()
    forget_search_keys()
    forget_recognitions()
    forget_names()
    yield
    for cache in caches.all():
        cache.clear()
    forget_index()
    forget_reference()
    forget_search_keys()
    forget_recognitions()
    forget_names()


@pytest.fixture
def body(db):
    return CertificationBodyFactory()


@pytest.fixture
def curator(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="curator", password="curator-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Curator"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
