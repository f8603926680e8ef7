"""Where an event came from and how it was dated, in the reader's language: the facts are
stored (``source_file``, ``dated``) and put in words when shown; migration 0021 turned the
English sentences that the import and the admin had stored in notes into those facts."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import translation

from accreditation.events import (
    KIND_FOR_STATUS,
    STATUS_EVENT_KINDS,
    AccreditationEvent,
    EventDating,
    EventKind,
    EventOrigin,
)
from tests.factories import (
    AccreditationEventFactory,
    AccreditationFactory,
    CertificationBodyFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
migration = importlib.import_module("accreditation.migrations.0021_event_provenance_data")
SUSPENSION = {
    "en": "From the import of notice.csv. The file gives no status_since for this change: "
    "dated the day of the import. Confirmed by phone.",
    "fr": "Provient de l’import de notice.csv. Le fichier ne donne pas de status_since pour ce "
    "changement\xa0: daté du jour de l’import. Confirmed by phone.",
    "es": "Procede de la importación de notice.csv. El archivo no da status_since para este "
    "cambio: se fecha el día de la importación. Confirmed by phone.",
    "ru": "Записано при импорте файла notice.csv. В файле нет status_since для этого "  # noqa: RUF001
    "изменения: датировано днём импорта. Confirmed by phone.",
}


@pytest.fixture
def suspension():
    """Suspended on the day of the import of notice.csv, with a curator's note."""
    body = CertificationBodyFactory(name="Nordlicht Zertifizierung", country="DE")
    return AccreditationEventFactory(
        accreditation=AccreditationFactory(body=body, number="D-ZM-1"),
        kind=EventKind.SUSPENDED,
        effective_on=D(2024, 3, 1),
        origin=EventOrigin.IMPORT,
        source_file="notice.csv",
        dated=EventDating.IMPORT_DAY,
        note="Confirmed by phone.",
    )


def test_the_status_kinds_are_the_timelines():
    assert set(STATUS_EVENT_KINDS) == set(KIND_FOR_STATUS.values())


@pytest.mark.parametrize("language", SUSPENSION)
def test_the_explanation_is_in_the_active_language_and_the_note_in_the_curators(
    suspension, language
):
    with translation.override(language):
        assert suspension.explanation == SUSPENSION[language]


@pytest.mark.parametrize(
    ("facts", "english", "french"),
    [
        (
            {"kind": EventKind.RENEWED, "origin": EventOrigin.IMPORT},
            "From a CSV import.",
            "Provient d’un import CSV.",
        ),
        (
            {
                "kind": EventKind.EXPIRED,
                "origin": EventOrigin.IMPORT,
                "source_file": "b.csv",
                "dated": EventDating.DAY_AFTER_VALID_UNTIL,
            },
            "From the import of b.csv. The file gives no status_since: dated the day after "
            "valid_until.",
            "Provient de l’import de b.csv. Le fichier ne donne pas de status_since\xa0: daté "
            "du lendemain de valid_until.",
        ),
        (
            {"kind": EventKind.WITHDRAWN, "dated": EventDating.EDIT_DAY},
            "No effective date was given with this edit: dated the day of the edit.",
            "Aucune date d’effet n’a été indiquée avec cette modification\xa0: daté du jour de "
            "la modification.",
        ),
        (
            {"kind": EventKind.WITHDRAWN, "note": "At the body's request."},
            *2 * ["At the body's request."],
        ),
        ({"kind": EventKind.WITHDRAWN}, "", ""),
    ],
)
def test_each_fact_in_words(facts, english, french):
    event = AccreditationEventFactory.build(**facts)
    with translation.override("en"):
        assert event.explanation == english
    with translation.override("fr"):
        assert event.explanation == french


def test_the_body_page_says_it_in_french(client, suspension):
    with translation.override("fr"):
        html = client.get(suspension.accreditation.body.get_absolute_url()).content.decode()
    assert '<html lang="fr">' in html
    assert SUSPENSION["fr"] in html
    assert "The file gives no" not in html


def test_the_changes_page_says_it_in_russian(client, suspension):
    with translation.override("ru"):
        html = client.get("/ru/changes/").content.decode()
    assert SUSPENSION["ru"] in html
    assert "From the import" not in html


def test_the_api_timeline_says_it_in_the_answers_language(client, suspension):
    slug = suspension.accreditation.body.slug
    with translation.override("en"):
        answer = client.get(f"/api/v1/bodies/{slug}/?lang=es").json()
    [entry] = [
        e for e in answer["accreditations"][0]["timeline"] if e["kind"] == EventKind.SUSPENDED
    ]
    assert entry["note"] == SUSPENSION["es"]


# Notes as the import and the admin wrote them, and a curator's: what 0021 makes of each.
NOTES = [
    (EventKind.GRANTED, EventOrigin.IMPORT, "From the import of first.csv.", ("first.csv", "", "")),
    (
        EventKind.SUSPENDED,
        EventOrigin.IMPORT,
        "From a CSV import. The file gives no status_since for this change: dated the day of "
        "the import.",
        ("", EventDating.IMPORT_DAY, ""),
    ),
    (
        EventKind.EXPIRED,
        EventOrigin.IMPORT,
        "From the import of bodies.csv. The file gives no status_since: dated the day after "
        "valid_until.",
        ("bodies.csv", EventDating.DAY_AFTER_VALID_UNTIL, ""),
    ),
    (
        EventKind.RENEWED,
        EventOrigin.IMPORT,
        "From the import of Register. 2024.csv. The file gives no date for this change: dated "
        "the day of the import.",
        ("Register. 2024.csv", EventDating.IMPORT_DAY, ""),
    ),
    (
        EventKind.REINSTATED,
        EventOrigin.IMPORT,
        "From the import of lifted.csv. Checked on the register.",
        ("lifted.csv", "", "Checked on the register."),
    ),
    (
        EventKind.WITHDRAWN,
        EventOrigin.ADMIN,
        "No effective date was given with this edit: dated the day of the edit.",
        ("", EventDating.EDIT_DAY, ""),
    ),
    (
        EventKind.SUSPENDED,
        EventOrigin.ADMIN,
        "At the body's request.",
        ("", "", "At the body's request."),
    ),
    (EventKind.GRANTED, EventOrigin.BACKFILL, "", ("", "", "")),
]


def test_migration_0021_turns_the_english_notes_into_facts_and_back():
    accreditation = AccreditationFactory()
    events = [
        AccreditationEventFactory(accreditation=accreditation, kind=kind, origin=origin, note=note)
        for kind, origin, note, _ in NOTES
    ]

    migration.forwards(apps, None)

    stored = AccreditationEvent.objects.in_bulk([e.pk for e in events])
    assert [(stored[e.pk].source_file, stored[e.pk].dated, stored[e.pk].note) for e in events] == [
        facts for *_, facts in NOTES
    ]
    # In English, every event reads as it did.
    with translation.override("en"):
        assert [stored[e.pk].explanation for e in events] == [note for _, _, note, _ in NOTES]

    migration.backwards(apps, None)

    stored = AccreditationEvent.objects.in_bulk([e.pk for e in events])
    assert [(stored[e.pk].source_file, stored[e.pk].dated) for e in events] == len(NOTES) * [
        ("", "")
    ]
    assert [stored[e.pk].note for e in events] == [note for _, _, note, _ in NOTES]
