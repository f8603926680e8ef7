"""The project's translation catalogues, shared by the catalogue, page and browser tests."""

import re
from functools import cache
from pathlib import Path

import polib
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# What `makemessages` reads: the project's code and templates, not tools, tests or packages.
# The README's "Languages" section gives the same command.
MAKEMESSAGES_OPTIONS = [
    *(f"--locale={code}" for code in LANGUAGES),
    "--no-obsolete",
    "--add-location=file",
    *(
        f"--ignore={pattern}"
        for pattern in (
            "node_modules/*",
            "staticfiles/*",
            "tests/*",
            "bench/*",
            "docs/*",
            "*.egg-info/*",
            "artifacts/*",
        )
    ),
]


def po_path(language, locale=LOCALE):
    return Path(locale) / language / "LC_MESSAGES" / "django.po"


def entry_keys(po):
    """What makes each entry of a catalogue: its context, text and plural text."""
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po}


@cache
def english_phrases():
    """The catalogue's English texts a page must not show once translated: texts of
    three words or more (shorter ones, such as "IAF MLA", may rightly read the same), as
    they appear on a page (placeholders cut out, so each piece between them counts)."""
    po = polib.pofile(str(po_path(LANGUAGES[0])))
    phrases = set()
    for entry in po:
        for text in (entry.msgid, entry.msgid_plural):
            plain = re.sub(r"<[^>]+>", " ", text or "")
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", plain):
                piece = " ".join(piece.split()).strip(" .,:;()")
                if len(piece.split()) >= 3:
                    phrases.add(piece)
    return frozenset(phrases)


def untranslated_english(text, language):
    """The English phrases in ``text`` (a page's visible text) that ``language``'s
    catalogue translates differently: interface left in English."""
    po = polib.pofile(str(po_path(language)))
    same = {entry.msgid for entry in po if entry.msgstr == entry.msgid}
    flat = " ".join(text.split())
    return sorted(p for p in english_phrases() if p in flat and p not in same)
