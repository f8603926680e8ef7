"""Write demo bodies to the database, and remove them again (seed_demo, tests, benchmarks).

Bodies come from ``demo.generator`` and go in with bulk inserts, thousands at a time:
saving them one by one would take minutes at 100,000 bodies. The change log names
everything rather than each body (``accreditation.changes.log_everything``). Bulk inserts send no
signals, so each batch gets its creation records in the history here, as an import's
rows do; without one, the first admin edit of a demo body could not be reverted.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accreditation.changes import log_everything
from accreditation.events import AccreditationEvent
from accreditation.models import Accreditation, AccreditationSector, AccreditationStandard
from accreditation.services import (
    accreditation_event_insert,
    accreditation_scope_insert,
    tables_analyze,
)
from bodies.models import CertificationBody
from demo.generator import DemoGenerator
from demo.histories import demo_events

BATCH_SIZE = 2000
# The tables written, whose statistics are refreshed after the first batch.
SEEDED = (
    CertificationBody,
    Accreditation,
    AccreditationStandard,
    AccreditationSector,
    AccreditationEvent,
)
HISTORY_REASON = "seed_demo"


@dataclass
class SeedReport:
    """How many bodies and accreditations a run created."""

    bodies: int = 0
    accreditations: int = 0


def create_demo_bodies(count, *, seed, today=None, progress=None):
    """Create ``count`` demo bodies with their accreditations, in one transaction."""
    today = today or timezone.localdate()
    report = SeedReport()
    now = timezone.now()
    with transaction.atomic():
        log_everything()
        generator = DemoGenerator.from_database(seed=seed, today=today)
        done = 0
        while done < count:
            size = min(BATCH_SIZE, count - done)
            _write([generator.body() for _ in range(size)], report, now, seed, today)
            if not done:
                tables_analyze(SEEDED)
            done += size
            if progress:
                progress(size)
    return report


def _write(batch, report, now, seed, today):
    """Insert a batch of demo bodies, their accreditations, the scope rows, their events
    (realistic histories, ``demo.histories``) and the history of the records."""
    CertificationBody.objects.bulk_create([item.body for item in batch])
    accreditations = []
    for item in batch:
        for demo in item.accreditations:
            demo.accreditation.body_id = item.body.pk
            accreditations.append(demo)
    Accreditation.objects.bulk_create([demo.accreditation for demo in accreditations])
    standards, sectors = [], []
    for demo in accreditations:
        pk = demo.accreditation.pk
        standards += [(pk, standard) for standard in demo.standard_ids]
        sectors += [(pk, sector) for sector in demo.sector_ids]
    accreditation_scope_insert(standards=standards, sectors=sectors)
    accreditation_event_insert(
        row
        for demo in accreditations
        for row in demo_events(demo.accreditation, seed=seed, today=today)
    )
    # After the scope rows: an accreditation's record copies them.
    record_bulk_history = import_string(settings.BULK_HISTORY_WRITER)
    for model, rows in (
        (CertificationBody, [item.body for item in batch]),
        (Accreditation, [demo.accreditation for demo in accreditations]),
    ):
        record_bulk_history(
            model, [row.pk for row in rows], update=False, reason=HISTORY_REASON, date=now
        )
    report.bodies += len(batch)
    report.accreditations += len(accreditations)


def remove_demo_bodies():
    """Delete every demo body and, with it, its accreditations; return both counts."""
    with transaction.atomic():
        _, deleted = CertificationBody.objects.demo().delete()
    return (
        deleted.get(CertificationBody._meta.label, 0),
        deleted.get(Accreditation._meta.label, 0),
    )
