"""Plain-language verdicts: why (or whether) a body can be trusted for each standard."""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

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
    AccreditationStatus.SUSPENDED: pgettext_lazy("summary", "suspended for %(names)s"),
    AccreditationStatus.EXPIRED: pgettext_lazy("summary", "expired for %(names)s"),
    AccreditationStatus.WITHDRAWN: pgettext_lazy("summary", "withdrawn for %(names)s"),
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
    return date_format(value, "DATE_FORMAT")


def natural_key(code):
    """Sort "ISO 9001" before "ISO 14001": digit runs compare as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", code)]


def subject_names(codes, accreditation):
    """Codes as a reader sees them: "ISO/IEC 17025 (testing and calibration laboratories)"."""
    casco = accreditation.casco_standard
    return [
        _("%(code)s (%(applies_to)s)")
        % {"code": code, "applies_to": casco.get_applies_to_display().lower()}
        if code == casco.code
        else code
        for code in codes
    ]


def _and(names):
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _named(names):
    """Up to NAMED names, then "and N more"."""
    if len(names) <= NAMED:
        return _and(names)
    more = len(names) - NAMED
    return _and(
        [*names[:NAMED], ngettext("%(count)d more", "%(count)d more", more) % {"count": more}]
    )


def arrangement(verdict):
    """("IAF MLA", signatory status for the verdict's scope) or ("ILAC MRA", ...)."""
    return verdict.standing.arrangement_label, verdict.standing.status


def recognition_phrase(standing, subjects, accreditation):
    """ ", whose signature of the IAF MLA ... covers management-system certification", or
    the honest alternative for the scope of ``subjects``: "not confirmed" where no source
    confirms it, "not a signatory" only where one says so."""
    if standing.not_member:
        return _(", which is not a member of IAF or ILAC")
    activity = _(standing.activity)
    if standing.sub_scope and accreditation.casco_standard.code not in subjects:
        activity = _("%(activity)s to %(standards)s") % {
            "activity": activity,
            "standards": _and(subjects),
        }
    words = {"name": standing.arrangement_label, "activity": activity, "successor": SUCCESSOR}
    if standing.status == Signatory.YES:
        return (
            _(
                ", whose signature of the %(name)s — now continued under the %(successor)s’s "
                "arrangement — covers %(activity)s"
            )
            % words
        )
    if standing.status == Signatory.NO:
        return _(", which is not a signatory of the %(name)s for %(activity)s") % words
    return _(", whose signature of the %(name)s for %(activity)s is not confirmed") % words


def _sentence(subject, accreditation, status, ended_on, recognition, past=False):
    ab = accreditation.accreditation_body
    country = f" ({ab.country.name})" if ab.country else ""
    words = {
        "subject": subject,
        "by": f"{ab.acronym}{country}{recognition}",
        "number": accreditation.number,
    }
    if status == AccreditationStatus.ACTIVE:
        words["until"] = (
            _("valid until %(date)s") % {"date": _day(accreditation.valid_until)}
            if accreditation.valid_until
            else _("with no end date on record")
        )
        if ab.is_not_member:
            return (
                _(
                    "Accredited for %(subject)s by %(by)s: this accreditation is not recognised "
                    "internationally (%(until)s, accreditation %(number)s)."
                )
                % words
            )
        return _("Accredited for %(subject)s by %(by)s, %(until)s (accreditation %(number)s).") % (
            words
        )
    if status == AccreditationStatus.SUSPENDED:
        if past:
            sentence = _(
                "The accreditation for %(subject)s by %(by)s, was suspended (accreditation "
                "%(number)s): certificates issued while it lasts are not covered by it."
            )
        else:
            sentence = _(
                "The accreditation for %(subject)s by %(by)s, is suspended (accreditation "
                "%(number)s): certificates issued while it lasts are not covered by it."
            )
        return sentence % words
    if status == AccreditationStatus.EXPIRED:
        if ended_on:
            words["date"] = _day(ended_on)
            if past:
                sentence = _(
                    "Not accredited for %(subject)s: the accreditation by %(by)s, expired on "
                    "%(date)s (accreditation %(number)s)."
                )
            else:
                sentence = _(
                    "Not currently accredited for %(subject)s: the accreditation by %(by)s, "
                    "expired on %(date)s (accreditation %(number)s)."
                )
        elif past:
            sentence = _(
                "Not accredited for %(subject)s: the accreditation by %(by)s, expired "
                "(accreditation %(number)s)."
            )
        else:
            sentence = _(
                "Not currently accredited for %(subject)s: the accreditation by %(by)s, expired "
                "(accreditation %(number)s)."
            )
        return sentence % words
    if past:
        sentence = _(
            "Not accredited for %(subject)s: the accreditation by %(by)s, was withdrawn "
            "(accreditation %(number)s)."
        )
    else:
        sentence = _(
            "Not currently accredited for %(subject)s: the accreditation by %(by)s, was "
            "withdrawn (accreditation %(number)s)."
        )
    return sentence % words


def _on(sentence, on, unsure):
    """The sentence as things stood on a past date: "On 3 March 2025: accredited for ..."; a
    later change whose date is not on record is named, as it may already have applied."""
    text = _("On %(date)s: %(sentence)s") % {
        "date": _day(on),
        "sentence": f"{sentence[0].lower()}{sentence[1:]}",
    }
    if unsure is not None:
        by = _day(unsure.known_by)
        if unsure.kind == EventKind.GRANTED:
            text += " " + _(
                "CertDir does not know when it was granted (by %(date)s at the latest)."
            ) % {"date": by}
        else:
            text += " " + _(
                "It was %(event)s on a date not on record (by %(date)s at the latest), "
                "possibly already then."
            ) % {"event": unsure.label.lower(), "date": by}
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
    for subject, (_rank, accreditation, status, pk) in best.items():
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
    count = len(group)
    if status == AccreditationStatus.SUSPENDED:
        return ngettext(
            "the accreditation for %(names)s is suspended",
            "the accreditations for %(names)s are suspended",
            count,
        ) % {"names": names}
    if status == AccreditationStatus.EXPIRED:
        dates = {v.ended_on for v in group}
        if len(dates) == 1 and None not in dates:
            return ngettext(
                "the accreditation for %(names)s expired on %(date)s",
                "the accreditations for %(names)s expired on %(date)s",
                count,
            ) % {"names": names, "date": _day(dates.pop())}
        return ngettext(
            "the accreditation for %(names)s expired",
            "the accreditations for %(names)s expired",
            count,
        ) % {"names": names}
    return ngettext(
        "the accreditation for %(names)s was withdrawn",
        "the accreditations for %(names)s were withdrawn",
        count,
    ) % {"names": names}


def summarise(verdicts):
    """The body's standing in one line of plain English, computed from its verdicts only."""
    by_status = {status: [v for v in verdicts if v.status == status] for status in STATUS_RANK}
    if not verdicts:
        return Summary("unaccredited", pgettext("summary", "Not accredited"))
    negative = [(status, by_status[status]) for status in NEGATIVE if by_status[status]]
    active = sorted(
        (n for v in by_status[AccreditationStatus.ACTIVE] for n in v.names), key=natural_key
    )
    if not active:
        clauses = "; ".join(_group_clause(status, group) for status, group in negative)
        only_suspended = [status for status, _ in negative] == [AccreditationStatus.SUSPENDED]
        return Summary(
            "suspended" if only_suspended else "lapsed",
            _("Not currently accredited: %(clauses)s") % {"clauses": clauses},
        )
    if len(active) <= NAMED:
        held = _and(active)
    else:
        held = ngettext("%(count)d standard", "%(count)d standards", len(active)) % {
            "count": len(active)
        }
    parts = [_("Accredited for %(standards)s") % {"standards": held}]
    for status, group in negative:
        names = sorted((n for v in group for n in v.names), key=natural_key)
        parts.append(NEGATIVE[status] % {"names": _named(names)})
    return Summary("partial" if negative else "accredited", " · ".join(parts))
