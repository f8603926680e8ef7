"""The directory change log: the triggers that bump the directory version also say which
bodies the change touched (``accreditation.changes``), so the search index can re-read
only those instead of the whole directory.

What each table's rows name: a body (its id), an accreditation or its scope, sectors or
events (the accreditation's body, before and after an UPDATE), or, for reference data
(accreditation bodies, standards, sectors, recognition), everything. Each writing
statement logs at least one row (a row naming nothing when it touched no row), so every
version has rows and a version without rows means the log no longer covers it.

PostgreSQL (see 0010): statement triggers named ``certdir_change_*``, which fire before
the ``certdir_version_*`` ones (same event, name order), insert rows without a version;
the bump at commit gives the transaction's rows its new version and prunes old ones.
SQLite: each row trigger that bumps the version now also logs, in the same trigger, so
the row gets the version just bumped. A later migration that rebuilds one of these tables
on SQLite must create its triggers again with ``sqlite_triggers()``; until it does,
versions from that table have no rows and the index falls back to a full rebuild
(tests/search/test_change_log.py checks every directory table logs).
"""

from django.db import migrations, models

from accreditation.changes import KEPT_VERSIONS

LOG = "accreditation_directorychange"
VERSION_TABLE = "accreditation_directoryversion"
BUMP = f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1"
ACCREDITATION_BODY = (
    "(SELECT a.body_id FROM accreditation_accreditation AS a WHERE a.id = {row}.accreditation_id)"
)
# Per directory table: the expression naming the body a row belongs to (None: everything).
TABLES = {
    "bodies_certificationbody": "{row}.id",
    "accreditation_accreditation": "{row}.body_id",
    "accreditation_accreditationstandard": ACCREDITATION_BODY,
    "accreditation_accreditationsector": ACCREDITATION_BODY,
    "accreditation_accreditationevent": ACCREDITATION_BODY,
    "accreditation_accreditationbody": None,
    "accreditation_standard": None,
    "accreditation_sectorcode": None,
    "accreditation_recognition": None,
    "accreditation_recognitionstandard": None,
}
PENDING_TABLE = "certdir_directory_version_pending"


def postgresql_log_function(table, body):
    """The statement trigger function logging ``table``'s changed rows."""
    name = f"certdir_log_{table}"
    if body is None:
        rows = dict.fromkeys(("INSERT", "DELETE", "UPDATE"), "SELECT NULL::bigint, true")
    else:

        def bodies(transition, other=None):
            select = f"SELECT {body.format(row='r')}, false FROM {transition} AS r"
            if other:
                select += f" WHERE r::text NOT IN (SELECT o::text FROM {other} AS o)"
            return select

        rows = {
            "INSERT": bodies("certdir_new_rows"),
            "DELETE": bodies("certdir_old_rows"),
            "UPDATE": f"{bodies('certdir_new_rows', 'certdir_old_rows')} UNION "
            f"{bodies('certdir_old_rows', 'certdir_new_rows')}",
        }
    # An UPDATE that changed no row bumps nothing (0009), so it logs nothing either.
    # (Nested: one expression naming a transition table fails where it is absent.)
    unchanged = (
        "IF TG_OP = 'UPDATE' THEN IF NOT EXISTS (SELECT n::text FROM certdir_new_rows AS n "
        "EXCEPT SELECT o::text FROM certdir_old_rows AS o) THEN RETURN NULL; END IF; END IF;"
    )
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO {LOG} (body_id, everything) VALUES (NULL, true);
        RETURN NULL;
    END IF;
    {unchanged}
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {LOG} (body_id, everything) SELECT DISTINCT * FROM ({rows["INSERT"]}) AS c;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {LOG} (body_id, everything) SELECT DISTINCT * FROM ({rows["DELETE"]}) AS c;
    ELSE
        INSERT INTO {LOG} (body_id, everything) SELECT DISTINCT * FROM ({rows["UPDATE"]}) AS c;
    END IF;
    IF NOT FOUND THEN
        INSERT INTO {LOG} (body_id, everything) VALUES (NULL, false);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


