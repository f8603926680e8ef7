"""Where a complaint about a body goes, in the order it should go there.

The body first (every accredited body must run a complaints process: ISO/IEC 17021-1
clause 9.8, 17065 clause 7.13), then the accreditation body that accredited it (which
oversees that process and can suspend or withdraw the accreditation), and ISO only for
misuse of an ISO standard or of ISO's name and logo (ISO certifies nobody).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accreditation.models import AccreditationStatus

ISO_NAME = gettext_noop("ISO (International Organization for Standardization)")
ISO_URL = "https://www.iso.org/contact-iso.html"


@dataclass(frozen=True)
class Contact:
    """One place to complain: who, a link (or an email address) and what the link is."""

    name: str
    url: str = ""
    link_text: str = ""


def body_contact(body):
    """The body's own complaints page, else its email, else its website, else nothing."""
    if body.complaints_url:
        return Contact(body.name, body.complaints_url, _("its complaints page"))
    if body.email:
        return Contact(body.name, f"mailto:{body.email}", body.email)
    if body.website:
        return Contact(body.name, body.website, _("its website"))
    return Contact(body.name)


def accreditation_body_contacts(body, today):
    """The accreditation bodies of the body's (prefetched) accreditations, those whose
    accreditation is active first: their complaints pages, else their websites."""
    accreditations = sorted(
        body.accreditations.all(),
        key=lambda a: a.effective_status_on(today) != AccreditationStatus.ACTIVE,
    )
    contacts, seen = [], set()
    for accreditation in accreditations:
        ab = accreditation.accreditation_body
        if ab.pk in seen:
            continue
        seen.add(ab.pk)
        if ab.complaints_url:
            contacts.append(
                Contact(f"{ab.name} ({ab.acronym})", ab.complaints_url, _("complaints"))
            )
        elif ab.website:
            contacts.append(Contact(f"{ab.name} ({ab.acronym})", ab.website, _("website")))
        else:
            contacts.append(Contact(f"{ab.name} ({ab.acronym})"))
    return contacts


@dataclass(frozen=True)
class Complaints:
    body: Contact
    accreditation_bodies: list
    iso: Contact


def complaints_for(body, today):
    """Where complaints about ``body`` (with its accreditations prefetched) go, in order."""
    return Complaints(
        body_contact(body),
        accreditation_body_contacts(body, today),
        Contact(_(ISO_NAME), ISO_URL, _("contact ISO")),
    )
