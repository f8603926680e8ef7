"""A column per language for standard titles, IAF sector names and accreditation body names
(accreditation/translation.py), in their history tables too; 0016 fills them.

On SQLite the directory tables' UPDATE triggers compare every column they had when they were
made (0014), and a column named by a trigger cannot be dropped: each table's UPDATE trigger is
dropped before its columns change and made again after, either way, so that a change to a
translation alone bumps the directory version and logs the change like any other.
PostgreSQL's triggers compare whole rows and need nothing.
"""

from importlib import import_module

from django.db import migrations, models

TABLES = ["accreditation_standard", "accreditation_sectorcode", "accreditation_accreditationbody"]


def drop_update_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_update")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        change_log = import_module("accreditation.migrations.0014_directory_change")
        for table in TABLES:
            # Reference data: a change to it names everything (no body).
            change_log.sqlite_triggers(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0014_directory_change"),
    ]

    operations = [
        migrations.RunPython(drop_update_triggers, create_triggers),
        migrations.AddField(
            model_name="accreditationbody",
            name="name_en",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="accreditationbody",
            name="name_es",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="accreditationbody",
            name="name_fr",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="accreditationbody",
            name="name_ru",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalaccreditationbody",
            name="name_en",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalaccreditationbody",
            name="name_es",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalaccreditationbody",
            name="name_fr",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalaccreditationbody",
            name="name_ru",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalsectorcode",
            name="name_en",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalsectorcode",
            name="name_es",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalsectorcode",
            name="name_fr",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalsectorcode",
            name="name_ru",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalstandard",
            name="title_en",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalstandard",
            name="title_es",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalstandard",
            name="title_fr",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="historicalstandard",
            name="title_ru",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="sectorcode",
            name="name_en",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="sectorcode",
            name="name_es",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="sectorcode",
            name="name_fr",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="sectorcode",
            name="name_ru",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="standard",
            name="title_en",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="standard",
            name="title_es",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="standard",
            name="title_fr",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="standard",
            name="title_ru",
            field=models.CharField(max_length=255, null=True),
        ),
        migrations.RunPython(create_triggers, drop_update_triggers),
    ]
