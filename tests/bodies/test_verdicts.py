import datetime
import itertools

import pytest
from django.utils import timezone

from accreditation.models import Accreditation, Standard
from bodies.models import CertificationBody
from bodies.verdicts import Verdict, summarise, verdicts_by_standard, verdicts_for
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SIGNED = (
    "whose signature of the IAF MLA — now continued under the Global Accreditation "
    "Cooperation\u2019s arrangement — covers management-system certification"
)


def loaded(body):
    return CertificationBody.objects.for_detail().get(pk=body.pk)


def sentences(body):
    return [(v.subjects, v.status, v.sentence) for v in verdicts_for(loaded(body), TODAY)]


def standards(*slugs):
    return [standard(slug) for slug in slugs]


def test_active_accreditation_names_the_ab_and_its_arrangement():
    body = CertificationBodyFactory()
    AccreditationFactory(
        body=body, number="D-ZM-1", valid_until=datetime.date(2030, 3, 3), granted_on=None
    )
    assert sentences(body) == [
        (
            ("ISO 9001",),
            "active",
            f"Accredited for ISO 9001 by DAkkS (Germany), {SIGNED}, "
            "valid until 3 March 2030 (accreditation D-ZM-1).",
        )
    ]


def test_unconfirmed_signatory_is_said_so_never_no():
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, accreditation_body=accreditation_body("ema"), valid_until=None)
    [(_, _, sentence)] = sentences(body)
    assert (
        "whose signature of the IAF MLA for management-system certification is not confirmed"
        in sentence
    )
    assert "with no end date on record" in sentence


def test_laboratory_is_judged_by_the_ilac_mra():
    body = CertificationBodyFactory()
    AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body("ukas"),
        casco_standard=standard("iso-iec-17025"),
        standards=[],
    )
    [verdict] = verdicts_for(loaded(body), TODAY)
    assert verdict.subjects == ("ISO/IEC 17025",)
    assert verdict.names == ["ISO/IEC 17025 (testing and calibration laboratories)"]
    assert verdict.sentence.startswith(
        "Accredited for ISO/IEC 17025 (testing and calibration laboratories) by UKAS"
    )
    assert (
        "whose signature of the ILAC MRA — now continued under the Global Accreditation "
        "Cooperation\u2019s arrangement — covers testing and calibration" in verdict.sentence
    )


def test_the_strongest_accreditation_speaks_for_a_standard():
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, status="withdrawn")
    AccreditationFactory(body=body, accreditation_body=accreditation_body("ukas"))
    [(subjects, status, sentence)] = sentences(body)
    assert (subjects, status) == (("ISO 9001",), "active")
    assert "by UKAS" in sentence


@pytest.mark.parametrize(
    ("status", "valid_until", "expected"),
    [
        ("suspended", None, f"{SIGNED}, is suspended"),
        ("withdrawn", None, f"{SIGNED}, was withdrawn"),
        ("active", TODAY - datetime.timedelta(days=1), f"{SIGNED}, expired on"),
    ],
)
def test_not_current_accreditations_say_why(status, valid_until, expected):
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, status=status, valid_until=valid_until, granted_on=None)
    [(_, effective, sentence)] = sentences(body)
    assert expected in sentence
    assert effective == ("expired" if valid_until else status)


