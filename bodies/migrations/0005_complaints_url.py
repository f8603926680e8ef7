"""An optional complaints page on bodies (the body page's "Complaints" section).

Directory version (see accreditation 0006, 0009 and 0010): on SQLite, adding a column
rebuilds the bodies table, which drops its triggers; they are created again, the UPDATE
one over the table's new columns. PostgreSQL keeps its triggers through ADD COLUMN.
"""

from django.db import migrations, models

BUMP = "UPDATE accreditation_directoryversion SET version = version + 1 WHERE id = 1"
TABLE = "bodies_certificationbody"


def recreate_sqlite_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    for event in ("insert", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{TABLE}_{event}")
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{TABLE}_{event} "
            f"AFTER {event.upper()} ON {TABLE} BEGIN {BUMP}; END"
        )
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, TABLE)
    changed = " OR ".join(f'OLD."{c.name}" IS NOT NEW."{c.name}"' for c in columns)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{TABLE}_update")
    schema_editor.execute(
        f"CREATE TRIGGER certdir_version_{TABLE}_update AFTER UPDATE ON {TABLE} "
        f"WHEN {changed} BEGIN {BUMP}; END"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0004_search_text_trigram'),
        # The triggers this migration re-creates on SQLite, and the table they bump.
        ('accreditation', '0010_directory_version_at_commit'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificationbody',
            name='complaints_url',
            field=models.URLField(blank=True, help_text='Where the body itself takes complaints: its complaints page or contact form.', max_length=300, verbose_name='complaints page'),
        ),
        migrations.AddField(
            model_name='historicalcertificationbody',
            name='complaints_url',
            field=models.URLField(blank=True, help_text='Where the body itself takes complaints: its complaints page or contact form.', max_length=300, verbose_name='complaints page'),
        ),
        migrations.RunPython(recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
