"""Plain-language verdicts: why (or whether) a body can be trusted for each standard."""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format

from accreditation.events import EventKind
from accreditation.models import AccreditationStatus, Signatory
from accreditation.recognition import SUCCESSOR, Recognitions
from accreditation.timeline import state_on

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
    standard itself when the accreditation lists none; they share the accreditation
    body's ``standing`` for them (``accreditation.recognition.Standing``). ``ended_on``
    is the date an expired accreditation ended, when it is on record.
    """

    subjects: tuple
    status: str
    accreditation: object
    sentence: str
    ended_on: object = None
    standing: object = None

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


def arrangement(verdict):
    """("IAF MLA", signatory status for the verdict's scope) or ("ILAC MRA", ...)."""
    return verdict.standing.arrangement_label, verdict.standing.status


def recognition_phrase(standing, subjects, accreditation):
    """ ", whose signature of the IAF MLA ... covers management-system certification", or
    the honest alternative for the scope of ``subjects``: "not confirmed" where no source
    confirms it, "not a signatory" only where one says so."""
    if standing.not_member:
        return ", which is not a member of IAF or ILAC"
    activity = standing.activity
    if standing.sub_scope and accreditation.casco_standard.code not in subjects:
        activity = f"{activity} to {_and(subjects)}"
    name = standing.arrangement_label
    if standing.status == Signatory.YES:
        return (
            f", whose signature of the {name} — now continued under the {SUCCESSOR}\u2019s "
            f"arrangement — covers {activity}"
        )
    if standing.status == Signatory.NO:
        return f", which is not a signatory of the {name} for {activity}"
    return f", whose signature of the {name} for {activity} is not confirmed"


def _sentence(subject, accreditation, status, ended_on, recognition, past=False):
    ab = accreditation.accreditation_body
    country = f" ({ab.country.name})" if ab.country else ""
    by = f"{ab.acronym}{country}{recognition}"
    number = accreditation.number
    if status == AccreditationStatus.ACTIVE:
        until = (
            f"valid until {_day(accreditation.valid_until)}"
            if accreditation.valid_until
            else "with no end date on record"
        )
        if ab.is_not_member:
            return (
                f"Accredited for {subject} by {by}: this accreditation is not recognised "
                f"internationally ({until}, accreditation {number})."
            )
        return f"Accredited for {subject} by {by}, {until} (accreditation {number})."
    if status == AccreditationStatus.SUSPENDED:
        return (
            f"The accreditation for {subject} by {by}, {'was' if past else 'is'} suspended "
            f"(accreditation {number}): "
            "certificates issued while it lasts are not covered by it."
        )
    if status == AccreditationStatus.EXPIRED:
        ended = f" on {_day(ended_on)}" if ended_on else ""
        return (
            f"Not {'accredited' if past else 'currently accredited'} for {subject}: the "
            f"accreditation by {by}, expired{ended} (accreditation {number})."
        )
    return (
        f"Not {'accredited' if past else 'currently accredited'} for {subject}: the "
        f"accreditation by {by}, was withdrawn (accreditation {number})."
    )


def _on(sentence, on, unsure):
    """The sentence as things stood on a past date: "On 3 March 2025: accredited for ..."; a
    later change whose date is not on record is named, as it may already have applied."""
    text = f"On {_day(on)}: {sentence[0].lower()}{sentence[1:]}"
    if unsure is not None:
        by = _day(unsure.known_by)
        if unsure.kind == EventKind.GRANTED:
            text += f" CertDir does not know when it was granted (by {by} at the latest)."
        else:
            text += (
                f" It was {unsure.label.lower()} on a date not on record (by {by} at the "
                "latest), possibly already then."
            )
    return text


def verdicts_for(body, today=None, recognitions=None):
    """One verdict per accreditation and recognition standing that is the strongest for
    some standard on the body.

    Each certifiable standard in scope (or CASCO standard, for an accreditation that
    lists none) is spoken for once, by its strongest accreditation: active before
    suspended, expired and withdrawn; among equals the one valid the longest. The
    standards one accreditation speaks for share its sentence, split where the
    accreditation body's signature covers some of them and not others. ``recognitions``
    (``accreditation.recognition.Recognitions``) are loaded for the body's accreditation
    bodies when not given (two queries).

    ``today`` may be a past date: statuses and scopes are then as they stood on it
    (``accreditation.timeline.state_on``, from the accreditations' prefetched events), and
    each sentence says the date.
    """
    today = today or timezone.localdate()
    past = today < timezone.localdate()
    accreditations = list(body.accreditations.all())
    if recognitions is None:
        recognitions = Recognitions.load({a.accreditation_body for a in accreditations})
    best = {}
    unsure = {}
    for accreditation in accreditations:
        state = state_on(accreditation, today)
        if state.status is None:
            continue  # not granted yet on that date
        status, unsure[accreditation.pk] = state.status, state.unsure
        subjects = state.standards or {accreditation.casco_standard.code: None}
        rank = (STATUS_RANK[status], -(accreditation.valid_until or today).toordinal())
        for subject, pk in subjects.items():
            if subject not in best or rank < best[subject][0]:
                best[subject] = (rank, accreditation, status, pk)
    spoken = {}
    for subject, (_, accreditation, status, pk) in best.items():
        standing = recognitions.standing(
            accreditation.accreditation_body_id, accreditation.casco_standard, pk
        )
        key = (accreditation.pk, standing)
        spoken.setdefault(key, (accreditation, status, standing, []))[3].append(subject)
    verdicts = []
    for accreditation, status, standing, subjects in spoken.values():
        subjects = tuple(sorted(subjects, key=natural_key))
        ended_on = None
        if status == AccreditationStatus.EXPIRED and accreditation.valid_until:
            # Expired by date, or recorded as expired before a valid-until still to come.
            ended_on = accreditation.valid_until if accreditation.valid_until < today else None
        names = _and(subject_names(subjects, accreditation))
        recognition = recognition_phrase(standing, subjects, accreditation)
        sentence = _sentence(names, accreditation, status, ended_on, recognition, past)
        if past:
            sentence = _on(sentence, today, unsure[accreditation.pk])
        verdicts.append(Verdict(subjects, status, accreditation, sentence, ended_on, standing))
    return sorted(verdicts, key=lambda v: (STATUS_RANK[v.status], natural_key(v.names[0])))


def verdicts_by_standard(body, today=None, recognitions=None):
    """{standard code: the verdict that speaks for it}."""
    verdicts = verdicts_for(body, today, recognitions)
    return {code: verdict for verdict in verdicts for code in verdict.subjects}


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