class TestOneSentencePerAccreditation:
    @pytest.fixture(autouse=True)
    def asked_on_1_june_2026(self, monkeypatch):
        """These sentences are for 1 June 2026 asked on that day, not about it afterwards."""
        real = timezone.localdate

        def localdate(value=None, timezone=None):
            return real(value, timezone) if value else datetime.date(2026, 6, 1)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    def test_the_standards_of_one_accreditation_share_its_sentence(self):
        body = CertificationBodyFactory()
        AccreditationFactory(
            body=body,
            accreditation_body=accreditation_body("pca"),
            number="AC 123",
            standards=standards("iso-45001", "iso-14001", "iso-9001"),
            valid_until=datetime.date(2027, 6, 1),
            granted_on=None,
        )
        [verdict] = verdicts_for(loaded(body), datetime.date(2026, 6, 1))
        # In the order people count them: 9001 before 14001, whatever the codes sort to.
        assert verdict.subjects == ("ISO 9001", "ISO 14001", "ISO 45001")
        assert verdict.status == "active"
        assert verdict.sentence == (
            "Accredited for ISO 9001, ISO 14001 and ISO 45001 by PCA (Poland), "
            f"{SIGNED}, valid until 1 June 2027 (accreditation AC 123)."
        )

    @pytest.mark.parametrize(
        ("status", "valid_until", "expected"),
        [
            (
                "suspended",
                None,
                "The accreditation for ISO 9001 and ISO 14001 by DAkkS (Germany), "
                f"{SIGNED}, is suspended (accreditation D-ZM-7): certificates issued "
                "while it lasts are not covered by it.",
            ),
            (
                "active",
                datetime.date(2026, 5, 3),
                "Not currently accredited for ISO 9001 and ISO 14001: the accreditation by "
                f"DAkkS (Germany), {SIGNED}, expired on 3 May 2026 "
                "(accreditation D-ZM-7).",
            ),
            (
                # Recorded as expired before its valid-until date: no date to give.
                "expired",
                datetime.date(2027, 1, 1),
                "Not currently accredited for ISO 9001 and ISO 14001: the accreditation by "
                f"DAkkS (Germany), {SIGNED}, expired (accreditation D-ZM-7).",
            ),
            (
                "withdrawn",
                None,
                "Not currently accredited for ISO 9001 and ISO 14001: the accreditation by "
                f"DAkkS (Germany), {SIGNED}, was withdrawn "
                "(accreditation D-ZM-7).",
            ),
        ],
    )
    def test_not_current_accreditations_say_why_once_for_all_their_standards(
        self, status, valid_until, expected
    ):
        body = CertificationBodyFactory()
        AccreditationFactory(
            body=body,
            number="D-ZM-7",
            status=status,
            standards=standards("iso-14001", "iso-9001"),
            valid_until=valid_until,
            granted_on=None,
        )
        [verdict] = verdicts_for(loaded(body), datetime.date(2026, 6, 1))
        assert verdict.subjects == ("ISO 9001", "ISO 14001")
        assert verdict.sentence == expected

    def test_each_standard_is_spoken_for_once_by_its_strongest_accreditation(self):
        body = CertificationBodyFactory()
        dakks = AccreditationFactory(
            body=body, standards=standards("iso-9001", "iso-14001"), status="suspended"
        )
        ukas = AccreditationFactory(
            body=body,
            accreditation_body=accreditation_body("ukas"),
            standards=standards("iso-9001", "iso-45001"),
        )
        verdicts = verdicts_for(loaded(body), TODAY)
        assert [(v.accreditation.pk, v.status, v.subjects) for v in verdicts] == [
            (ukas.pk, "active", ("ISO 9001", "ISO 45001")),
            (dakks.pk, "suspended", ("ISO 14001",)),
        ]
        assert verdicts[1].sentence.startswith("The accreditation for ISO 14001 by DAkkS")
        assert "ISO 9001" not in verdicts[1].sentence

    def test_among_equals_the_one_valid_the_longest_speaks(self):
        body = CertificationBodyFactory()
        shorter = AccreditationFactory(
            body=body,
            standards=standards("iso-9001", "iso-14001"),
            valid_until=TODAY + datetime.timedelta(days=30),
        )
        longer = AccreditationFactory(
            body=body,
            accreditation_body=accreditation_body("ukas"),
            standards=standards("iso-9001"),
            valid_until=TODAY + datetime.timedelta(days=900),
        )
        by_standard = verdicts_by_standard(loaded(body), TODAY)
        assert by_standard["ISO 9001"].accreditation.pk == longer.pk
        assert by_standard["ISO 14001"].accreditation.pk == shorter.pk

    def test_verdicts_by_standard_maps_every_code_to_the_verdict_naming_it(self):
        body = CertificationBodyFactory()
        AccreditationFactory(body=body, standards=standards("iso-9001", "iso-14001"))
        AccreditationFactory(
            body=body,
            accreditation_body=accreditation_body("ukas"),
            casco_standard=standard("iso-iec-17025"),
            standards=[],
            status="withdrawn",
        )
        body = loaded(body)
        verdicts = verdicts_for(body, TODAY)
        by_standard = verdicts_by_standard(body, TODAY)
        assert set(by_standard) == {"ISO 9001", "ISO 14001", "ISO/IEC 17025"}
        assert by_standard["ISO 9001"] is not None
        assert by_standard["ISO 9001"] == by_standard["ISO 14001"] == verdicts[0]
        assert by_standard["ISO/IEC 17025"] == verdicts[1]
        assert verdicts[1].status == "withdrawn"

    def test_verdicts_go_from_the_strongest_status_to_the_weakest(self):
        body = CertificationBodyFactory()
        for slug, status in [
            ("iso-9001", "withdrawn"),
            ("iso-14001", "expired"),
            ("iso-45001", "suspended"),
            ("iso-50001", "active"),
        ]:
            AccreditationFactory(body=body, standards=standards(slug), status=status)
        assert [v.status for v in verdicts_for(loaded(body), TODAY)] == [
            "active",
            "suspended",
            "expired",
            "withdrawn",
        ]


