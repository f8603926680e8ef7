"""Plain-language verdicts: why (or whether) a body can be trusted for each standard."""

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


@dataclass(frozen=True)
class Verdict:
    subject: str
    status: str
    sentence: str


def _day(value):
    return date_format(value, "j F Y")


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


def _sentence(subject, accreditation, status):
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
        ended = (
            f" on {_day(accreditation.valid_until)}"
            if accreditation.valid_until and accreditation.valid_until < timezone.localdate()
            else ""
        )
        return (
            f"Not currently accredited for {subject}: the accreditation by {by}, "
            f"expired{ended} (accreditation {number})."
        )
    return (
        f"Not currently accredited for {subject}: the accreditation by {by}, "
        f"was withdrawn (accreditation {number})."
    )


def verdicts_for(body, today=None):
    """One verdict per certifiable standard in scope, or per CASCO standard without one.

    For each subject the strongest accreditation speaks: active before suspended,
    expired and withdrawn; among equals the one valid the longest.
    """
    today = today or timezone.localdate()
    best = {}
    for accreditation in body.accreditations.all():
        status = accreditation.effective_status_on(today)
        subjects = [s.code for s in accreditation.standards.all()] or [
            f"{accreditation.casco_standard.code} "
            f"({accreditation.casco_standard.get_applies_to_display().lower()})"
        ]
        rank = (STATUS_RANK[status], -(accreditation.valid_until or today).toordinal())
        for subject in subjects:
            if subject not in best or rank < best[subject][0]:
                best[subject] = (rank, accreditation, status)
    return [
        Verdict(subject, status, _sentence(subject, accreditation, status))
        for subject, (_, accreditation, status) in sorted(
            best.items(), key=lambda item: (item[1][0][0], item[0])
        )
    ]
