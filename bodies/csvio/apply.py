"""The second half of an import: write an ``ImportPlan``, and the lock that serialises imports.

``apply_plan`` writes in chunks with bulk queries, in this order: new bodies, changed
bodies, new accreditations with their scope, changed accreditations, their scope rows,
then bodies outside the file whose search_text lost a number. Bulk writes bypass
``save()`` and its signals, so every created or changed row gets its historical record
here, with the importing user and the reason, and ``search_text`` comes from the plan.
Created and changed accreditations get their events (``bodies.csvio.events``), with
the importing user and the file's name in their note.

Run it inside ``transaction.atomic`` after ``lock_imports``: a plan is only right for
the database it was made from, and a concurrent import would invalidate it (two
imports also allocate the same slug to different new bodies).
"""

from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from accreditation.changes import BULK_BODIES, log_everything
from accreditation.events import AccreditationEvent
from accreditation.models import Accreditation, AccreditationSector, AccreditationStandard
from accreditation.services import accreditation_scope_insert, tables_analyze
from bodies.csvio.events import build_event, new_events
from bodies.csvio.plan import CHUNK_SIZE, chunks, written_fields, written_values
from bodies.models import CertificationBody
from bodies.text import SlugAllocator

# The key of the PostgreSQL advisory lock that imports take ("CDIMPORT" in ASCII).
IMPORT_LOCK_KEY = 0x4344494D504F5254
# Bodies and accreditations created from which an import refreshes PostgreSQL's
# statistics of the tables it writes (``tables_analyze``), after its first chunk of each
# and when done. Until autovacuum gets to them the planner goes on estimating them as
# they were (empty, after a first import): a dry run of the same 100,000 rows right
# after took 70 s with those statistics, 36 s with fresh ones.
ANALYZE_AFTER = 10_000
WRITTEN = (
    CertificationBody,
    Accreditation,
    AccreditationStandard,
    AccreditationSector,
    AccreditationEvent,
)


class ImportBusy(Exception):
    """Another import holds the import lock; nothing was written."""

    def __init__(self, message=None):
        # Made when raised, in the language of whoever is importing.
        if message is None:
            message = gettext("Another import is running; try again when it has finished.")
        super().__init__(message)


