"""A first historical record of every row that exists when history starts being kept.

Without it, the first change to a record that predates the history (reference data from
the migrations, bodies already in the directory) would keep only the new version, and
that change could not be reverted. Copied in SQL with the columns as of this migration.
"""

from django.db import migrations
from django.utils import timezone

REASON = "history started"
# (table, history table, columns copied)
TABLES = [
    (
        "bodies_certificationbody",
        "bodies_historicalcertificationbody",
        "id, name, aliases, slug, country, city, address, website, email, phone, description, "
        "is_demo, created_at, updated_at",
    ),
    (
        "accreditation_accreditation",
        "accreditation_historicalaccreditation",
        "id, number, status, granted_on, valid_until, scope_document_url, last_verified_on, "
        "created_at, updated_at, body_id, accreditation_body_id, casco_standard_id",
    ),
    (
        "accreditation_accreditationbody",
        "accreditation_historicalaccreditationbody",
        "id, acronym, slug, name, country, website, region, iaf_mla, ilac_mra",
    ),
    (
        "accreditation_standard",
        "accreditation_historicalstandard",
        "id, code, slug, edition, title, kind, applies_to",
    ),
    ("accreditation_sectorcode", "accreditation_historicalsectorcode", "id, code, name"),
]
# (scope table, its history table, columns): the scope of each first accreditation record.
SCOPE = [
    (
        "accreditation_accreditationstandard",
        "accreditation_historicalaccreditationstandard",
        ["id", "accreditation_id", "standard_id"],
    ),
    (
        "accreditation_accreditationsector",
        "accreditation_historicalaccreditationsector",
        ["id", "accreditation_id", "sector_id"],
    ),
]


def start_history(apps, schema_editor):
    connection = schema_editor.connection
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for table, history, columns in TABLES:
            cursor.execute(
                f"INSERT INTO {history} ({columns}, history_date, history_change_reason, "
                f"history_type, history_user_id) SELECT {columns}, %s, %s, '+', NULL "
                f"FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM {history} h WHERE h.id = t.id)",
                [now, REASON],
            )
        for table, history, columns in SCOPE:
            cursor.execute(
                f"INSERT INTO {history} ({', '.join(columns)}, history_id) "
                f"SELECT {', '.join(f's.{c}' for c in columns)}, h.history_id FROM {table} s "
                "JOIN accreditation_historicalaccreditation h ON h.id = s.accreditation_id "
                "WHERE h.history_date = %s AND h.history_change_reason = %s",
                [now, REASON],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0007_history"),
        ("bodies", "0003_history"),
    ]

    operations = [migrations.RunPython(start_history, migrations.RunPython.noop)]
