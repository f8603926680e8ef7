"""``manage.py import_bodies FILE [--dry-run]``: load bodies and accreditations from CSV."""

import sys
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext
from tqdm import tqdm

from bodies.csvio.format import COLUMNS
from bodies.csvio.importer import MAX_ERRORS, ImportBusy, import_bodies_csv
from bodies.text import grouped


class Command(BaseCommand):
    help = (
        "Import bodies and accreditations from a UTF-8 CSV file with the columns "
        f"{','.join(COLUMNS)}. The whole file is checked first; any problem is reported "
        f"with its line and column (the first {MAX_ERRORS}, then a count) and nothing is written. "
        "Only one import runs at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )

    def handle(self, *args, file, dry_run, verbosity, **options):
        progress = None
        if verbosity > 0 and sys.stderr.isatty():
            progress = partial(tqdm, file=sys.stderr, leave=False)
        try:
            handle = open(file, "rb")  # noqa: SIM115 - closed by the with block below
        except OSError as exc:
            raise CommandError(
                gettext("Cannot open %(file)s: %(error)s.") % {"file": file, "error": exc.strerror}
            ) from exc
        try:
            with handle:
                report = import_bodies_csv(file=handle, dry_run=dry_run, progress=progress)
        except ImportBusy as exc:
            raise CommandError(
                gettext("%(problem)s Nothing was imported.") % {"problem": exc}
            ) from exc
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            if report.more_errors:
                self.stderr.write(
                    gettext("%(more)s, not listed.") % {"more": report.more_errors_text()}
                )
            raise CommandError(
                ngettext(
                    "%(count)s problem in %(file)s; nothing was imported.",
                    "%(count)s problems in %(file)s; nothing was imported.",
                    report.error_count,
                )
                % {"count": grouped(report.error_count), "file": file}
            )
        if verbosity > 0:
            self.stdout.write(report.summary())
