"""``manage.py rebuild_search_text``: recompute the denormalised search column of every body."""

from django.core.management.base import BaseCommand

from bodies.services import rebuild_search_text


class Command(BaseCommand):
    help = (
        "Recompute every body's search_text (folded names, aliases, city and accreditation "
        "numbers) from the records themselves. The admin, the import and seed_demo keep it "
        "right; this repairs it after edits made around them (a shell, raw SQL)."
    )

    def handle(self, *args, verbosity, **options):
        changed = rebuild_search_text()
        if verbosity > 0:
            self.stdout.write(f"Rebuilt the search text of {changed} bodies.")
