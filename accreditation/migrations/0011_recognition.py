"""Recognition by scope, IAF/ILAC membership and the reference data that fills them.

Schema: ``Recognition`` (a source's claim about a body's signature of the IAF MLA or the
ILAC MRA, for one CASCO standard and optional sub-scope, or the whole field) with its
sub-scope standards and history; on accreditation bodies, their IAF/ILAC membership with
its source, a complaints page, and a country that may be blank.

Directory version (see 0006, 0009 and 0010): the two new tables get the same triggers as
the other directory tables. On SQLite, adding columns rebuilt the accreditation-body
table, which dropped its triggers; they are created again over its new columns.

Data: the updated statuses of ``accreditation_bodies.csv``, then every recognition claim,
the membership it implies, and the three unrecognised organisations
(``accreditation.reference.load_recognition_data``).
"""

import django.db.models.deletion
import django_countries.fields
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from accreditation.reference import load_recognition_data, load_reference_data

BUMP = "UPDATE accreditation_directoryversion SET version = version + 1 WHERE id = 1"
NEW_TABLES = ["accreditation_recognition", "accreditation_recognitionstandard"]
REBUILT_TABLES = ["accreditation_accreditationbody"]


def sqlite_update_trigger(schema_editor, table):
    """As in 0009: an UPDATE trigger comparing every column the table has now."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, table)
    changed = " OR ".join(f'OLD."{c.name}" IS NOT NEW."{c.name}"' for c in columns)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_update")
    schema_editor.execute(
        f"CREATE TRIGGER certdir_version_{table}_update AFTER UPDATE ON {table} "
        f"WHEN {changed} BEGIN {BUMP}; END"
    )


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # The functions are 0010's (they queue one bump per transaction, at commit).
        for table in NEW_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER certdir_version_{table} AFTER INSERT OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION certdir_bump_directory_version()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER certdir_version_{table}_update AFTER UPDATE ON {table} "
                "REFERENCING OLD TABLE AS certdir_old_rows NEW TABLE AS certdir_new_rows "
                "FOR EACH STATEMENT EXECUTE FUNCTION certdir_bump_directory_version_if_changed()"
            )
    elif vendor == "sqlite":
        for table in NEW_TABLES + REBUILT_TABLES:
            for event in ("insert", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS certdir_version_{table}_{event}")
                schema_editor.execute(
                    f"CREATE TRIGGER certdir_version_{table}_{event} "
                    f"AFTER {event.upper()} ON {table} BEGIN {BUMP}; END"
                )
            sqlite_update_trigger(schema_editor, table)
    else:
        raise NotImplementedError(f"No directory version triggers for {vendor}.")


def load(apps, schema_editor):
    load_reference_data(apps)
    load_recognition_data(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('accreditation', '0010_directory_version_at_commit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalRecognition',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('arrangement', models.CharField(choices=[('iaf_mla', 'IAF MLA'), ('ilac_mra', 'ILAC MRA')], max_length=10)),
                ('status', models.CharField(choices=[('yes', 'Signatory'), ('no', 'Not a signatory'), ('unknown', 'Not confirmed')], max_length=10)),
                ('scope_note', models.CharField(blank=True, max_length=255)),
                ('source', models.TextField(blank=True, help_text='Addresses separated by " | ".')),
                ('quote', models.TextField(blank=True, help_text='What the source says.')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical recognition',
                'verbose_name_plural': 'historical recognitions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRecognitionStandard',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalRecognitionStandard',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Recognition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('arrangement', models.CharField(choices=[('iaf_mla', 'IAF MLA'), ('ilac_mra', 'ILAC MRA')], max_length=10)),
                ('status', models.CharField(choices=[('yes', 'Signatory'), ('no', 'Not a signatory'), ('unknown', 'Not confirmed')], max_length=10)),
                ('scope_note', models.CharField(blank=True, max_length=255)),
                ('source', models.TextField(blank=True, help_text='Addresses separated by " | ".')),
                ('quote', models.TextField(blank=True, help_text='What the source says.')),
            ],
            options={
                'ordering': ['accreditation_body__acronym', 'arrangement', 'casco_standard__code'],
            },
        ),
        migrations.CreateModel(
            name='RecognitionStandard',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': 'sub-scope standard',
                'ordering': ['standard__code'],
            },
        ),
        migrations.AddField(
            model_name='accreditationbody',
            name='complaints_url',
            field=models.URLField(blank=True, help_text='Where the accreditation body takes complaints about the bodies it accredits.', verbose_name='complaints page'),
        ),
        migrations.AddField(
            model_name='accreditationbody',
            name='membership',
            field=models.CharField(choices=[('member', 'Member of IAF or ILAC'), ('not_member', 'Not a member of IAF or ILAC'), ('unknown', 'Not confirmed')], default='unknown', max_length=12, verbose_name='IAF/ILAC membership'),
        ),
        migrations.AddField(
            model_name='accreditationbody',
            name='membership_quote',
            field=models.TextField(blank=True, help_text='What the source says.'),
        ),
        migrations.AddField(
            model_name='accreditationbody',
            name='membership_source',
            field=models.TextField(blank=True, help_text='Addresses separated by " | "; required for a body that is not a member.'),
        ),
        migrations.AddField(
            model_name='historicalaccreditationbody',
            name='complaints_url',
            field=models.URLField(blank=True, help_text='Where the accreditation body takes complaints about the bodies it accredits.', verbose_name='complaints page'),
        ),
        migrations.AddField(
            model_name='historicalaccreditationbody',
            name='membership',
            field=models.CharField(choices=[('member', 'Member of IAF or ILAC'), ('not_member', 'Not a member of IAF or ILAC'), ('unknown', 'Not confirmed')], default='unknown', max_length=12, verbose_name='IAF/ILAC membership'),
        ),
        migrations.AddField(
            model_name='historicalaccreditationbody',
            name='membership_quote',
            field=models.TextField(blank=True, help_text='What the source says.'),
        ),
        migrations.AddField(
            model_name='historicalaccreditationbody',
            name='membership_source',
            field=models.TextField(blank=True, help_text='Addresses separated by " | "; required for a body that is not a member.'),
        ),
        migrations.AlterField(
            model_name='accreditationbody',
            name='country',
            field=django_countries.fields.CountryField(blank=True, max_length=2),
        ),
        migrations.AlterField(
            model_name='historicalaccreditationbody',
            name='country',
            field=django_countries.fields.CountryField(blank=True, max_length=2),
        ),
        migrations.AddConstraint(
            model_name='accreditationbody',
            constraint=models.CheckConstraint(condition=models.Q(('membership__in', ['member', 'not_member', 'unknown'])), name='accbody_membership_valid'),
        ),
        migrations.AddConstraint(
            model_name='accreditationbody',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('membership', 'not_member'), _negated=True), models.Q(('membership_source', ''), _negated=True), _connector='OR'), name='accbody_not_member_has_source', violation_error_message='Give the source that says this body is not a member.'),
        ),
        migrations.AddField(
            model_name='historicalrecognition',
            name='accreditation_body',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accreditation.accreditationbody'),
        ),
        migrations.AddField(
            model_name='historicalrecognition',
            name='casco_standard',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="Empty when the source does not itemise scopes: the claim then covers the arrangement's whole field.", limit_choices_to={'kind': 'casco'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accreditation.standard', verbose_name='CASCO standard'),
        ),
        migrations.AddField(
            model_name='historicalrecognition',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalrecognitionstandard',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='accreditation.historicalrecognition'),
        ),
        migrations.AddField(
            model_name='historicalrecognitionstandard',
            name='standard',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accreditation.standard'),
        ),
        migrations.AddField(
            model_name='recognition',
            name='accreditation_body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recognitions', to='accreditation.accreditationbody'),
        ),
        migrations.AddField(
            model_name='recognition',
            name='casco_standard',
            field=models.ForeignKey(blank=True, help_text="Empty when the source does not itemise scopes: the claim then covers the arrangement's whole field.", limit_choices_to={'kind': 'casco'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='recognitions', to='accreditation.standard', verbose_name='CASCO standard'),
        ),
        migrations.AddField(
            model_name='historicalrecognitionstandard',
            name='recognition',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accreditation.recognition'),
        ),
        migrations.AddField(
            model_name='recognitionstandard',
            name='recognition',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='accreditation.recognition'),
        ),
        migrations.AddField(
            model_name='recognitionstandard',
            name='standard',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accreditation.standard'),
        ),
        migrations.AddField(
            model_name='recognition',
            name='standards',
            field=models.ManyToManyField(blank=True, help_text="Only these management-system standards, when the source names them; empty for the CASCO standard's whole scope.", limit_choices_to={'kind': 'certifiable'}, related_name='sub_scope_recognitions', through='accreditation.RecognitionStandard', to='accreditation.standard', verbose_name='sub-scope standards'),
        ),
        migrations.AddConstraint(
            model_name='recognitionstandard',
            constraint=models.UniqueConstraint(fields=('recognition', 'standard'), name='recognitionstandard_unique'),
        ),
        migrations.AddConstraint(
            model_name='recognition',
            constraint=models.UniqueConstraint(fields=('accreditation_body', 'arrangement', 'casco_standard'), name='recognition_unique_scope'),
        ),
        migrations.AddConstraint(
            model_name='recognition',
            constraint=models.UniqueConstraint(condition=models.Q(('casco_standard__isnull', True)), fields=('accreditation_body', 'arrangement'), name='recognition_unique_whole_field'),
        ),
        migrations.AddConstraint(
            model_name='recognition',
            constraint=models.CheckConstraint(condition=models.Q(('arrangement__in', ['iaf_mla', 'ilac_mra'])), name='recognition_arrangement_valid'),
        ),
        migrations.AddConstraint(
            model_name='recognition',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['yes', 'no', 'unknown'])), name='recognition_status_valid'),
        ),
        migrations.RunPython(create_triggers, migrations.RunPython.noop),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
