"""seed_demo's histories: each demo accreditation's events agree with its record."""

import datetime

import pytest
from django.utils import timezone

from accreditation.events import AccreditationEvent, EventKind, EventOrigin
from accreditation.models import Accreditation
from accreditation.timeline import replay, timeline
from demo.seed import create_demo_bodies

pytestmark = pytest.mark.django_db


def test_histories_agree_with_the_records_and_have_every_kind_of_story():
    today = timezone.localdate()
    create_demo_bodies(300, seed=7, today=today)
    accreditations = Accreditation.objects.prefetch_related("standards", "events__standard")
    tomorrow = today + datetime.timedelta(days=1)
    for accreditation in accreditations:
        entries = timeline(accreditation, tomorrow)
        assert all(not e.derived or e.kind == EventKind.EXPIRED for e in entries), entries
        assert all(e.effective_on and e.effective_on < today for e in entries if not e.derived)
        current = {s.code: s.pk for s in accreditation.standards.all()}
        state = replay(entries, accreditation, today, current)
        assert state.status == accreditation.effective_status_on(today), entries
    events = AccreditationEvent.objects.all()
    assert set(events.values_list("origin", flat=True)) == {EventOrigin.DEMO}
    kinds = set(events.values_list("kind", flat=True))
    assert {
        EventKind.GRANTED,
        EventKind.RENEWED,
        EventKind.SUSPENDED,
        EventKind.REINSTATED,
    } <= kinds
    assert EventKind.WITHDRAWN in kinds
