"""A large import logs its writes as changing everything (on PostgreSQL), a small one
names each body it touched, so readers re-read just those."""

import io

import pytest
from django.db import connection

from accreditation.models import DirectoryVersion
from bodies.csvio import apply
from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody
from tests.bodies.test_import_statistics import csv_bytes
from tests.search.test_change_log import logged_since

pytestmark = pytest.mark.django_db


def test_a_small_import_names_each_body(monkeypatch):
    monkeypatch.setattr(apply, "BULK_BODIES", 3)
    start = DirectoryVersion.current()

    assert import_bodies_csv(file=io.BytesIO(csv_bytes(3))).bodies_created == 3

    assert logged_since(start) == (
        set(CertificationBody.objects.values_list("pk", flat=True)),
        False,
    )


def test_a_large_import_logs_everything_on_postgresql(monkeypatch):
    monkeypatch.setattr(apply, "BULK_BODIES", 3)
    start = DirectoryVersion.current()

    assert import_bodies_csv(file=io.BytesIO(csv_bytes(4))).bodies_created == 4

    if connection.vendor == "postgresql":
        assert logged_since(start) == (set(), True)
    else:
        assert logged_since(start) == (
            set(CertificationBody.objects.values_list("pk", flat=True)),
            False,
        )
