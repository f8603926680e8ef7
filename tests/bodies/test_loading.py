"""bodies.loading reads what prefetching would, and its readers then cost no query."""

import datetime

import pytest

from accreditation.events import EventKind
from accreditation.lookup import ReferenceRows
from bodies.loading import bodies_load_histories
from bodies.models import CertificationBody
from tests.factories import (
    AccreditationEventFactory,
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db


def as_read(body):
    """What a page reads of a body's accreditations, scope and events."""
    return [
        (
            accreditation.pk,
            accreditation.body.pk,
            accreditation.accreditation_body.acronym,
            accreditation.casco_standard.code,
            [standard.code for standard in accreditation.standards.all()],
            [sector.code for sector in accreditation.sectors.all()],
            [
                (
                    event.pk,
                    event.kind,
                    event.standard and event.standard.code,
                    event.accreditation.pk,
                )
                for event in accreditation.events.all()
            ],
        )
        for accreditation in body.accreditations.all()
    ]


def test_the_same_rows_in_the_same_order_as_the_database_and_no_query_to_read_them(
    django_assert_num_queries,
):
    body, other, bare = CertificationBodyFactory.create_batch(3)
    first = AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body("ukas"),
        standards=[standard("iso-iec-27001"), standard("iso-9001"), standard("iso-14001")],
        sectors=[28, 3, 17],
    )
    AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body("dakks"),
        casco_standard=standard("iso-iec-17065"),
        standards=[],
    )
    day = datetime.date(2024, 5, 1)
    AccreditationEventFactory(accreditation=first, effective_on=day)
    AccreditationEventFactory(
        accreditation=first,
        kind=EventKind.SCOPE_EXTENDED,
        effective_on=day - datetime.timedelta(days=30),
        standard=standard("iso-14001"),
    )
    AccreditationFactory(body=other, sectors=[1])
    reference = ReferenceRows.load()
    loaded = list(CertificationBody.objects.filter(pk__in=[body.pk, other.pk, bare.pk]))
    # The accreditations, their scope and their events.
    with django_assert_num_queries(3):
        bodies_load_histories(loaded, reference)
    with django_assert_num_queries(0):
        read = {each.pk: as_read(each) for each in loaded}
    fresh = {each.pk: as_read(CertificationBody.objects.get(pk=each.pk)) for each in loaded}
    assert read == fresh
    assert [row[2] for row in read[body.pk]] == ["DAkkS", "UKAS"]
    assert read[body.pk][1][4] == ["ISO 14001", "ISO 9001", "ISO/IEC 27001"]
    assert read[body.pk][1][5] == [3, 17, 28]
    assert [event[1] for event in read[body.pk][1][6]] == ["scope_extended", "granted"]
    assert read[bare.pk] == []


def test_bodies_without_accreditations_cost_one_query(django_assert_num_queries):
    bare, reference = CertificationBodyFactory(), ReferenceRows.load()
    with django_assert_num_queries(1):
        bodies_load_histories([bare], reference)
    with django_assert_num_queries(0):
        assert list(bare.accreditations.all()) == []


def fields(instance):
    """Every stored value of ``instance``, as read."""
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_every_value_is_read_as_the_orm_reads_it():
    # The raw querysets apply the same conversions: aware datetimes and dates on SQLite too.
    accreditation = AccreditationFactory(standards=[standard("iso-9001")], sectors=[3])
    AccreditationEventFactory(accreditation=accreditation, effective_on=datetime.date(2024, 5, 1))
    body = CertificationBody.objects.get(pk=accreditation.body_id)
    bodies_load_histories([body], ReferenceRows.load())
    (loaded,) = body.accreditations.all()
    assert fields(loaded) == fields(type(loaded).objects.get(pk=loaded.pk))
    (event,) = loaded.events.all()
    assert fields(event) == fields(type(event).objects.get(pk=event.pk))
    assert event.recorded_at.tzinfo is not None
