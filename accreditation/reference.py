"""Load the reference data shipped in ``accreditation/data/`` (standards, IAF codes, ABs).

The CSV files are the project's own copy of public facts (IAF ID 1, IAF/ILAC/EA
listings). Loading is an upsert keyed on the natural key, so running it again after
the files change updates the rows in place; data migrations call it with the
historical app registry.
"""

import csv
from pathlib import Path

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"

SIGNATORY_VALUES = {"yes": "yes", "no": "no", "unconfirmed": "unknown", "": "unknown"}


def read_rows(filename):
    """The rows of one reference CSV as dicts."""
    with (DATA_DIR / filename).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(apps):
    """Create or update every standard, IAF sector code and accreditation body."""
    from accreditation.models import standard_slug

    Standard = apps.get_model("accreditation", "Standard")
    SectorCode = apps.get_model("accreditation", "SectorCode")
    AccreditationBody = apps.get_model("accreditation", "AccreditationBody")

    for row in read_rows("standards.csv"):
        Standard.objects.update_or_create(
            code=row["code"],
            defaults={
                "slug": standard_slug(row["code"]),
                "edition": int(row["edition"]),
                "title": row["title"],
                "kind": row["kind"],
                "applies_to": row["applies_to"],
            },
        )
    for row in read_rows("iaf_codes.csv"):
        SectorCode.objects.update_or_create(code=int(row["code"]), defaults={"name": row["name"]})
    for row in read_rows("accreditation_bodies.csv"):
        AccreditationBody.objects.update_or_create(
            acronym=row["acronym"],
            defaults={
                "slug": slugify(row["acronym"]),
                "name": row["name"],
                "country": row["country"],
                "region": row["region"],
                "iaf_mla": SIGNATORY_VALUES[row["iaf_mla"].strip().lower()],
                "ilac_mra": SIGNATORY_VALUES[row["ilac_mra"].strip().lower()],
            },
        )
