"""Standard titles, IAF sector names and accreditation body names in French, Spanish and
Russian, from accreditation/data/translations/ (sources in accreditation/data/README.md);
English is the text each row has now."""

from django.db import migrations

from accreditation.reference import load_translations


def load(apps, schema_editor):
    load_translations(apps)


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0015_translations")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
