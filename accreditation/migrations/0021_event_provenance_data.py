"""The English sentences the import and the admin wrote into events' notes, as the facts
of 0020 (``source_file``, ``dated``), so that each reader gets them in their own language;
a curator's own words stay in the note. Back: the sentences are written into the notes again.

The sentences are those ``bodies.csvio.events`` and ``bodies.admin`` wrote until now,
copied here because migrations must not change with the code. An import's note was its
file sentence ("From the import of NAME." or "From a CSV import."), then where its date
came from; an admin edit's, the edit-day sentence alone. A note that does not read so is
left as it is.
"""

from django.db import migrations

IMPORT, ADMIN = "import", "admin"
IMPORT_DAY, EDIT_DAY, DAY_AFTER = "import_day", "edit_day", "day_after_valid_until"
# The kinds the CSV's status_since column dates (a change of status).
STATUS_KINDS = {"reinstated", "suspended", "withdrawn", "expired"}
NAMED = "From the import of "
UNNAMED = "From a CSV import."
STATUS_IMPORT_DAY = "The file gives no status_since for this change: dated the day of the import."
OTHER_IMPORT_DAY = "The file gives no date for this change: dated the day of the import."
DAY_AFTER_SENTENCE = "The file gives no status_since: dated the day after valid_until."
EDIT_DAY_SENTENCE = "No effective date was given with this edit: dated the day of the edit."
DATED = {
    STATUS_IMPORT_DAY: IMPORT_DAY,
    OTHER_IMPORT_DAY: IMPORT_DAY,
    DAY_AFTER_SENTENCE: DAY_AFTER,
}
SOURCE_FILE_LENGTH = 255


def split_dated(note):
    """``(before, dated, after)`` around the note's first date sentence, or ``(note, "", "")``."""
    for sentence, value in DATED.items():
        before, found, after = note.partition(f" {sentence}")
        if found:
            return before, value, after.strip()
    return note, "", ""


def parse_import_note(note):
    """``(source_file, dated, note)`` of an import's note, or None when it does not read as
    one. With a date sentence, the file's sentence is all before it; without, a name is
    taken to end at the first ". " (a curator's words may follow): the English reads the
    same either way."""
    head, dated, after = split_dated(note)
    if head.startswith(UNNAMED):
        source_file, rest = "", head[len(UNNAMED) :]
    elif head.startswith(NAMED):
        named = head[len(NAMED) :]
        end = -1 if dated else named.find(". ")
        end = len(named) - 1 if end < 0 else end
        source_file, rest = named[:end], named[end + 1 :]
        if not named.endswith(".", 0, end + 1) or not source_file:
            return None
        if len(source_file) > SOURCE_FILE_LENGTH or "\n" in source_file:
            return None
    else:
        return None
    return source_file, dated, " ".join(part for part in (rest.strip(), after) if part)


def parse_admin_note(note):
    """``(dated, note)`` of an admin edit's note, or None when it does not read as one."""
    if not note.startswith(EDIT_DAY_SENTENCE):
        return None
    return EDIT_DAY, note[len(EDIT_DAY_SENTENCE) :].strip()


def forwards(apps, schema_editor):
    AccreditationEvent = apps.get_model("accreditation", "AccreditationEvent")
    changed = []
    for event in AccreditationEvent.objects.filter(origin=IMPORT).exclude(note=""):
        parsed = parse_import_note(event.note)
        if parsed is not None:
            event.source_file, event.dated, event.note = parsed
            changed.append(event)
    admin = AccreditationEvent.objects.filter(origin=ADMIN, note__startswith=EDIT_DAY_SENTENCE)
    for event in admin:
        event.dated, event.note = parse_admin_note(event.note)
        changed.append(event)
    AccreditationEvent.objects.bulk_update(
        changed, ["source_file", "dated", "note"], batch_size=1000
    )


def compose(kind, origin, source_file, dated, note):
    """The English note the import or the admin wrote, from the facts (as ``explain``)."""
    parts = []
    if origin == IMPORT:
        parts.append(f"{NAMED}{source_file}." if source_file else UNNAMED)
    if dated == IMPORT_DAY:
        parts.append(STATUS_IMPORT_DAY if kind in STATUS_KINDS else OTHER_IMPORT_DAY)
    elif dated == DAY_AFTER:
        parts.append(DAY_AFTER_SENTENCE)
    elif dated == EDIT_DAY:
        parts.append(EDIT_DAY_SENTENCE)
    if note:
        parts.append(note)
    return " ".join(parts)


def backwards(apps, schema_editor):
    AccreditationEvent = apps.get_model("accreditation", "AccreditationEvent")
    changed = []
    for event in AccreditationEvent.objects.filter(origin=IMPORT) | (
        AccreditationEvent.objects.exclude(dated="")
    ):
        event.note = compose(event.kind, event.origin, event.source_file, event.dated, event.note)
        event.source_file, event.dated = "", ""
        changed.append(event)
    AccreditationEvent.objects.bulk_update(
        changed, ["source_file", "dated", "note"], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0020_event_provenance")]

    operations = [migrations.RunPython(forwards, backwards)]
