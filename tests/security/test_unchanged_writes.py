"""A write that changes nothing leaves the directory version, and so every cached page, alone.

The database triggers (accreditation migration 0009) bump the version only for UPDATEs
that change a row; the admin does not save a record whose form is unchanged.
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
from tests.factories import AccreditationFactory, CertificationBodyFactory, standard
from tests.security.test_curators import admin_url, page_form_data

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


def an_accreditation():
    return AccreditationFactory(sectors=[28], standards=[standard("iso-9001")])


RECORDS = {
    "body": lambda: an_accreditation().body,
    "accreditation": an_accreditation,
    "accreditation body": lambda: AccreditationBody.objects.get(slug="ukas"),
    "standard": lambda: standard("iso-9001"),
    "sector": lambda: SectorCode.objects.get(code=28),
}


@pytest.mark.parametrize("record", RECORDS)
def test_saving_an_unchanged_admin_form_writes_nothing(curator_client, record):
    obj = RECORDS[record]()
    model = type(obj)
    url = admin_url(model, "change", obj.pk)
    data = page_form_data(curator_client.get(url))
    before = (version(), obj.history.count(), getattr(obj, "updated_at", None))
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert (version(), obj.history.count(), getattr(obj, "updated_at", None)) == before


def test_a_body_whose_inline_changed_is_saved_as_before(curator_client):
    accreditation = an_accreditation()
    body = accreditation.body
    url = admin_url(CertificationBody, "change", body.pk)
    data = page_form_data(curator_client.get(url), **{"accreditations-0-number": "NEW-7"})
    before = (version(), body.history.count(), body.updated_at)
    assert curator_client.post(url, data).status_code == 302
    body.refresh_from_db()
    assert version() > before[0]
    assert body.history.count() == before[1] + 1
    assert body.updated_at > before[2]
    assert body.search_text.endswith("new 7")


def test_a_changed_body_form_is_saved(curator_client):
    body = CertificationBodyFactory(city="Berlin")
    url = admin_url(CertificationBody, "change", body.pk)
    before = version()
    response = curator_client.post(url, page_form_data(curator_client.get(url), city="Bonn"))
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.city == "Bonn"
    assert version() > before
