"""A write that changes nothing leaves the directory version, and so every cached page, alone.

The database triggers (accreditation migration 0009) bump the version only for UPDATEs
that change a row.
"""

import pytest
from django.db import connection
from django.db.models import F

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationSector,
    AccreditationStandard,
    DirectoryVersion,
    SectorCode,
    Standard,
)
from bodies.models import CertificationBody
from tests.factories import AccreditationFactory, standard

pytestmark = pytest.mark.django_db


def version():
    return DirectoryVersion.objects.get(pk=1).version


def other_sector():
    return SectorCode.objects.get(code=1)


# Per directory table: a model, a field, and a value other than the factory's.
TABLES = {
    "bodies_certificationbody": (CertificationBody, "city", "Hamburg"),
    "accreditation_accreditation": (Accreditation, "status", "withdrawn"),
    "accreditation_accreditationstandard": (
        AccreditationStandard,
        "standard",
        lambda: standard("iso-14001"),
    ),
    "accreditation_accreditationsector": (AccreditationSector, "sector", other_sector),
    "accreditation_accreditationbody": (AccreditationBody, "name", "Renamed Service"),
    "accreditation_standard": (Standard, "title", "Retitled"),
    "accreditation_sectorcode": (SectorCode, "name", "Renamed sector"),
}


@pytest.mark.parametrize("table", TABLES)
def test_an_update_to_the_stored_values_keeps_the_version(table):
    model, field, other = TABLES[table]
    assert model._meta.db_table == table
    AccreditationFactory(sectors=[28])
    rows = model.objects.all()
    before = version()
    assert rows.update(**{field: F(field)}) > 0
    assert version() == before
    row = rows.order_by("pk").first()
    value = other() if callable(other) else other
    model.objects.filter(pk=row.pk).update(**{field: value})
    assert version() > before


def test_a_no_op_save_of_a_record_without_updated_at_keeps_the_version():
    ukas = AccreditationBody.objects.get(slug="ukas")
    before = version()
    ukas.save()
    assert version() == before
    ukas.name = "Renamed Service"
    ukas.save()
    assert version() > before


@pytest.mark.parametrize("table", TABLES)
def test_the_update_trigger_compares_every_column(table):
    """A column added later, or a table rebuilt, must not leave the trigger blind."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                [f"certdir_version_{table}_update"],
            )
            (sql,) = cursor.fetchone()
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                assert f'OLD."{column.name}" IS NOT NEW."{column.name}"' in sql, column.name
        else:
            cursor.execute(
                "SELECT tgoldtable, tgnewtable FROM pg_trigger "
                "WHERE tgname = %s AND tgrelid = %s::regclass",
                [f"certdir_version_{table}_update", table],
            )
            # Whole rows of the statement's transition tables: every column, present or future.
            assert cursor.fetchone() == ("certdir_old_rows", "certdir_new_rows")
