"""Writes that change accreditations and record, in the same transaction, what happened."""

from django.db import transaction
from django.utils import timezone

from accreditation.events import (
    KIND_FOR_STATUS,
    SCOPE_EVENT_KINDS,
    AccreditationEvent,
    EventDating,
    EventKind,
)
from accreditation.models import Accreditation


@transaction.atomic
def accreditation_change_status(
    *, accreditations, status, effective_on, origin, source_url="", note="", user=None
):
    """Give ``status`` to those of ``accreditations`` not in it, recording the event of each;
    return those changed."""
    changed = [a for a in accreditations if a.status != status]
    Accreditation.objects.filter(pk__in=[a.pk for a in changed]).update(
        status=status, updated_at=timezone.now()
    )
    AccreditationEvent.objects.bulk_create(
        AccreditationEvent(
            accreditation=accreditation,
            kind=KIND_FOR_STATUS[status],
            effective_on=effective_on,
            source_url=source_url,
            note=note,
            origin=origin,
            recorded_by=user,
        )
        for accreditation in changed
    )
    return changed


@transaction.atomic
def save_with_events(save, edits, *, origin, user=None):
    """Call ``save()``, which writes the accreditations of ``edits``, then record their events.

    ``edits`` are ``(accreditation, before, effective_on, dated)``, ``before`` as stored
    before the save (see ``edit_events``); each edit's events get its date, and ``dated``
    (an ``EventDating``) says where that date came from.
    """
    save()
    AccreditationEvent.objects.bulk_create(
        event
        for accreditation, before, effective_on, dated in edits
        for event in edit_events(
            accreditation,
            before,
            origin=origin,
            effective_on=effective_on,
            dated=dated,
            user=user,
        )
    )


def edit_events(
    accreditation,
    before,
    *,
    origin,
    effective_on=None,
    dated=EventDating.AS_GIVEN,
    source_url="",
    user=None,
):
    """The events an edit of ``accreditation`` implies, unsaved.

    ``before`` is None for a new accreditation (its grant), else ``(status, standard pks)``
    as stored before the edit: a changed status, and each standard added to or removed
    from the scope, is an event. The edit's effective date is that of the change when
    given, else not on record; ``dated`` says where it came from when not from the curator.
    """
    common = {
        "accreditation": accreditation,
        "source_url": source_url,
        "origin": origin,
        "dated": dated,
        "recorded_by": user,
    }
    if before is None:
        return [
            AccreditationEvent(
                kind=EventKind.GRANTED,
                effective_on=accreditation.granted_on,
                valid_until=accreditation.valid_until,
                **common,
            )
        ]
    status, standards = before
    now = set(accreditation.standards.values_list("pk", flat=True))
    events = []
    if accreditation.status != status:
        kind = KIND_FOR_STATUS[accreditation.status]
        events.append(AccreditationEvent(kind=kind, effective_on=effective_on, **common))
    extended, reduced = SCOPE_EVENT_KINDS
    for kind, pks in ((extended, now - set(standards)), (reduced, set(standards) - now)):
        events += [
            AccreditationEvent(kind=kind, standard_id=pk, effective_on=effective_on, **common)
            for pk in sorted(pks)
        ]
    return events
