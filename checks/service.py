"""The bulk check: one verdict per row, from the body's verdicts on the row's date.

The verdict vocabulary is a public contract (the API publishes it): ``VERDICTS``.
A body that is not found is "not found in CertDir's records", never "not accredited".
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accreditation.lookup import ReferenceRows
from accreditation.models import AccreditationStatus, Signatory
from accreditation.recognition import Recognitions
from accreditation.timeline import day
from bodies.loading import bodies_load_histories
from bodies.models import CertificationBody
from bodies.verdicts import arrangement, verdicts_by_standard
from checks.matching import match_rows

ACCREDITED = "accredited"
NOT_ACCREDITED_FOR_STANDARD = "not_accredited_for_standard"
NOT_FOUND = "not_found"
AMBIGUOUS = "ambiguous"
VERDICTS = (
    ACCREDITED,
    AccreditationStatus.SUSPENDED.value,
    AccreditationStatus.WITHDRAWN.value,
    AccreditationStatus.EXPIRED.value,
    NOT_ACCREDITED_FOR_STANDARD,
    NOT_FOUND,
    AMBIGUOUS,
)
FOR_STATUS = {
    AccreditationStatus.ACTIVE: ACCREDITED,
    AccreditationStatus.SUSPENDED: AccreditationStatus.SUSPENDED.value,
    AccreditationStatus.WITHDRAWN: AccreditationStatus.WITHDRAWN.value,
    AccreditationStatus.EXPIRED: AccreditationStatus.EXPIRED.value,
}
RECOGNISED = {Signatory.YES: True, Signatory.NO: False}
# How the page shows each verdict: the vocabulary itself in English (it is the CSV's and
# the API's), in words of their own in the other languages.
VERDICT_LABELS = {
    ACCREDITED: pgettext_lazy("bulk-check verdict", "accredited"),
    "suspended": pgettext_lazy("bulk-check verdict", "suspended"),
    "withdrawn": pgettext_lazy("bulk-check verdict", "withdrawn"),
    "expired": pgettext_lazy("bulk-check verdict", "expired"),
    NOT_ACCREDITED_FOR_STANDARD: pgettext_lazy("bulk-check verdict", "not_accredited_for_standard"),
    NOT_FOUND: pgettext_lazy("bulk-check verdict", "not_found"),
    AMBIGUOUS: pgettext_lazy("bulk-check verdict", "ambiguous"),
}


def body_ref(body):
    return {
        "name": body.name,
        "slug": body.slug,
        "country": body.country.code,
        "url": body.get_absolute_url(),
    }


def check_rows(rows):
    """One result (a dict) per ``CheckRow``, in order."""
    matches = match_rows(rows)
    wanted = {pk for match in matches.values() for pk in match.body_ids}
    bodies = CertificationBody.objects.in_bulk(wanted)
    bodies_load_histories(bodies.values(), ReferenceRows.load())
    recognitions = Recognitions.load(
        {a.accreditation_body for body in bodies.values() for a in body.accreditations.all()}
    )
    verdicts = {}
    results = []
    for row in rows:
        match = matches[(row.body, row.country)]
        found = sorted(
            (bodies[pk] for pk in match.body_ids if pk in bodies),
            key=lambda body: (body.name, body.country.code),
        )
        result = {
            "line": row.line,
            "input": row.given,
            "date": row.on.isoformat(),
            "verdict": NOT_FOUND,
            "match": match.how if len(found) == 1 else "",
            "body": None,
            "candidates": [],
            "accreditation_body": None,
            "accreditation_number": "",
            "arrangement": None,
            "recognised": None,
            "sentence": "",
        }
        if not found:
            if row.country:
                sentence = _(
                    "Not found in CertDir's records: “%(body)s” in %(country)s. This does not "
                    "mean it is not accredited: check the accreditation body's own register."
                )
            else:
                sentence = _(
                    "Not found in CertDir's records: “%(body)s”. This does not mean it is not "
                    "accredited: check the accreditation body's own register."
                )
            result["sentence"] = sentence % {"body": row.body, "country": row.country}
        elif len(found) > 1:
            names = [f"{body.name} ({body.country.code})" for body in found]
            result.update(
                verdict=AMBIGUOUS,
                candidates=[body_ref(body) for body in found],
                sentence=_(
                    "“%(body)s” could be any of these bodies in CertDir's records: %(names)s. "
                    "Add the country or the accreditation number."
                )
                % {"body": row.body, "names": "; ".join(names)},
            )
        else:
            body = found[0]
            key = (body.pk, row.on)
            if key not in verdicts:
                verdicts[key] = verdicts_by_standard(body, row.on, recognitions)
            result.update(_verdict(body, row, verdicts[key].get(row.standard.code)))
        results.append(result)
    return results


def _verdict(body, row, verdict):
    """The result fields for ``body``, matched, and its verdict for the row's standard."""
    fields = {"body": body_ref(body)}
    on = day(row.on)
    name = f"{body.name} ({body.country.code})"
    if verdict is None:
        fields.update(
            verdict=NOT_ACCREDITED_FOR_STANDARD,
            sentence=_(
                "On %(date)s, %(name)s held no accreditation for %(standard)s in CertDir's records."
            )
            % {"date": on, "name": name, "standard": row.standard.code},
        )
        return fields
    accreditation = verdict.accreditation
    arrangement_name, signatory = arrangement(verdict)
    fields.update(
        verdict=FOR_STATUS[verdict.status],
        accreditation_body={
            "acronym": accreditation.accreditation_body.acronym,
            "name": accreditation.accreditation_body.name,
            "slug": accreditation.accreditation_body.slug,
        },
        accreditation_number=accreditation.number,
        arrangement=arrangement_name,
        recognised=RECOGNISED.get(signatory),
        sentence=f"{name}: {verdict.sentence}",
    )
    return fields
