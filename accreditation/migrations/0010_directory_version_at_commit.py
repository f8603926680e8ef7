"""PostgreSQL: bump DirectoryVersion once per transaction, at commit, not at each statement.

Until now each write statement to a directory table updated the single version row at
once, so a transaction held that row's lock from its first write to its commit. A long
import and a curator's edit then took the version row and a body row in opposite orders
and deadlocked. Now the statement triggers of migrations 0006 and 0009 (same triggers,
and still only for UPDATEs that change a row) only queue the bump: the first directory
write of a transaction inserts a row into ``certdir_directory_version_pending``, whose
deferred constraint trigger ``certdir_version_pending_bump`` runs once, at commit,
updates the version row and deletes the pending row. A transaction takes the version
row's lock only while it commits, after all its other locks, so no lock order can cross;
and the version still changes in the same commit as the data, never before it.

In a transaction that never commits (the test suite's), ``SET CONSTRAINTS
certdir_version_pending_bump IMMEDIATE`` makes each write statement bump at once, as
before: the trigger clears the transaction's "bump queued" mark when it has run.

SQLite serialises writers with its database lock, so its row triggers stay as they are.
"""

from django.db import migrations

PENDING_TABLE = "certdir_directory_version_pending"
BUMP = "UPDATE accreditation_directoryversion SET version = version + 1 WHERE id = 1"
CHANGED = (
    "EXISTS (SELECT n::text FROM certdir_new_rows AS n "
    "EXCEPT SELECT o::text FROM certdir_old_rows AS o)"
)


def trigger_functions(bump):
    """The two functions that the directory tables' statement triggers run."""
    return [
        "CREATE OR REPLACE FUNCTION certdir_bump_directory_version() RETURNS trigger AS $$ "
        f"BEGIN {bump}; RETURN NULL; END; $$ LANGUAGE plpgsql",
        "CREATE OR REPLACE FUNCTION certdir_bump_directory_version_if_changed() "
        f"RETURNS trigger AS $$ BEGIN IF {CHANGED} THEN {bump}; END IF; RETURN NULL; END; "
        "$$ LANGUAGE plpgsql",
    ]


# Queues one bump per transaction. The mark holds the transaction id, so that a value
# left over from an earlier transaction of the same session never counts.
QUEUE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION certdir_queue_directory_version_bump() RETURNS void AS $$
BEGIN
    IF current_setting('certdir.version_pending', true)
            IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('certdir.version_pending', txid_current()::text, true);
        INSERT INTO {PENDING_TABLE} DEFAULT VALUES;
    END IF;
END;
$$ LANGUAGE plpgsql
"""
COMMIT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION certdir_bump_directory_version_at_commit() RETURNS trigger AS $$
BEGIN
    {BUMP};
    DELETE FROM {PENDING_TABLE} WHERE id = NEW.id;
    PERFORM set_config('certdir.version_pending', '', true);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE TABLE {PENDING_TABLE} (id bigserial PRIMARY KEY)")
    schema_editor.execute(COMMIT_FUNCTION)
    schema_editor.execute(
        f"CREATE CONSTRAINT TRIGGER certdir_version_pending_bump AFTER INSERT ON {PENDING_TABLE} "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION certdir_bump_directory_version_at_commit()"
    )
    schema_editor.execute(QUEUE_FUNCTION)
    for sql in trigger_functions("PERFORM certdir_queue_directory_version_bump()"):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in trigger_functions(BUMP):
        schema_editor.execute(sql)
    schema_editor.execute("DROP FUNCTION IF EXISTS certdir_queue_directory_version_bump()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {PENDING_TABLE}")
    schema_editor.execute("DROP FUNCTION IF EXISTS certdir_bump_directory_version_at_commit()")


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0009_directory_version_changed_rows_only")]

    operations = [migrations.RunPython(forwards, backwards)]
