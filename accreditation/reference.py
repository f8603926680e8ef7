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


# The translated columns (accreditation/translation.py) of each model, with the file giving
# its French, Spanish and Russian texts and the column naming a row there.
TRANSLATED = [
    ("Standard", "title", "translations/standards.csv", "code"),
    ("SectorCode", "name", "translations/iaf_codes.csv", "code"),
    ("AccreditationBody", "name", "translations/accreditation_bodies.csv", "acronym"),
]
TRANSLATION_LANGUAGES = ("fr", "es", "ru")


def load_translations(apps):
    """Fill the translated columns: English from the column as it stands (in every row, and
    in every historical row, so the history shows no change to English), French, Spanish
    and Russian from the files; an empty cell stays NULL, which shows English."""
    from django.db.models import F

    for model_name, field, filename, key in TRANSLATED:
        model = apps.get_model("accreditation", model_name)
        history = apps.get_model("accreditation", f"Historical{model_name}")
        for each in (model, history):
            each.objects.filter(**{f"{field}_en__isnull": True}).update(**{f"{field}_en": F(field)})
        translated = []
        for row in read_rows(filename):
            texts = {
                f"{field}_{lang}": row[f"{field}_{lang}"] or None for lang in TRANSLATION_LANGUAGES
            }
            if model.objects.filter(**{key: row[key]}).update(**texts):
                translated.append(row[key])
        record_translations(model, history, model.objects.filter(**{f"{key}__in": translated}))


def record_translations(model, history, rows):
    """A history record of each of ``rows`` as it now is, as a curator's change would leave:
    the history then shows the translations arriving, and restoring an earlier version
    restores them too. For migrations (``model`` and ``history`` from their ``apps``)."""
    from django.utils import timezone

    columns = [f.attname for f in model._meta.concrete_fields]
    history.objects.bulk_create(
        history(
            **{column: getattr(row, column) for column in columns},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason="translations: accreditation/data/translations",
        )
        for row in rows
    )


ARRANGEMENT_VALUES = {"IAF MLA": "iaf_mla", "ILAC MRA": "ilac_mra"}


def load_recognition_data(apps):
    """Create or update each recognition claim and the bodies' IAF/ILAC membership.

    ``recognition_sources.csv`` gives one claim per body and arrangement for its whole
    field; ``recognition_scopes.csv`` the scopes a source itemises;
    ``unrecognised_accreditation_bodies.csv`` organisations a source places outside
    IAF and ILAC, whose country is kept only where the source states it.
    """
    Standard = apps.get_model("accreditation", "Standard")
    AccreditationBody = apps.get_model("accreditation", "AccreditationBody")
    Recognition = apps.get_model("accreditation", "Recognition")

    bodies = {ab.acronym: ab for ab in AccreditationBody.objects.all()}
    standards = {s.code: s for s in Standard.objects.all()}

    def record(row, casco_standard):
        recognition, _ = Recognition.objects.update_or_create(
            accreditation_body=bodies[row["acronym"]],
            arrangement=ARRANGEMENT_VALUES[row["arrangement"]],
            casco_standard=casco_standard,
            defaults={
                "status": SIGNATORY_VALUES[row["status"].strip().lower()],
                "scope_note": row.get("scope_note", ""),
                "source": row["source_url"],
                "quote": row["evidence"],
            },
        )
        return recognition

    for row in read_rows("recognition_sources.csv"):
        record(row, None)
    for row in read_rows("recognition_scopes.csv"):
        recognition = record(row, standards[row["casco_standard"]])
        codes = [code.strip() for code in row["certifiable_standards"].split(";") if code.strip()]
        recognition.standards.set([standards[code] for code in codes])

    signatories = set(
        Recognition.objects.filter(status="yes").values_list("accreditation_body", flat=True)
    )
    for ab in bodies.values():
        if ab.pk in signatories and ab.membership != "member":
            ab.membership = "member"
            ab.save(update_fields=["membership"])
    for row in read_rows("unrecognised_accreditation_bodies.csv"):
        country = row["country"].strip()
        AccreditationBody.objects.update_or_create(
            acronym=row["acronym"],
            defaults={
                "slug": slugify(row["acronym"]),
                "name": row["name"],
                "country": country if len(country) == 2 else "",
                "website": row["website"],
                "iaf_mla": "no",
                "ilac_mra": "no",
                "membership": "not_member",
                "membership_source": row["source_url"],
                "membership_quote": row["evidence"],
            },
        )
