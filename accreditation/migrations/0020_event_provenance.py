"""What an event's system-written note said, as facts: the imported file's name
(``source_file``) and where its date came from when the source gave none (``dated``), which
the pages put in words in the reader's language; 0021 moves the existing notes' sentences
into them.

On SQLite, adding a column or a constraint rebuilds the events table, which drops its
directory-version triggers (0014); they are made again after, the UPDATE one over the new
columns too, and its UPDATE trigger is dropped before the columns are removed on the way
back (as in 0015). PostgreSQL's triggers compare whole rows and need nothing.
"""

from importlib import import_module

from django.db import migrations, models

TABLE = "accreditation_accreditationevent"


def drop_update_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{TABLE}_update")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        change_log = import_module("accreditation.migrations.0014_directory_change")
        change_log.sqlite_triggers(schema_editor, TABLE, change_log.TABLES[TABLE])


class Migration(migrations.Migration):

    dependencies = [
        ('accreditation', '0019_russian_standard_titles'),
    ]

    operations = [
        migrations.RunPython(drop_update_trigger, create_triggers),
        migrations.AddField(
            model_name='accreditationevent',
            name='dated',
            field=models.CharField(blank=True, choices=[('', 'As given'), ('import_day', 'The day of the import'), ('edit_day', 'The day of the edit'), ('day_after_valid_until', 'The day after its valid-until date')], default='', help_text='Where the effective date came from when the source gave none.', max_length=30, verbose_name='dated'),
        ),
        migrations.AddField(
            model_name='accreditationevent',
            name='source_file',
            field=models.CharField(blank=True, help_text='For an import: the name of the file, when known.', max_length=255, verbose_name='imported file'),
        ),
        migrations.AddConstraint(
            model_name='accreditationevent',
            constraint=models.CheckConstraint(condition=models.Q(('dated__in', ['', 'import_day', 'edit_day', 'day_after_valid_until'])), name='accevent_dated_valid'),
        ),
        migrations.AddConstraint(
            model_name='accreditationevent',
            constraint=models.CheckConstraint(condition=models.Q(('source_file', ''), ('origin', 'import'), _connector='OR'), name='accevent_source_file_only_imported'),
        ),
        migrations.RunPython(create_triggers, drop_update_trigger),
    ]
