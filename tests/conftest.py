import pytest
from django.contrib.auth.models import Group

from tests.factories import CertificationBodyFactory
from tests.state import forget_everything


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache, no search index and no reference data.

    Both outlive the test database, whose rollbacks also roll back the directory
    version that keys them; a later test could reach the same version with other data.
    """
    forget_everything()
    yield
    forget_everything()


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
