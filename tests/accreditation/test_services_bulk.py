"""The helpers of bulk writers (the demo seed, the CSV import): scope rows, events and
statistics."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from accreditation.events import AccreditationEvent, EventDating, EventKind, EventOrigin
from accreditation.models import Accreditation, AccreditationSector, AccreditationStandard
from accreditation.services import (
    accreditation_event_insert,
    accreditation_scope_insert,
    tables_analyze,
)
from bodies.models import CertificationBody
from tests.factories import AccreditationFactory, CertificationBodyFactory, standard

pytestmark = pytest.mark.django_db


def test_scope_rows_go_in_as_pairs():
    accreditation = AccreditationFactory(standards=[], sectors=[])
    iso_9001, iso_14001 = standard("iso-9001"), standard("iso-14001")
    sector = AccreditationSector._meta.get_field("sector").related_model.objects.first()
    accreditation_scope_insert(
        standards=[(accreditation.pk, iso_9001.pk), (accreditation.pk, iso_14001.pk)],
        sectors=[(accreditation.pk, sector.pk)],
    )
    assert set(accreditation.standards.all()) == {iso_9001, iso_14001}
    assert list(accreditation.sectors.all()) == [sector]
    accreditation_scope_insert()
    assert AccreditationStandard.objects.filter(accreditation=accreditation).count() == 2


def test_events_go_in_as_rows_with_every_other_field_at_its_default():
    accreditation = AccreditationFactory()
    noon = timezone.make_aware(datetime.datetime(2024, 3, 1, 12), datetime.UTC)
    rows = [
        (
            accreditation.pk,
            EventKind.GRANTED,
            datetime.date(2021, 5, 4),
            None,
            EventOrigin.DEMO,
            noon,
        ),
        (
            accreditation.pk,
            EventKind.RENEWED,
            datetime.date(2024, 5, 4),
            datetime.date(2029, 5, 3),
            EventOrigin.DEMO,
            noon,
        ),
    ]
    accreditation_event_insert(iter(rows))
    accreditation_event_insert([])
    events = AccreditationEvent.objects.filter(accreditation=accreditation).order_by("effective_on")
    assert [
        (e.accreditation_id, e.kind, e.effective_on, e.valid_until, e.origin, e.recorded_at)
        for e in events
    ] == rows
    granted = events[0]
    assert (granted.note, granted.source_url, granted.source_file) == ("", "", "")
    assert granted.dated == EventDating.AS_GIVEN
    assert granted.standard_id is None and granted.recorded_by_id is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics are PostgreSQL's")
def test_tables_analyze_gives_the_planner_the_rows_of_the_writing_transaction():
    CertificationBodyFactory.create_batch(7)
    tables_analyze([CertificationBody, Accreditation])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN (%s, %s, %s)",
            [
                CertificationBody._meta.db_table,
                CertificationBody.history.model._meta.db_table,
                Accreditation._meta.db_table,
            ],
        )
        tuples = dict(cursor.fetchall())
    assert tuples[CertificationBody._meta.db_table] == CertificationBody.objects.count()
    history = CertificationBody.history.model
    assert tuples[history._meta.db_table] == history.objects.count()
    assert tuples[Accreditation._meta.db_table] == Accreditation.objects.count()
