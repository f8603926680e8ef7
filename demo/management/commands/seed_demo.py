"""``manage.py seed_demo --bodies N [--seed S]``: fill the directory with fictional bodies."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from bodies.models import CertificationBody
from demo.seed import create_demo_bodies, remove_demo_bodies

DEFAULT_SEED = 1


class Command(BaseCommand):
    help = (
        "Create N fictional but realistic conformity assessment bodies, with accreditations "
        "from the accreditation bodies in the database, all marked as demo records; or, "
        "with --remove, delete every demo record. The same N and seed give the same data."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--bodies", type=int, metavar="N", help="How many bodies to create.")
        action.add_argument(
            "--remove",
            action="store_true",
            help="Delete every demo body and its accreditations, then exit.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed; the same seed gives the same data (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the directory has any body already.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, bodies, remove, seed, if_empty, no_progress, verbosity, **options):
        if remove:
            removed, accreditations = remove_demo_bodies()
            if verbosity > 0:
                self.stdout.write(
                    f"Removed {removed} demo bodies and {accreditations} accreditations."
                )
            return
        if bodies < 0:
            raise CommandError("--bodies must be 0 or more.")
        if if_empty and CertificationBody.objects.exists():
            if verbosity > 0:
                self.stdout.write("The directory has bodies already; no demo data added.")
            return
        started = time.monotonic()
        with tqdm(
            total=bodies,
            unit=" bodies",
            file=sys.stderr,
            leave=False,
            disable=no_progress or verbosity == 0 or not sys.stderr.isatty(),
        ) as bar:
            report = create_demo_bodies(bodies, seed=seed, progress=bar.update)
        if verbosity > 0:
            self.stdout.write(
                f"Created {report.bodies} demo bodies and {report.accreditations} "
                f"accreditations in {time.monotonic() - started:.1f} s."
            )