# The summary: a pure function of verdicts, so these build verdicts without the database.
CB = Standard(code="ISO/IEC 17021-1", applies_to=Standard.AppliesTo.MANAGEMENT_SYSTEM_CB)
LAB = Standard(code="ISO/IEC 17025", applies_to=Standard.AppliesTo.LABORATORY)
MAY_3 = datetime.date(2026, 5, 3)


def verdict(status, *codes, ended_on=None, casco=CB):
    return Verdict(
        tuple(codes), status, Accreditation(casco_standard=casco), "(sentence)", ended_on
    )


@pytest.mark.parametrize(
    ("verdicts", "tone", "text"),
    [
        ([], "unaccredited", "Not accredited"),
        # Every verdict active.
        ([verdict("active", "ISO 9001")], "accredited", "Accredited for ISO 9001"),
        (
            [verdict("active", "ISO 9001", "ISO 14001")],
            "accredited",
            "Accredited for ISO 9001 and ISO 14001",
        ),
        (
            [verdict("active", "ISO 45001"), verdict("active", "ISO 9001", "ISO 14001")],
            "accredited",
            "Accredited for ISO 9001, ISO 14001 and ISO 45001",
        ),
        (
            [verdict("active", "ISO 9001", "ISO 14001", "ISO 45001", "ISO 22000")],
            "accredited",
            "Accredited for 4 standards",
        ),
        (
            [verdict("active", "ISO/IEC 17025", casco=LAB)],
            "accredited",
            "Accredited for ISO/IEC 17025 (testing and calibration laboratories)",
        ),
        # Some active, some not: the negative statuses by standard.
        (
            [verdict("active", "ISO 14001"), verdict("suspended", "ISO 9001")],
            "partial",
            "Accredited for ISO 14001 · suspended for ISO 9001",
        ),
        (
            [
                verdict("active", "ISO 14001", "ISO 45001", "ISO 22000", "ISO 50001"),
                verdict("active", "ISO/IEC 27001"),
                verdict("suspended", "ISO 9001"),
            ],
            "partial",
            "Accredited for 5 standards · suspended for ISO 9001",
        ),
        (
            [
                verdict("withdrawn", "ISO 50001"),
                verdict("expired", "ISO 45001", ended_on=MAY_3),
                verdict("active", "ISO 14001"),
                verdict("suspended", "ISO 9001"),
            ],
            "partial",
            "Accredited for ISO 14001 · suspended for ISO 9001 · expired for ISO 45001 · "
            "withdrawn for ISO 50001",
        ),
        (
            [
                verdict("active", "ISO 9001"),
                verdict("expired", "ISO 14001", "ISO 45001"),
                verdict("expired", "ISO 22000", "ISO 50001", "ISO 13485"),
            ],
            "partial",
            "Accredited for ISO 9001 · expired for ISO 13485, ISO 14001, ISO 22000 and 2 more",
        ),
        (
            [verdict("active", "ISO 9001"), verdict("withdrawn", "ISO 14001", "ISO 45001")],
            "partial",
            "Accredited for ISO 9001 · withdrawn for ISO 14001 and ISO 45001",
        ),
        # None active: why, status by status.
        (
            [verdict("expired", "ISO 9001", ended_on=MAY_3)],
            "lapsed",
            "Not currently accredited: the accreditation for ISO 9001 expired on 3 May 2026",
        ),
        (
            [verdict("expired", "ISO 9001")],
            "lapsed",
            "Not currently accredited: the accreditation for ISO 9001 expired",
        ),
        (
            [
                verdict("expired", "ISO 9001", ended_on=MAY_3),
                verdict("expired", "ISO 14001", ended_on=MAY_3),
            ],
            "lapsed",
            "Not currently accredited: the accreditations for ISO 9001 and ISO 14001 "
            "expired on 3 May 2026",
        ),
        (
            [
                verdict("expired", "ISO 9001", ended_on=MAY_3),
                verdict("expired", "ISO 14001", ended_on=datetime.date(2025, 1, 1)),
            ],
            "lapsed",
            "Not currently accredited: the accreditations for ISO 9001 and ISO 14001 expired",
        ),
        (
            [verdict("suspended", "ISO 9001", "ISO 14001")],
            "suspended",
            "Not currently accredited: the accreditation for ISO 9001 and ISO 14001 is suspended",
        ),
        (
            [verdict("suspended", "ISO 9001"), verdict("suspended", "ISO 14001")],
            "suspended",
            "Not currently accredited: the accreditations for ISO 9001 and ISO 14001 are suspended",
        ),
        (
            [verdict("withdrawn", "ISO 9001")],
            "lapsed",
            "Not currently accredited: the accreditation for ISO 9001 was withdrawn",
        ),
        (
            [verdict("withdrawn", "ISO 9001"), verdict("withdrawn", "ISO 14001")],
            "lapsed",
            "Not currently accredited: the accreditations for ISO 9001 and ISO 14001 "
            "were withdrawn",
        ),
        (
            [
                verdict("withdrawn", "ISO 45001"),
                verdict("expired", "ISO 14001", ended_on=MAY_3),
                verdict("suspended", "ISO 9001"),
            ],
            "lapsed",
            "Not currently accredited: the accreditation for ISO 9001 is suspended; "
            "the accreditation for ISO 14001 expired on 3 May 2026; "
            "the accreditation for ISO 45001 was withdrawn",
        ),
        (
            [verdict("expired", "ISO 9001", "ISO 14001", "ISO 45001", "ISO 22000", "ISO 50001")],
            "lapsed",
            "Not currently accredited: the accreditation for ISO 9001, ISO 14001, ISO 22000 "
            "and 2 more expired",
        ),
    ],
)
def test_summary_says_each_combination_in_plain_english(verdicts, tone, text):
    summary = summarise(verdicts)
    assert (summary.tone, summary.text) == (tone, text)
    assert str(summary) == text


