"""Accreditation events (dated facts about accreditations), with the directory-version
triggers every directory table has (see 0006, 0009, 0010 and 0011): a recorded event
changes what body pages and feeds show.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

BUMP = "UPDATE accreditation_directoryversion SET version = version + 1 WHERE id = 1"
TABLE = "accreditation_accreditationevent"


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # The functions are 0010's (they queue one bump per transaction, at commit).
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{TABLE} AFTER INSERT OR DELETE OR TRUNCATE "
            f"ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION certdir_bump_directory_version()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{TABLE}_update AFTER UPDATE ON {TABLE} "
            "REFERENCING OLD TABLE AS certdir_old_rows NEW TABLE AS certdir_new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION certdir_bump_directory_version_if_changed()"
        )
    elif connection.vendor == "sqlite":
        for event in ("insert", "delete"):
            schema_editor.execute(
                f"CREATE TRIGGER certdir_version_{TABLE}_{event} "
                f"AFTER {event.upper()} ON {TABLE} BEGIN {BUMP}; END"
            )
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, TABLE)
        changed = " OR ".join(f'OLD."{c.name}" IS NOT NEW."{c.name}"' for c in columns)
        schema_editor.execute(
            f"CREATE TRIGGER certdir_version_{TABLE}_update AFTER UPDATE ON {TABLE} "
            f"WHEN {changed} BEGIN {BUMP}; END"
        )
    else:
        raise NotImplementedError(f"No directory version triggers for {connection.vendor}.")


class Migration(migrations.Migration):

    dependencies = [
        ('accreditation', '0011_recognition'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccreditationEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('granted', 'Granted'), ('renewed', 'Renewed'), ('suspended', 'Suspended'), ('reinstated', 'Reinstated'), ('withdrawn', 'Withdrawn'), ('expired', 'Expired'), ('scope_extended', 'Scope extended'), ('scope_reduced', 'Scope reduced')], max_length=20)),
                ('effective_on', models.DateField(blank=True, help_text='When it took effect; empty when not on record.', null=True)),
                ('valid_until', models.DateField(blank=True, help_text='For a grant or renewal: valid until this date.', null=True)),
                ('source_url', models.URLField(blank=True, max_length=500, verbose_name='source')),
                ('note', models.TextField(blank=True)),
                ('origin', models.CharField(choices=[('admin', 'Admin'), ('import', 'Import'), ('backfill', 'Backfill of existing records'), ('demo', 'Demo data')], max_length=10)),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('accreditation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='accreditation.accreditation')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('standard', models.ForeignKey(blank=True, help_text='For a scope change: the standard added or removed.', limit_choices_to={'kind': 'certifiable'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accreditation.standard')),
            ],
            options={
                'ordering': ['accreditation', 'effective_on', 'recorded_at', 'pk'],
                'indexes': [models.Index(fields=['-recorded_at'], name='accevent_recorded_at_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['granted', 'renewed', 'suspended', 'reinstated', 'withdrawn', 'expired', 'scope_extended', 'scope_reduced'])), name='accevent_kind_valid'), models.CheckConstraint(condition=models.Q(('origin__in', ['admin', 'import', 'backfill', 'demo'])), name='accevent_origin_valid'), models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ('scope_extended', 'scope_reduced')), ('standard__isnull', False)), models.Q(models.Q(('kind__in', ('scope_extended', 'scope_reduced')), _negated=True), ('standard__isnull', True)), _connector='OR'), name='accevent_standard_iff_scope_change')],
            },
        ),
        migrations.RunPython(create_triggers, migrations.RunPython.noop),
    ]
