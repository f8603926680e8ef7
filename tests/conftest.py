import pytest
from django.contrib.auth.models import Group

from tests.factories import CertificationBodyFactory


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
