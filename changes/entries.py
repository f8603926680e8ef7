"""Changes in plain words: recorded accreditation events and bodies new to CertDir.

Feeds and the ``/changes/`` page list the same ``Change`` values, newest recorded
first. Events backfilled from older records are not news and are left out
(``AccreditationEvent.objects.for_feed``).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accreditation.events import AccreditationEvent, EventKind
from accreditation.timeline import day
from bodies.models import CertificationBody

# Changes one feed or page lists.
LIMIT = 50

VERBS = {
    EventKind.GRANTED: _("%(ab)s accredited %(body)s"),
    EventKind.RENEWED: _("%(ab)s renewed the accreditation of %(body)s"),
    EventKind.SUSPENDED: _("%(ab)s suspended the accreditation of %(body)s"),
    EventKind.REINSTATED: _("%(ab)s lifted the suspension of %(body)s"),
    EventKind.WITHDRAWN: _("%(ab)s withdrew the accreditation of %(body)s"),
    EventKind.EXPIRED: _("The accreditation of %(body)s by %(ab)s expired"),
    EventKind.SCOPE_EXTENDED: _("%(ab)s added %(standard)s to the accreditation of %(body)s"),
    EventKind.SCOPE_REDUCED: _("%(ab)s removed %(standard)s from the accreditation of %(body)s"),
}


@dataclass(frozen=True)
class Change:
    """One change: what happened (``title``, ``text``), where to read more, and when it
    was recorded (``at``)."""

    guid: str
    title: str
    text: str
    link: str
    at: datetime.datetime
    effective_on: datetime.date | None = None
    source_url: str = ""


def event_change(event):
    accreditation = event.accreditation
    body = accreditation.body
    ab = accreditation.accreditation_body.acronym
    standard = event.standard.code if event.standard_id else ""
    title = VERBS[event.kind] % {"ab": ab, "body": body.name, "standard": standard}
    if event.effective_on:
        when = gettext("with effect from %(date)s") % {"date": day(event.effective_on)}
    else:
        when = gettext("on a date not on record")
    text = gettext("%(title)s (accreditation %(number)s), %(when)s.") % {
        "title": title,
        "number": accreditation.number,
        "when": when,
    }
    if event.valid_until and event.kind in (EventKind.GRANTED, EventKind.RENEWED):
        text += " " + gettext("Valid until %(date)s.") % {"date": day(event.valid_until)}
    if explanation := event.explanation:
        text += f" {explanation}"
    return Change(
        guid=f"event-{event.pk}",
        title=title,
        text=text,
        link=body.get_absolute_url(),
        at=event.recorded_at,
        effective_on=event.effective_on,
        source_url=event.source_url,
    )


def body_change(body):
    place = f"{body.city}, {body.country.name}" if body.city else body.country.name
    title = gettext("New in CertDir: %(name)s") % {"name": body.name}
    return Change(
        guid=f"body-{body.pk}",
        title=title,
        text=gettext("%(name)s (%(place)s) was added to CertDir.")
        % {"name": body.name, "place": place},
        link=body.get_absolute_url(),
        at=body.created_at,
    )


def changes(events, bodies=None, limit=LIMIT):
    """The latest ``limit`` changes: the events matching ``events`` (a ``Q``) and the
    creation of the bodies matching ``bodies`` (a ``Q``, or None), newest recorded first."""
    found = [event_change(e) for e in AccreditationEvent.objects.for_feed().filter(events)[:limit]]
    if bodies is not None:
        new = CertificationBody.objects.filter(bodies).order_by("-created_at", "-pk")[:limit]
        found += [body_change(body) for body in new]
    return sorted(found, key=lambda c: c.at, reverse=True)[:limit]
