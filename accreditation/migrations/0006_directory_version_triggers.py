"""Triggers that bump DirectoryVersion on every write to the directory's tables.

In the database rather than in Python so that no writer (admin, import, bulk
operations, a shell session, raw SQL) can change the directory without the page
cache noticing. PostgreSQL bumps once per statement; SQLite has only row triggers.
"""

from django.db import migrations

TABLES = [
    "bodies_certificationbody",
    "accreditation_accreditation",
    "accreditation_accreditationstandard",
    "accreditation_accreditationsector",
    "accreditation_accreditationbody",
    "accreditation_standard",
    "accreditation_sectorcode",
]
BUMP = "UPDATE accreditation_directoryversion SET version = version + 1 WHERE id = 1"


def create(apps, schema_editor):
    apps.get_model("accreditation", "DirectoryVersion").objects.get_or_create(pk=1)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION certdir_bump_directory_version() RETURNS trigger AS $$ "
            f"BEGIN {BUMP}; RETURN NULL; END; $$ LANGUAGE plpgsql"
        )
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER certdir_version_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION certdir_bump_directory_version()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER certdir_version_{table}_{event.lower()} "
                    f"AFTER {event} ON {table} BEGIN {BUMP}; END"
                )
    else:
        raise NotImplementedError(f"No directory version triggers for {vendor}.")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table} ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS certdir_bump_directory_version()")


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0005_directory_version"),
        ("bodies", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