# 0010's bump at commit, which now also dates the transaction's log rows and prunes.
COMMIT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION certdir_bump_directory_version_at_commit() RETURNS trigger AS $$
DECLARE
    bumped bigint;
BEGIN
    {BUMP} RETURNING version INTO bumped;
    UPDATE {LOG} SET version = bumped WHERE version IS NULL;
    DELETE FROM {LOG} WHERE version <= bumped - {KEPT_VERSIONS};
    DELETE FROM {PENDING_TABLE} WHERE id = NEW.id;
    PERFORM set_config('certdir.version_pending', '', true);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
COMMIT_FUNCTION_0010 = f"""
CREATE OR REPLACE FUNCTION certdir_bump_directory_version_at_commit() RETURNS trigger AS $$
BEGIN
    {BUMP};
    DELETE FROM {PENDING_TABLE} WHERE id = NEW.id;
    PERFORM set_config('certdir.version_pending', '', true);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def postgresql_create(schema_editor):
    schema_editor.execute(COMMIT_FUNCTION)
    for table, body in TABLES.items():
        schema_editor.execute(postgresql_log_function(table, body))
        transitions = {
            "insert": "REFERENCING NEW TABLE AS certdir_new_rows",
            "delete": "REFERENCING OLD TABLE AS certdir_old_rows",
            "update": "REFERENCING OLD TABLE AS certdir_old_rows NEW TABLE AS certdir_new_rows",
            "truncate": "",
        }
        for event, referencing in transitions.items():
            schema_editor.execute(
                f"CREATE TRIGGER certdir_change_{table}_{event} AFTER {event.upper()} "
                f"ON {table} {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION certdir_log_{table}()"
            )


def sqlite_triggers(schema_editor, table, body=None, log=True):
    """(Re-)create ``table``'s row triggers: bump the version and, with ``log``, log the
    change under the version just bumped. The UPDATE one fires only when a column changed.
    """
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, table)
    changed = " OR ".join(f'OLD."{c.name}" IS NOT NEW."{c.name}"' for c in columns)
    rows = {"insert": ["NEW"], "delete": ["OLD"], "update": ["OLD", "NEW"]}
    for event, names in rows.items():
        if body is None:
            selects = [f"SELECT version, NULL, 1 FROM {VERSION_TABLE} WHERE id = 1"]
        else:
            selects = [
                f"SELECT version, {body.format(row=row)}, 0 FROM {VERSION_TABLE} WHERE id = 1"
                for row in names
            ]
        statements = [BUMP]
        if log:
            statements += [
                f"INSERT INTO {LOG} (version, body_id, everything) {' UNION '.join(selects)}",
                f"DELETE FROM {LOG} WHERE version <= "
                f"(SELECT version FROM {VERSION_TABLE} WHERE id = 1) - {KEPT_VERSIONS}",
            ]
        when = f"WHEN {changed} " if event == "update" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_{event}")
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{table}_{event} AFTER {event.upper()} ON {table} "
            f"{when}BEGIN {'; '.join(statements)}; END"
        )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        postgresql_create(schema_editor)
    elif vendor == "sqlite":
        for table, body in TABLES.items():
            sqlite_triggers(schema_editor, table, body)
    else:
        raise NotImplementedError(f"No directory change log for {vendor}.")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(COMMIT_FUNCTION_0010)
        for table in TABLES:
            for event in ("insert", "delete", "update", "truncate"):
                schema_editor.execute(
                    f"DROP TRIGGER IF EXISTS certdir_change_{table}_{event} ON {table}"
                )
            schema_editor.execute(f"DROP FUNCTION IF EXISTS certdir_log_{table}()")
    elif vendor == "sqlite":
        for table in TABLES:
            sqlite_triggers(schema_editor, table, log=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0013_backfill_events"),
        ("bodies", "0005_complaints_url"),
    ]

    operations = [
        migrations.CreateModel(
            name="DirectoryChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(null=True)),
                ("body_id", models.BigIntegerField(null=True)),
                ("everything", models.BooleanField(default=False)),
            ],
            options={
                "ordering": ["version", "pk"],
                "indexes": [models.Index(fields=["version"], name="dirchange_version_idx")],
            },
        ),
        migrations.RunPython(create, drop),
    ]
