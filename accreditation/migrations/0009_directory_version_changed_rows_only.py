"""The directory version is bumped by UPDATEs that change a row, no longer by every UPDATE.

Migration 0006 bumped it on every UPDATE, so a save that changed nothing (an unchanged
admin form, an update to the values already stored) flushed every cached page. The
INSERT, DELETE and TRUNCATE triggers stay as they were.

PostgreSQL: one trigger per statement, as before, that compares the statement's
transition tables: it bumps when some row after the UPDATE, as text, is not among the
rows before it. That covers every column, including any added later. SQLite has row
triggers only; theirs have a WHEN clause comparing every column of the table as it is
when this migration runs (``IS NOT`` treats NULLs as equal). A later migration that adds
a column to one of these tables, or makes Django rebuild one (which drops its triggers),
must create them again with ``create()``; tests/security/test_unchanged_writes.py fails
until it does.
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


def postgresql_create(schema_editor):
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION certdir_bump_directory_version_if_changed() "
        "RETURNS trigger AS $$ BEGIN "
        "IF EXISTS (SELECT n::text FROM certdir_new_rows AS n "
        "EXCEPT SELECT o::text FROM certdir_old_rows AS o) THEN "
        f"{BUMP}; END IF; RETURN NULL; END; $$ LANGUAGE plpgsql"
    )
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table} ON {table}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_update ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{table} AFTER INSERT OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION certdir_bump_directory_version()"
        )
        # Transition tables need a trigger of their own, for the one event.
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{table}_update AFTER UPDATE ON {table} "
            "REFERENCING OLD TABLE AS certdir_old_rows NEW TABLE AS certdir_new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION certdir_bump_directory_version_if_changed()"
        )


def sqlite_create(schema_editor):
    connection = schema_editor.connection
    for table in TABLES:
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, table)
        changed = " OR ".join(f'OLD."{c.name}" IS NOT NEW."{c.name}"' for c in columns)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_update")
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{table}_update AFTER UPDATE ON {table} "
            f"WHEN {changed} BEGIN {BUMP}; END"
        )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        postgresql_create(schema_editor)
    elif vendor == "sqlite":
        sqlite_create(schema_editor)
    else:
        raise NotImplementedError(f"No directory version triggers for {vendor}.")


def restore_0006(apps, schema_editor):
    """Back to a bump on every UPDATE."""
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_update ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER certdir_version_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION certdir_bump_directory_version()"
            )
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_update")
            schema_editor.execute(
                f"CREATE TRIGGER certdir_version_{table}_update "
                f"AFTER UPDATE ON {table} BEGIN {BUMP}; END"
            )
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS certdir_bump_directory_version_if_changed()")


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0008_history_start")]

    operations = [migrations.RunPython(create, restore_0006)]