def lock_imports():
    """Take the import lock for the current transaction, or raise ``ImportBusy`` at once.

    PostgreSQL: a transaction-level advisory lock, released at commit or rollback.
    SQLite serialises writers itself: a first (empty) write takes the database's write
    lock now, before the plan reads anything, and waits for another writer at most the
    connection's busy timeout.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock_imports() must run inside transaction.atomic().")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            if not cursor.fetchone()[0]:
                raise ImportBusy
        elif connection.vendor == "sqlite":
            try:
                cursor.execute(
                    "UPDATE accreditation_directoryversion SET version = version WHERE 0"
                )
            except OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise ImportBusy from exc
                raise


def apply_plan(plan, *, user=None, reason="", name="", advance=lambda n: None, now=None):
    """Write ``plan`` (see ``bodies.csvio.plan``); ``advance`` gets the records written.

    ``name`` is the file's, for the note of the events recorded.
    """
    _Applier(plan, user, reason, name, advance, now or timezone.now()).run()


class _Applier:
    def __init__(self, plan, user, reason, name, advance, now):
        self.plan = plan
        self.user = user
        self.reason = reason
        self.name = name
        self.advance = advance
        self.now = now
        self.created_ids = {}  # body key -> pk of the bodies this import creates

    def run(self):
        if self.plan.bodies_touched_at_most() > BULK_BODIES:
            log_everything()
        self.create_bodies()
        self.update_bodies()
        self.create_accreditations()
        self.update_accreditations()
        self.update_donors()
        self.refresh_statistics()

    def history(self, model, pks, *, update):
        record_bulk_history = import_string(settings.BULK_HISTORY_WRITER)
        record_bulk_history(
            model, pks, update=update, user=self.user, reason=self.reason, date=self.now
        )

    def record_events(self, planned):
        """Record the events ``planned``: pairs of (accreditation pk, ``events.Planned``)."""
        AccreditationEvent.objects.bulk_create(
            build_event(pk, event, name=self.name, user=self.user, now=self.now)
            for pk, event in planned
        )

    def create_bodies(self):
        if not self.plan.new_bodies:
            return
        slugs = SlugAllocator(CertificationBody.objects.values_list("slug", flat=True).iterator())
        for number, chunk in enumerate(chunks(self.plan.new_bodies, CHUNK_SIZE)):
            created = []
            for key in chunk:
                body = self.plan.new_body(key)
                body.slug = slugs.allocate(*key)
                created.append(body)
            CertificationBody.objects.bulk_create(created)
            self.created_ids.update(zip(chunk, (body.pk for body in created), strict=True))
            self.history(CertificationBody, [body.pk for body in created], update=False)
            self.advance(len(chunk))
            self.analyze_once_started(number, self.plan.new_bodies)

    def update_bodies(self):
        for chunk in chunks(self.plan.changed_bodies, CHUNK_SIZE):
            updated = [
                CertificationBody(
                    pk=pk,
                    city=city,
                    website=website,
                    aliases=aliases,
                    search_text=search_text,
                    updated_at=self.now,
                )
                for pk, city, website, aliases, search_text in chunk
            ]
            CertificationBody.objects.bulk_update(
                updated, ["city", "website", "aliases", "search_text", "updated_at"]
            )
            self.history(CertificationBody, [body.pk for body in updated], update=True)
            self.advance(len(chunk))

    def fields(self, key):
        """The accreditation columns an import writes, for the accreditation ``key``."""
        _, body_key, data = self.plan.accreditations[key]
        body_id = self.plan.body_ids.get(body_key)
        values = written_values(self.created_ids[body_key] if body_id is None else body_id, data)
        return data, dict(zip(written_fields(data), values, strict=True))

    def create_accreditations(self):
        for number, chunk in enumerate(chunks(self.plan.new_accreditations, CHUNK_SIZE)):
            created, standards, sectors = [], [], []
            for key in chunk:
                data, fields = self.fields(key)
                created.append(
                    Accreditation(
                        accreditation_body_id=data.accreditation_body_id,
                        number=data.number,
                        **fields,
                    )
                )
            Accreditation.objects.bulk_create(created)
            for accreditation, key in zip(created, chunk, strict=True):
                data = self.plan.accreditations[key][2]
                standards += [(accreditation.pk, id_) for id_ in data.standard_ids]
                sectors += [(accreditation.pk, id_) for id_ in data.sector_ids]
            accreditation_scope_insert(standards=standards, sectors=sectors)
            self.history(Accreditation, [a.pk for a in created], update=False)
            self.record_events(
                (accreditation.pk, event)
                for accreditation, key in zip(created, chunk, strict=True)
                for event in new_events(self.plan.accreditations[key][2])
            )
            self.advance(len(chunk))
            self.analyze_once_started(number, self.plan.new_accreditations)

    def update_accreditations(self):
        plan = self.plan
        for chunk in chunks(plan.changed_accreditations, CHUNK_SIZE):
            updated = [
                Accreditation(pk=pk, updated_at=self.now, **self.fields(key)[1])
                for pk, key in chunk
            ]
            # Every row of one file writes the same fields.
            fields = written_fields(plan.accreditations[chunk[0][1]][2])
            Accreditation.objects.bulk_update(updated, [*fields, "updated_at"])
        for model, removed in (
            (AccreditationStandard, plan.removed_standards),
            (AccreditationSector, plan.removed_sectors),
        ):
            for chunk in chunks(removed, CHUNK_SIZE):
                model.objects.filter(pk__in=chunk).delete()
        for chunk in chunks(plan.added_standards, CHUNK_SIZE):
            accreditation_scope_insert(standards=chunk)
        for chunk in chunks(plan.added_sectors, CHUNK_SIZE):
            accreditation_scope_insert(sectors=chunk)
        # After the scope rows: an accreditation's record copies its scope.
        for chunk in chunks(plan.changed_accreditations, CHUNK_SIZE):
            self.history(Accreditation, [pk for pk, _ in chunk], update=True)
            self.advance(len(chunk))
        for chunk in chunks(plan.events, CHUNK_SIZE):
            self.record_events(chunk)

    def update_donors(self):
        for chunk in chunks(self.plan.donors, CHUNK_SIZE):
            updated = [
                CertificationBody(pk=pk, search_text=search_text, updated_at=self.now)
                for pk, search_text in chunk
            ]
            CertificationBody.objects.bulk_update(updated, ["search_text", "updated_at"])
            self.history(CertificationBody, [body.pk for body in updated], update=True)

    @staticmethod
    def analyze_once_started(number, creating):
        """After the first chunk (``number`` 0) of ``creating`` new records, when many."""
        if number == 0 and len(creating) >= ANALYZE_AFTER:
            tables_analyze(WRITTEN)

    def refresh_statistics(self):
        created = len(self.plan.new_bodies) + len(self.plan.new_accreditations)
        if created >= ANALYZE_AFTER:
            tables_analyze(WRITTEN)
