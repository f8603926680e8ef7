"""The catalogues (locale/<language>/LC_MESSAGES/django.po) are complete, current and valid.

These fail until the translators have translated every entry: an untranslated or fuzzy
entry is English (or a guess) shown to a French, Spanish or Russian reader.
"""

import os
import shutil
import subprocess

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.i18n.catalogues import LANGUAGES, LOCALE, MAKEMESSAGES_OPTIONS, entry_keys, po_path

ROOT = LOCALE.parent


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = polib.pofile(str(po_path(language)))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], []), (
        f"{len(untranslated)} untranslated and {len(fuzzy)} fuzzy entries in {language}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_current_one(language):
    """The .mo file that Django reads holds exactly the .po file's translations
    (`manage.py compilemessages` after every change to a .po file)."""
    po = polib.pofile(str(po_path(language)))
    mo_path = po_path(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run manage.py compilemessages"
    mo = polib.mofile(str(mo_path))

    def pairs(catalogue):
        return {
            (e.msgctxt, e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if e.msgid and (e.msgstr or any(e.msgstr_plural.values())) and "fuzzy" not in e.flags
        }

    assert pairs(mo) == pairs(po)


def gettext_tool(name):
    """The path of a gettext program: missing, a skip on a developer's machine and a
    failure in CI (``CI=true``), which installs gettext (.ci/run)."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} is missing (apt-get install gettext)"
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalogue(language):
    msgfmt = gettext_tool("msgfmt")
    result = subprocess.run(
        [msgfmt, "--check", "--output-file=/dev/null", str(po_path(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_makemessages_would_not_change_the_catalogues(tmp_path, monkeypatch):
    """Every string marked for translation is in the catalogues, and none is left over."""
    gettext_tool("xgettext")
    # makemessages writes to the ``locale`` folder beside the files it reads, whatever
    # LOCALE_PATHS says: it runs in a copy of the project made of links to its folders,
    # with copies of the catalogues, so that the checkout itself is never rewritten.
    project = tmp_path / "project"
    project.mkdir()
    for item in ROOT.iterdir():
        if not item.name.startswith(".") and item.name != LOCALE.name:
            (project / item.name).symlink_to(item)
    for language in LANGUAGES:
        copy = po_path(language, project / LOCALE.name)
        copy.parent.mkdir(parents=True)
        shutil.copy(po_path(language), copy)
    monkeypatch.chdir(project)
    with override_settings(LOCALE_PATHS=[project / LOCALE.name]):
        call_command("makemessages", *MAKEMESSAGES_OPTIONS, "--symlinks", verbosity=0)
    for language in LANGUAGES:
        current = entry_keys(polib.pofile(str(po_path(language))))
        fresh = entry_keys(polib.pofile(str(po_path(language, project / LOCALE.name))))
        assert {"missing": fresh - current, "left over": current - fresh} == {
            "missing": set(),
            "left over": set(),
        }, f"run makemessages ({language})"
