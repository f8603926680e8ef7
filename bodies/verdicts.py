"""Plain-language verdicts: why (or whether) a body can be trusted for each standard."""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from accreditation.models import AccreditationStatus, Signatory, arrangement_for

STATUS_RANK = {
    AccreditationStatus.ACTIVE: 0,
    AccreditationStatus.SUSPENDED: 1,
    AccreditationStatus.EXPIRED: 2,
    AccreditationStatus.WITHDRAWN: 3,
}
# How the summary says each status that is not "active", after "Accredited for ... ·".
NEGATIVE = {
    AccreditationStatus.SUSPENDED: "suspended",
    AccreditationStatus.EXPIRED: "expired",
    AccreditationStatus.WITHDRAWN: "withdrawn",
}
# The summary names at most this many standards in a row, then says "and N more".
NAMED = 3


@dataclass(frozen=True)
class Verdict:
    """What one accreditation says about the standards it is the strongest for.

    ``subjects`` are standard codes: the certifiable standards in scope, or the CASCO
    standard itself when the accreditation lists none. ``ended_on`` is the date an
    expired accreditation ended, when it is on record.
    """

    subjects: tuple
    status: str
    accreditation: object
    sentence: str
    ended_on: object = None

    @property
    def names(self):
        """The subjects as a reader sees them: a CASCO standard says what kind of body it covers."""
        return subject_names(self.subjects, self.accreditation)


@dataclass(frozen=True)
class Summary:
    """A body's standing in one line, and its tone (a CSS modifier, never the only signal)."""

    tone: str
    text: str

    def __str__(self):
        return self.text


def _day(value):
    return date_format(value, "j F Y")


def natural_key(code):
    """Sort "ISO 9001" before "ISO 14001": digit runs compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", code)]


def subject_names(codes, accreditation):
    """Codes as a reader sees them: "ISO/IEC 17025 (testing and calibration laboratories)"."""
    casco = accreditation.casco_standard
    return [
        f"{code} ({casco.get_applies_to_display().lower()})" if code == casco.code else code
        for code in codes
    ]


def _and(names):
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _named(names):
    """Up to NAMED names, then "and N more"."""
    if len(names) <= NAMED:
        return _and(names)
    return _and([*names[:NAMED], f"{len(names) - NAMED} more"])


def arrangement(accreditation):
    """("IAF MLA", signatory status) or ("ILAC MRA", ...) for this accreditation's kind."""
    covering = arrangement_for(accreditation.casco_standard.applies_to)
    return covering.label, accreditation.accreditation_body.signatory_status(covering)


def signatory_phrase(accreditation):
    """ ", a signatory of the IAF MLA" or the honest alternative."""
    name, status = arrangement(accreditation)
    if status == Signatory.YES:
        return f", a signatory of the {name}"
    if status == Signatory.NO:
        return f", which is not a signatory of the {name}"
    return f", whose {name} signatory status is not confirmed"


def _sentence(subject, accreditation, status, ended_on):
    ab = accreditation.accreditation_body
    by = f"{ab.acronym} ({ab.country.name}){signatory_phrase(accreditation)}"
    number = accreditation.number
    if status == AccreditationStatus.ACTIVE:
        until = (
            f"valid until {_day(accreditation.valid_until)}"
            if accreditation.valid_until
            else "with no end date on record"
        )
        return f"Accredited for {subject} by {by}, {until} (accreditation {number})."
    if status == AccreditationStatus.SUSPENDED:
        return (
            f"The accreditation for {subject} by {by}, is suspended (accreditation {number}): "
            "certificates issued while it lasts are not covered by it."
        )
    if status == AccreditationStatus.EXPIRED:
        ended = f" on {_day(ended_on)}" if ended_on else ""
        return (
            f"Not currently accredited for {subject}: the accreditation by {by}, "
            f"expired{ended} (accreditation {number})."
        )
    return (
        f"Not currently accredited for {subject}: the accreditation by {by}, "
        f"was withdrawn (accreditation {number})."
    )


def verdicts_for(body, today=None):
    """One verdict per accreditation that is the strongest for some standard on the body.

    Each certifiable standard in scope (or CASCO standard, for an accreditation that
    lists none) is spoken for once, by its strongest accreditation: active before
    suspended, expired and withdrawn; among equals the one valid the longest. The
    standards one accreditation speaks for share its sentence.
    """
    today = today or timezone.localdate()
    best = {}
    for accreditation in body.accreditations.all():
        status = accreditation.effective_status_on(today)
        subjects = [s.code for s in accreditation.standards.all()] or [
            accreditation.casco_standard.code
        ]
        rank = (STATUS_RANK[status], -(accreditation.valid_until or today).toordinal())
        for subject in subjects:
            if subject not in best or rank < best[subject][0]:
                best[subject] = (rank, accreditation, status)
    spoken = {}
    for subject, (_, accreditation, status) in best.items():
        spoken.setdefault(accreditation.pk, (accreditation, status, []))[2].append(subject)
    verdicts = []
    for accreditation, status, subjects in spoken.values():
        subjects = tuple(sorted(subjects, key=natural_key))
        ended_on = None
        if status == AccreditationStatus.EXPIRED and accreditation.valid_until:
            # Expired by date, or recorded as expired before a valid-until still to come.
            ended_on = accreditation.valid_until if accreditation.valid_until < today else None
        names = _and(subject_names(subjects, accreditation))
        sentence = _sentence(names, accreditation, status, ended_on)
        verdicts.append(Verdict(subjects, status, accreditation, sentence, ended_on))
    return sorted(verdicts, key=lambda v: (STATUS_RANK[v.status], natural_key(v.names[0])))


def verdicts_by_standard(body, today=None):
    """{standard code: the verdict that speaks for it}."""
    return {code: verdict for verdict in verdicts_for(body, today) for code in verdict.subjects}


def _group_clause(status, group):
    """ "the accreditation for ISO 9001 is suspended", for the no-active summary."""
    names = _named(sorted((n for v in group for n in v.names), key=natural_key))
    several = len(group) > 1
    noun = "accreditations" if several else "accreditation"
    if status == AccreditationStatus.SUSPENDED:
        return f"the {noun} for {names} {'are' if several else 'is'} suspended"
    if status == AccreditationStatus.EXPIRED:
        dates = {v.ended_on for v in group}
        ended = f" on {_day(dates.pop())}" if len(dates) == 1 and None not in dates else ""
        return f"the {noun} for {names} expired{ended}"
    return f"the {noun} for {names} {'were' if several else 'was'} withdrawn"


def summarise(verdicts):
    """The body's standing in one line of plain English, computed from its verdicts only."""
    by_status = {status: [v for v in verdicts if v.status == status] for status in STATUS_RANK}
    if not verdicts:
        return Summary("unaccredited", "Not accredited")
    negative = [(status, by_status[status]) for status in NEGATIVE if by_status[status]]
    active = sorted(
        (n for v in by_status[AccreditationStatus.ACTIVE] for n in v.names), key=natural_key
    )
    if not active:
        clauses = "; ".join(_group_clause(status, group) for status, group in negative)
        only_suspended = [status for status, _ in negative] == [AccreditationStatus.SUSPENDED]
        return Summary(
            "suspended" if only_suspended else "lapsed", f"Not currently accredited: {clauses}"
        )
    held = _and(active) if len(active) <= NAMED else f"{len(active)} standards"
    parts = [f"Accredited for {held}"]
    for status, group in negative:
        names = sorted((n for v in group for n in v.names), key=natural_key)
        parts.append(f"{NEGATIVE[status]} for {_named(names)}")
    return Summary("partial" if negative else "accredited", " · ".join(parts))
