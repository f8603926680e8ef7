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
