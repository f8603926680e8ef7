"""``manage.py export_bodies [FILE]``: write the whole directory as CSV (import_bodies format)."""

from django.core.management.base import BaseCommand, CommandError

from bodies.csvio.exporter import write_bodies_csv
from bodies.models import CertificationBody


class Command(BaseCommand):
    help = (
        "Export every body and accreditation as CSV in the format import_bodies reads, "
        "to FILE or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default="-", help="Output path; standard output if omitted or -."
        )

    def handle(self, *args, file, **options):
        bodies = CertificationBody.objects.all()
        if file == "-":
            write_bodies_csv(self.stdout, bodies)
            return
        try:
            out = open(file, "w", encoding="utf-8", newline="")  # noqa: SIM115 - with below
        except OSError as exc:
            raise CommandError(f"Cannot write {file}: {exc.strerror}.") from exc
        with out:
            write_bodies_csv(out, bodies)
