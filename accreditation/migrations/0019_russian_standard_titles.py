"""Russian titles of five standards whose GOST R adoption of the current edition was found
(ISO/IEC 20000-1, ISO 22301, ISO 15189, ISO 14065, ISO/IEC 17029), from
accreditation/data/translations/standards.csv. A database made before them gets them here;
a new one already has them from 0016. A Russian title a curator has given meanwhile is kept."""

from django.db import migrations

from accreditation.reference import read_rows, record_translations

CODES = ("ISO/IEC 20000-1", "ISO 22301", "ISO 15189", "ISO 14065", "ISO/IEC 17029")


def load(apps, schema_editor):
    Standard = apps.get_model("accreditation", "Standard")
    HistoricalStandard = apps.get_model("accreditation", "HistoricalStandard")
    titles = {
        row["code"]: row["title_ru"]
        for row in read_rows("translations/standards.csv")
        if row["code"] in CODES and row["title_ru"]
    }
    changed = []
    for code, title in titles.items():
        if Standard.objects.filter(code=code, title_ru__isnull=True).update(title_ru=title):
            changed.append(code)
    # A history record of each changed row, as 0016 wrote for the first translations.
    record_translations(Standard, HistoricalStandard, Standard.objects.filter(code__in=changed))


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0018_more_verbose_names")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
