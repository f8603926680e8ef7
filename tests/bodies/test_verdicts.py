import datetime

import pytest
from django.utils import timezone

from bodies.models import CertificationBody
from bodies.verdicts import verdicts_for
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def sentences(body):
    body = CertificationBody.objects.for_detail().get(pk=body.pk)
    return [(v.subject, v.status, v.sentence) for v in verdicts_for(body, TODAY)]


def test_active_accreditation_names_the_ab_and_its_arrangement():
    body = CertificationBodyFactory()
    AccreditationFactory(
        body=body, number="D-ZM-1", valid_until=datetime.date(2030, 3, 3), granted_on=None
    )
    assert sentences(body) == [
        (
            "ISO 9001",
            "active",
            "Accredited for ISO 9001 by DAkkS (Germany), a signatory of the IAF MLA, "
            "valid until 3 March 2030 (accreditation D-ZM-1).",
        )
    ]


def test_unconfirmed_signatory_is_said_so_never_no():
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, accreditation_body=accreditation_body("cnas"), valid_until=None)
    [(_, _, sentence)] = sentences(body)
    assert "whose IAF MLA signatory status is not confirmed" in sentence
    assert "with no end date on record" in sentence


def test_laboratory_is_judged_by_the_ilac_mra():
    body = CertificationBodyFactory()
    AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body("ukas"),
        casco_standard=standard("iso-iec-17025"),
        standards=[],
    )
    [(subject, _, sentence)] = sentences(body)
    assert subject == "ISO/IEC 17025 (testing and calibration laboratories)"
    assert "a signatory of the ILAC MRA" in sentence


def test_the_strongest_accreditation_speaks_for_a_standard():
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, status="withdrawn")
    AccreditationFactory(body=body, accreditation_body=accreditation_body("ukas"))
    [(subject, status, sentence)] = sentences(body)
    assert (subject, status) == ("ISO 9001", "active")
    assert "by UKAS" in sentence


@pytest.mark.parametrize(
    ("status", "valid_until", "expected"),
    [
        ("suspended", None, "a signatory of the IAF MLA, is suspended"),
        ("withdrawn", None, "a signatory of the IAF MLA, was withdrawn"),
        ("active", TODAY - datetime.timedelta(days=1), "a signatory of the IAF MLA, expired on"),
    ],
)
def test_not_current_accreditations_say_why(status, valid_until, expected):
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, status=status, valid_until=valid_until, granted_on=None)
    [(_, effective, sentence)] = sentences(body)
    assert expected in sentence
    assert effective == ("expired" if valid_until else status)