STATUSES = ["active", "suspended", "expired", "withdrawn"]
CODES = dict(zip(STATUSES, ["ISO 9001", "ISO 14001", "ISO 45001", "ISO 50001"], strict=True))


@pytest.mark.parametrize(
    "present",
    [c for n in range(len(STATUSES) + 1) for c in itertools.combinations(STATUSES, n)],
    ids=lambda present: "+".join(present) or "none",
)
def test_summary_never_contradicts_the_verdicts(present):
    """Every combination of statuses: the summary names each standard with its own status."""
    text = summarise([verdict(status, CODES[status]) for status in present]).text
    if "active" in present:
        assert text.startswith(f"Accredited for {CODES['active']}")
    else:
        assert not text.startswith("Accredited")
        assert text.startswith("Not currently accredited: " if present else "Not accredited")
    said = {
        "suspended": "the accreditation for ISO 14001 is suspended",
        "expired": "the accreditation for ISO 45001 expired",
        "withdrawn": "the accreditation for ISO 50001 was withdrawn",
    }
    for status in STATUSES[1:]:
        if status not in present:
            assert status not in text
            assert CODES[status] not in text
        elif "active" in present:
            assert f" · {status} for {CODES[status]}" in text
        else:
            assert said[status] in text


def test_summary_of_the_contradiction_case_from_the_database():
    """ISO 9001 suspended and only ISO 14001 active: never a bare "Accredited"."""
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, standards=standards("iso-9001"), status="suspended")
    AccreditationFactory(
        body=body, accreditation_body=accreditation_body("ukas"), standards=standards("iso-14001")
    )
    summary = summarise(verdicts_for(loaded(body), TODAY))
    assert summary.text == "Accredited for ISO 14001 · suspended for ISO 9001"
    assert summary.tone == "partial"
