"""A switch for bulk writes: with ``certdir.log_everything`` set in a transaction
(``accreditation.changes.log_everything``), each of its writing statements logs one row
naming everything instead of a row per body touched.

A reader rebuilds from scratch after a write that touched more bodies than it would
re-read one by one, so logging each of them only costs the writer: a seed of a million
bodies logged some five million rows, and gave each its version at commit. PostgreSQL
only; SQLite's row triggers cannot see a setting of the transaction and keep logging rows.
"""

import importlib

from django.db import migrations

directory_change = importlib.import_module("accreditation.migrations.0014_directory_change")

LOG = directory_change.LOG
BRANCH = "    IF TG_OP = 'INSERT' THEN\n"
SWITCH = f"""    IF current_setting('certdir.log_everything', true) = 'on' THEN
        INSERT INTO {LOG} (body_id, everything) VALUES (NULL, true);
        RETURN NULL;
    END IF;
"""


def log_function(table, body, switch):
    """0014's log function of ``table``, with the switch checked once the statement is known
    to have changed rows (an UPDATE that changed none bumps and logs nothing)."""
    function = directory_change.postgresql_log_function(table, body)
    if switch and body is not None:
        assert function.count(BRANCH) == 1
        function = function.replace(BRANCH, SWITCH + BRANCH)
    return function


def replace_functions(switch):
    def replace(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, body in directory_change.TABLES.items():
            schema_editor.execute(log_function(table, body, switch))

    return replace


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0021_event_provenance_data")]

    operations = [migrations.RunPython(replace_functions(True), replace_functions(False))]
