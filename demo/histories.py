"""Realistic histories for demo accreditations: grants, renewals, suspensions that were
lifted, withdrawals and expiries, dated consistently with each record and with today."""

import datetime
import functools
import random

from django.utils import timezone

from accreditation.events import EventKind, EventOrigin
from accreditation.models import AccreditationStatus

# Share of active accreditations with a suspension that was lifted, and of those granted
# over four years ago that were renewed.
LIFTED = 0.15
RENEWED = 0.5


def _between(rng, start, end):
    """A day from ``start`` to ``end`` (both included)."""
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


@functools.lru_cache(maxsize=4096)
def _noon(day, zone):
    """The moment an event on ``day`` was recorded: that day, at noon."""
    # Some days recur thousands of times in a large seed; making each aware took 7% of it.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)), zone)


def demo_events(accreditation, *, seed, today):
    """The events of one demo ``accreditation`` (saved, with its pk), oldest first, as
    rows for ``accreditation.services.accreditation_event_insert``."""
    rng = random.Random(f"{seed}:{accreditation.pk}")
    granted = accreditation.granted_on or today - datetime.timedelta(days=rng.randint(400, 3000))
    steps = [(EventKind.GRANTED, granted)]
    last = today - datetime.timedelta(days=1)
    if (today - granted).days > 4 * 365 and rng.random() < RENEWED:
        steps.append((EventKind.RENEWED, granted + datetime.timedelta(days=3 * 365)))
    start = steps[-1][1] + datetime.timedelta(days=30)
    status = accreditation.status
    if start < last:
        if status == AccreditationStatus.SUSPENDED:
            steps.append(
                (
                    EventKind.SUSPENDED,
                    _between(rng, max(start, last - datetime.timedelta(days=365)), last),
                )
            )
        elif status == AccreditationStatus.WITHDRAWN:
            withdrawn = _between(rng, start, last)
            if rng.random() < 0.5 and withdrawn - datetime.timedelta(days=60) > start:
                steps.append((EventKind.SUSPENDED, withdrawn - datetime.timedelta(days=60)))
            steps.append((EventKind.WITHDRAWN, withdrawn))
        elif status == AccreditationStatus.EXPIRED:
            ends = accreditation.valid_until
            expired = (
                ends + datetime.timedelta(days=1)
                if ends and ends < today
                else _between(rng, start, last)
            )
            steps.append((EventKind.EXPIRED, max(expired, start)))
        elif rng.random() < LIFTED and (last - start).days > 200:
            suspended = _between(rng, start, last - datetime.timedelta(days=200))
            steps.append((EventKind.SUSPENDED, suspended))
            steps.append(
                (EventKind.REINSTATED, suspended + datetime.timedelta(days=rng.randint(30, 180)))
            )
    zone = timezone.get_current_timezone()
    return [
        (
            accreditation.pk,
            kind,
            day,
            accreditation.valid_until if kind == EventKind.RENEWED else None,
            EventOrigin.DEMO,
            _noon(day, zone),
        )
        for kind, day in steps
    ]
