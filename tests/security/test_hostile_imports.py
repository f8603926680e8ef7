"""Hostile CSV imports: whatever is wrong with a file, the database is left exactly as it was."""

import csv
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from accreditation.models import DirectoryVersion
from bodies.csvio import apply
from bodies.csvio.format import COLUMNS
from bodies.csvio.importer import import_bodies_csv
from tests.factories import AccreditationFactory

pytestmark = pytest.mark.django_db

GOOD = [
    "Nordcert GmbH",
    "DE",
    "Berlin",
    "https://nordcert.example",
    "",
    "DAkkS",
    "D-ZM-11111-01-00",
    "ISO/IEC 17021-1",
    "ISO 9001",
    "28",
    "active",
    "2021-03-01",
    "2027-02-28",
    "https://www.dakks.de/as/ast/d/D-ZM-11111-01-00.pdf",
    "2026-03-03",
    "",
]


def good_row(n):
    return [f"Body {n:05d} GmbH", *GOOD[1:6], f"D-ZM-{n:05d}-01-00", *GOOD[7:]]


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def snapshot():
    """Row counts of every table of the directory and of its history, and the version."""
    labels = ("bodies", "accreditation")
    counts = {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }
    return counts, DirectoryVersion.current()


@pytest.fixture
def before(db):
    AccreditationFactory(number="D-ZM-11111-01-00")
    return snapshot()


MANY = [good_row(n) for n in range(1, 1201)]
HOSTILE_FILES = {
    "unclosed quote": csv_bytes(MANY[:5]) + b'"Never closed,DE,Berlin\n',
    "too many cells": csv_bytes([*MANY[:5], [*GOOD, "extra"]]),
    "latin-1": csv_bytes([[*GOOD[:2], "Köln", *GOOD[3:]]], encoding="latin-1"),
    "utf-16": csv_bytes(MANY[:3], encoding="utf-16"),
    "binary": bytes(range(256)) * 40,
    "empty": b"",
    "header only, wrong": b"name;country\n",
    "field over the csv limit": csv_bytes([["x" * 200_000, *GOOD[1:]]]),
    "100,000-character name": csv_bytes([["x" * 100_000, *GOOD[1:]]]),
    "100,000 aliases": csv_bytes([[*GOOD[:4], ";".join(["a"] * 100_000), *GOOD[5:]]]),
    "bad last row of 1,200": csv_bytes([*MANY, [*good_row(9999)[:1], "XX", *GOOD[2:]]]),
    "duplicate on the last row": csv_bytes([*MANY, good_row(1)]),
    "NUL in a cell": csv_bytes([*MANY[:3], ["Nul\x00Body", *GOOD[1:]]]),
}


@pytest.mark.parametrize("data", HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_a_hostile_file_is_refused_and_changes_nothing(before, data):
    report = import_bodies_csv(file=io.BytesIO(data))
    assert report.errors
    assert snapshot() == before


def test_a_failure_while_writing_the_last_records_rolls_everything_back(before, monkeypatch):
    def fail(self):
        raise IntegrityError("simulated failure after every chunk was written")

    monkeypatch.setattr(apply._Applier, "update_donors", fail)
    with pytest.raises(IntegrityError):
        import_bodies_csv(file=io.BytesIO(csv_bytes(MANY)))
    assert snapshot() == before


@pytest.mark.parametrize("name", ["utf-16", "binary", "unclosed quote", "bad last row of 1,200"])
def test_the_admin_upload_reports_a_hostile_file_and_changes_nothing(curator_client, before, name):
    upload = SimpleUploadedFile("hostile.csv", HOSTILE_FILES[name], content_type="text/csv")
    response = curator_client.post("/admin/bodies/certificationbody/import/", {"file": upload})
    assert response.status_code == 200
    assert b"nothing was imported" in response.content
    assert snapshot() == before
