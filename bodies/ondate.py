"""The ``on`` parameter: the date a reader asks verdicts for (``?on=YYYY-MM-DD``)."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accreditation.timeline import day, state_on, timeline

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class AsOf:
    """The date verdicts are given for: the one asked (when usable) or today.

    ``asked`` is the value as given; ``problem`` says why it was not used.
    """

    on: datetime.date
    today: datetime.date
    asked: str = ""
    problem: str = ""

    @property
    def is_past(self):
        return self.on < self.today

    @property
    def label(self):
        return day(self.on)

    def ignored(self):
        """The unusable ``on`` value as the API lists what it left out."""
        return {
            "param": "on",
            "value": self.asked,
            "reason": self.problem,
            "suggestion": "",
            "suggestion_label": "",
        }

    def cache_variant(self):
        """What a page for this date depends on (today is in every cache key already)."""
        if self.problem:
            return f"on!{self.asked}"
        return f"on={self.on.isoformat()}" if self.is_past else ""


def parse_on(value, today):
    """The ``AsOf`` for a ``on`` parameter value (None or "" for today)."""
    asked = (value or "").strip()[:40]
    if not asked:
        return AsOf(today, today)
    try:
        if not DATE.fullmatch(asked):
            raise ValueError
        on = datetime.date.fromisoformat(asked)
    except ValueError:
        problem = _(
            "“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2025-03-03."
        ) % {"value": asked}
        return AsOf(today, today, asked, problem)
    if on > today:
        problem = _(
            "%(date)s is in the future: CertDir can only say how things stood up to today."
        ) % {"date": day(on)}
        return AsOf(today, today, asked, problem)
    return AsOf(on, today, asked)


@dataclass(frozen=True)
class AccreditationHistory:
    """An accreditation with its timeline and (for a past date) how it stood then."""

    accreditation: object
    timeline: list
    then: object = None


def histories(body, as_of):
    """An ``AccreditationHistory`` per accreditation of ``body`` (loaded by ``bodies.loading``)."""
    return [
        AccreditationHistory(
            accreditation,
            timeline(accreditation, as_of.today),
            state_on(accreditation, as_of.on, as_of.today) if as_of.is_past else None,
        )
        for accreditation in body.accreditations.all()
    ]
