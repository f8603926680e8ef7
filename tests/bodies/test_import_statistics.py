"""A large import refreshes PostgreSQL's statistics of the tables it wrote.

Without it the planner goes on estimating the tables as they were before (empty, after a
first import) until autovacuum gets to them, and the next import compares at half speed.
"""

import csv
import io

import pytest
from django.db import connection

from bodies.csvio import apply
from bodies.csvio.format import COLUMNS
from bodies.csvio.importer import import_bodies_csv

pytestmark = pytest.mark.django_db


def csv_bytes(bodies):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(
        [f"Body {n:03d}", "DE", "Bonn", *[""] * (len(COLUMNS) - 3)] for n in range(bodies)
    )
    return out.getvalue().encode()


def estimated_rows(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def test_an_import_creating_many_rows_analyzes_the_tables(postgresql, monkeypatch):
    monkeypatch.setattr(apply, "ANALYZE_AFTER", 40)
    before = estimated_rows("bodies_certificationbody")

    assert import_bodies_csv(file=io.BytesIO(csv_bytes(50))).bodies_created == 50

    assert estimated_rows("bodies_certificationbody") == 50 != before


def test_a_small_import_leaves_the_statistics_to_autovacuum(postgresql, monkeypatch):
    monkeypatch.setattr(apply, "ANALYZE_AFTER", 40)
    before = estimated_rows("bodies_certificationbody")

    assert import_bodies_csv(file=io.BytesIO(csv_bytes(30))).bodies_created == 30

    assert estimated_rows("bodies_certificationbody") == before
