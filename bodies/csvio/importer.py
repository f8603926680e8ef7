"""The CSV import: check a whole file, then write all of it or nothing (format in ``format``).

``import_bodies_csv`` reads the file once, checking every row and keeping only compact
per-row data (``_read``), and writes nothing if any row has a problem. For a valid file
it then, in one transaction, takes the import lock (``apply.lock_imports``: one import
at a time, a second one fails at once with ``ImportBusy``), compares the file with the
database (``plan.plan_import``) and writes the differences (``apply.apply_plan``). A
dry run only makes the plan. Existing bodies and accreditations are matched by natural
key (name and country; accreditation body and number); rows that did not change keep
their ``updated_at``; the import never deletes a body or an accreditation.

Every body and accreditation the import creates or changes gets a historical record
(django-simple-history), with the importing user and "import: FILE" as the reason, and
every accreditation it creates or changes the events of what happened to it (granted,
suspended, scope reduced ...: ``bodies.csvio.events``), noting the file.

A report lists at most ``MAX_ERRORS`` problems and counts the others. Its messages and
summary are in the language active when they are made (the curator's, in the admin).

``progress`` is a tqdm-like factory (``tqdm`` itself will do): it is called with
``total``, ``desc``, ``unit`` and ``unit_scale`` for each stage and must return an
object with ``update(n)`` and ``close()``.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext, ngettext, npgettext

from bodies.csvio.apply import ImportBusy, apply_plan, lock_imports
from bodies.csvio.format import FileFormatError, RowError, read_records
from bodies.csvio.plan import chunks, plan_import
from bodies.csvio.rows import RowParser
from bodies.text import grouped

__all__ = ["ImportBusy", "ImportReport", "chunks", "import_bodies_csv"]

# Bytes read between two progress bar updates, so the bar costs nothing per line.
PROGRESS_STEP = 1 << 16
# Problems listed in a report; the others are only counted.
MAX_ERRORS = 200


# The counts of a summary, by kind of record and dry run or not: each translated on its
# own, with the kind as context, so that a language can make it agree with the count and
# the noun (créés, créées). Literal calls, for makemessages to find.
COUNT_TEXTS = {
    ("bodies", False): (
        lambda n: npgettext("bodies", "%(count)s created", "%(count)s created", n),
        lambda n: npgettext("bodies", "%(count)s updated", "%(count)s updated", n),
        lambda n: npgettext("bodies", "%(count)s unchanged", "%(count)s unchanged", n),
    ),
    ("bodies", True): (
        lambda n: npgettext("bodies", "%(count)s to create", "%(count)s to create", n),
        lambda n: npgettext("bodies", "%(count)s to update", "%(count)s to update", n),
        lambda n: npgettext("bodies", "%(count)s unchanged", "%(count)s unchanged", n),
    ),
    ("accreditations", False): (
        lambda n: npgettext("accreditations", "%(count)s created", "%(count)s created", n),
        lambda n: npgettext("accreditations", "%(count)s updated", "%(count)s updated", n),
        lambda n: npgettext("accreditations", "%(count)s unchanged", "%(count)s unchanged", n),
    ),
    ("accreditations", True): (
        lambda n: npgettext("accreditations", "%(count)s to create", "%(count)s to create", n),
        lambda n: npgettext("accreditations", "%(count)s to update", "%(count)s to update", n),
        lambda n: npgettext("accreditations", "%(count)s unchanged", "%(count)s unchanged", n),
    ),
}


@dataclass
class ImportReport:
    """What an import found and did or, in a dry run, would do."""

    dry_run: bool = False
    rows: int = 0
    # The first MAX_ERRORS problems, in file order; more_errors counts the others.
    errors: list[RowError] = field(default_factory=list)
    more_errors: int = 0
    bodies_created: int = 0
    bodies_updated: int = 0
    bodies_unchanged: int = 0
    accreditations_created: int = 0
    accreditations_updated: int = 0
    accreditations_unchanged: int = 0
    # Set when the file's columns were found separated by something other than commas.
    delimiter_note: str = ""
    # Events of changes the file gives no date for, dated the day of the import.
    events_dated_today: int = 0

    @property
    def ok(self):
        return not self.errors

    @property
    def error_count(self):
        return len(self.errors) + self.more_errors

    def add_error(self, error):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        else:
            self.more_errors += 1

    def more_errors_text(self):
        """The problems not listed, as text ("and 12,345 more problems"), or "" if none."""
        if not self.more_errors:
            return ""
        return ngettext(
            "and %(count)s more problem", "and %(count)s more problems", self.more_errors
        ) % {"count": grouped(self.more_errors)}

    def _counts(self, kind, created, updated, unchanged):
        """ "1 created", "2 updated", "3 unchanged" (or "to create" ... in a dry run)."""
        texts = COUNT_TEXTS[kind, self.dry_run]
        keys, counts = ("created", "updated", "unchanged"), (created, updated, unchanged)
        return {
            key: text(count) % {"count": grouped(count)}
            for key, text, count in zip(keys, texts, counts, strict=True)
        }

    def summary(self):
        """The counts in one sentence per kind of record."""
        if self.dry_run:
            head = ngettext(
                "Dry run, nothing written: %(count)s valid row.",
                "Dry run, nothing written: %(count)s valid rows.",
                self.rows,
            )
        else:
            head = ngettext("Imported %(count)s row.", "Imported %(count)s rows.", self.rows)
        sentences = [head % {"count": grouped(self.rows)}]
        if self.delimiter_note:
            sentences.append(self.delimiter_note)
        bodies = self._counts(
            "bodies", self.bodies_created, self.bodies_updated, self.bodies_unchanged
        )
        sentences.append(gettext("Bodies: %(created)s, %(updated)s, %(unchanged)s.") % bodies)
        accreditations = self._counts(
            "accreditations",
            self.accreditations_created,
            self.accreditations_updated,
            self.accreditations_unchanged,
        )
        sentences.append(
            gettext("Accreditations: %(created)s, %(updated)s, %(unchanged)s.") % accreditations
        )
        if self.events_dated_today:
            sentences.append(
                ngettext(
                    "%(count)s change of status, scope or validity has no date in the file "
                    "(status_since) and is dated the day of the import.",
                    "%(count)s changes of status, scope or validity have no date in the file "
                    "(status_since) and are dated the day of the import.",
                    self.events_dated_today,
                )
                % {"count": grouped(self.events_dated_today)}
            )
        return " ".join(sentences)


class _NoProgress:
    def update(self, n=1):
        pass

    def close(self):
        pass


def _file_size(file):
    size = getattr(file, "size", None)  # Django's File and UploadedFile
    if size is None:
        try:
            size = os.fstat(file.fileno()).st_size
        except (AttributeError, OSError, ValueError):
            return None
    return size


class _BodyData:
    """A body as the file describes it, and the keys of its accreditations in the file."""

    __slots__ = ("aliases", "city", "line", "numbers", "website")

    def __init__(self, line, city, website, aliases):
        self.line = line
        self.city = city
        self.website = website
        self.aliases = aliases
        self.numbers = []


def _read(file, parser, report, progress):
    """Check every row; return the bodies and accreditations of the file by natural key."""
    bodies = {}
    accreditations = {}
    add_error = report.add_error
    bar = progress(total=_file_size(file), desc="Checking", unit="B", unit_scale=True)
    pending = 0

    def advance(size):
        nonlocal pending
        pending += size
        if pending >= PROGRESS_STEP:
            bar.update(pending)
            pending = 0

    try:

        def delimiter_found(delimiter):
            report.delimiter_note = gettext(
                "The columns were separated by “%(delimiter)s”, as some spreadsheet programs "
                "save CSV files; they were read that way."
            ) % {"delimiter": delimiter}

        for line, cells in read_records(file, advance, delimiter_found, parser.use_columns):
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            row, problems = parser.parse(cells)
            for column, message in problems:
                add_error(RowError(line, column, message))
            if row is None:
                continue
            key = body = None
            if row.name is not None and row.country is not None:
                key = (row.name, row.country)
                body = bodies.get(key)
                if body is None:
                    body = bodies[key] = _BodyData(line, row.city, row.website, row.aliases)
                else:
                    for column in ("city", "website", "aliases"):
                        first, this = getattr(body, column), getattr(row, column)
                        if first is not None and this is not None and first != this:
                            add_error(
                                RowError(
                                    line,
                                    column,
                                    gettext(
                                        "differs from line %(line)s, which has the same "
                                        "name and country (one body)"
                                    )
                                    % {"line": body.line},
                                )
                            )
            if row.accreditation_key is not None:
                first = accreditations.get(row.accreditation_key)
                if first is not None:
                    ab_id, number = row.accreditation_key
                    add_error(
                        RowError(
                            line,
                            "accreditation_number",
                            gettext("duplicate: %(number)s is already on line %(line)s")
                            % {"number": f"{parser.acronyms[ab_id]} {number}", "line": first[0]},
                        )
                    )
                else:
                    accreditations[row.accreditation_key] = (line, key, row.accreditation)
                    if body is not None:
                        body.numbers.append(row.accreditation_key)
    except FileFormatError as exc:
        add_error(exc.error)
    finally:
        bar.update(pending)
        bar.close()
    return bodies, accreditations


def import_bodies_csv(
    *, file, dry_run=False, progress=None, user=None, reason=None, name=None
) -> ImportReport:
    """Check a bodies CSV file, then write all of it in one transaction, or nothing on error.

    ``user`` and ``reason`` (by default "import: " and the file's name) go into the
    historical record of every body and accreditation the import writes; ``user`` and
    ``name`` (by default the file's) into the events it records.
    """
    if name is None:
        path = getattr(file, "name", None)
        name = Path(path).name if isinstance(path, str) else ""
    if reason is None:
        reason = f"import: {name}" if name else "import"
    report = ImportReport(dry_run=dry_run)
    progress = progress or (lambda **kwargs: _NoProgress())
    parser = RowParser()
    bodies, accreditations = _read(file, parser, report, progress)
    if report.errors:
        return report
    bar = progress(
        total=len(bodies) + len(accreditations),
        desc="Comparing" if dry_run else "Writing",
        unit="records",
        unit_scale=False,
    )
    try:
        with transaction.atomic():
            if not dry_run:
                lock_imports()
            plan = plan_import(
                bodies=bodies,
                accreditations=accreditations,
                acronyms=parser.acronyms,
                advance=bar.update,
                changed=dry_run,
            )
            if not dry_run:
                apply_plan(plan, user=user, reason=reason, name=name, advance=bar.update)
    finally:
        bar.close()
    plan.count(report)
    return report
