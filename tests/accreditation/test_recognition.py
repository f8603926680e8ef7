"""Recognition by scope: the reference data, the rule, and the verdicts that speak it."""

import csv
import random

import pytest
from django.utils import timezone

from accreditation.models import AccreditationBody, Membership, Recognition, Signatory, Standard
from accreditation.recognition import Recognitions, split_sources
from accreditation.reference import DATA_DIR
from bodies.models import CertificationBody
from bodies.verdicts import verdicts_for
from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

pytestmark = pytest.mark.django_db

# Verdicts for today: a past date would read the accreditations' events too.
TODAY = timezone.localdate()
SUCCESSOR = "now continued under the Global Accreditation Cooperation\u2019s arrangement"


def verdicts(body):
    return verdicts_for(CertificationBody.objects.for_detail().get(pk=body.pk), TODAY)


def one_verdict(ab, casco, standards=()):
    body = CertificationBodyFactory()
    AccreditationFactory(
        body=body,
        accreditation_body=accreditation_body(ab),
        casco_standard=standard(casco),
        standards=[standard(s) for s in standards],
    )
    return verdicts(body)


class TestReferenceData:
    def test_confirmed_statuses_are_loaded(self):
        cnas = accreditation_body("cnas")
        assert (cnas.iaf_mla, cnas.ilac_mra) == (Signatory.YES, Signatory.YES)
        assert accreditation_body("nabl").iaf_mla == Signatory.NO
        assert accreditation_body("ema").iaf_mla == Signatory.UNKNOWN

    def test_every_claim_has_a_record_with_its_source(self):
        rows = list(csv.DictReader((DATA_DIR / "recognition_sources.csv").open()))
        assert Recognition.objects.filter(casco_standard=None).count() == len(rows)
        ukas = Recognition.objects.get(
            accreditation_body__acronym="UKAS", arrangement="iaf_mla", casco_standard=None
        )
        assert split_sources(ukas.source) == [("https://www.ukas.com/eu-exit-status/faqs/", True)]
        assert "signatory to the mutual recognition arrangements" in ukas.quote

    def test_itemised_scopes_and_sub_scopes(self):
        sanas = Recognition.objects.filter(accreditation_body__acronym="SANAS")
        assert sanas.get(casco_standard__code="ISO/IEC 17024").status == Signatory.NO
        jab = Recognition.objects.get(
            accreditation_body__acronym="JAB", casco_standard__code="ISO/IEC 17021-1"
        )
        assert [s.code for s in jab.standards.all()] == ["ISO 9001"]

    def test_unrecognised_bodies_are_not_members_with_their_source(self):
        abac = accreditation_body("abac")
        assert abac.membership == Membership.NOT_MEMBER
        assert abac.country == "US"
        assert "does not recognize the International Accreditation Forum" in abac.membership_quote
        # The sources give no country for these two: none is invented.
        assert {
            ab.country.code for ab in AccreditationBody.objects.filter(slug__in=["usas", "ascab"])
        } == {""}

    def test_signatories_are_members(self):
        assert accreditation_body("ukas").membership == Membership.MEMBER
        # No source says whether EMA belongs to IAF or ILAC.
        assert accreditation_body("ema").membership == Membership.UNKNOWN


class TestVerdictsByScope:
    def test_a_signatory_for_the_scope(self):
        [verdict] = one_verdict("ukas", "iso-iec-17021-1", ["iso-iec-27001"])
        assert (
            "by UKAS (United Kingdom), whose signature of the IAF MLA — "
            f"{SUCCESSOR} — covers management-system certification" in verdict.sentence
        )
        assert verdict.standing.code == "signatory"

    def test_not_a_signatory_for_that_scope(self):
        [verdict] = one_verdict("sanas", "iso-iec-17024", [])
        assert (
            "by SANAS (South Africa), which is not a signatory of the IAF MLA for certification "
            "of persons" in verdict.sentence
        )
        [verdict] = one_verdict("sanas", "iso-iec-17065", [])
        assert "covers product certification" in verdict.sentence

    def test_a_scope_the_source_does_not_itemise_is_not_confirmed_never_no(self):
        # SANAS's source itemises its IAF MLA scopes without ISO 14065.
        [verdict] = one_verdict("sanas", "iso-14065", [])
        assert (
            "whose signature of the IAF MLA for validation and verification is not confirmed"
            in verdict.sentence
        )
        assert verdict.standing.code == "not_confirmed"

    def test_a_sub_scope_covers_its_standards_only(self):
        confirmed, unconfirmed = one_verdict(
            "jab", "iso-iec-17021-1", ["iso-9001", "iso-iec-27001"]
        )
        assert confirmed.subjects == ("ISO 9001",)
        assert "covers management-system certification to ISO 9001" in confirmed.sentence
        assert unconfirmed.subjects == ("ISO/IEC 27001",)
        assert (
            "whose signature of the IAF MLA for management-system certification to "
            "ISO/IEC 27001 is not confirmed" in unconfirmed.sentence
        )

    def test_an_unrecognised_accreditation_body_gets_a_warning(self):
        [verdict] = one_verdict("abac", "iso-iec-17021-1", ["iso-9001"])
        assert verdict.sentence == (
            "Accredited for ISO 9001 by ABAC (United States of America), which is not a member "
            "of IAF or ILAC: this accreditation is not recognised internationally (valid until "
            f"{verdict.accreditation.valid_until:%-d %B %Y}, accreditation "
            f"{verdict.accreditation.number})."
        )
        assert verdict.standing.code == "not_member"
        [verdict] = one_verdict("usas", "iso-iec-17021-1", ["iso-9001"])
        assert "by USAS, which is not a member" in verdict.sentence

    def test_verdicts_load_recognition_in_two_queries(self, django_assert_num_queries):
        body = CertificationBodyFactory()
        for ab in ("ukas", "sanas", "jab"):
            AccreditationFactory(body=body, accreditation_body=accreditation_body(ab))
        loaded = CertificationBody.objects.for_detail().get(pk=body.pk)
        with django_assert_num_queries(2):
            assert verdicts_for(loaded, TODAY)


class Oracle:
    """The rule read straight from the reference CSV files, independently of the code."""

    def __init__(self):
        self.whole = {}
        self.itemised = {}
        for row in csv.DictReader((DATA_DIR / "recognition_sources.csv").open()):
            self.whole[row["acronym"], row["arrangement"]] = row["status"]
        for row in csv.DictReader((DATA_DIR / "recognition_scopes.csv").open()):
            subs = {c for c in row["certifiable_standards"].split(";") if c}
            key = (row["acronym"], row["arrangement"])
            self.itemised.setdefault(key, {})[row["casco_standard"]] = (row["status"], subs)
        self.not_members = {
            row["acronym"]
            for row in csv.DictReader((DATA_DIR / "unrecognised_accreditation_bodies.csv").open())
        }

    def code(self, acronym, arrangement, casco, standard):
        if acronym in self.not_members:
            return "not_member"
        if (acronym, arrangement) in self.itemised:
            status, subs = self.itemised[acronym, arrangement].get(casco, ("unconfirmed", set()))
            if subs and standard not in subs:
                status = "unconfirmed"
        else:
            status = self.whole.get((acronym, arrangement), "unconfirmed")
        return {"yes": "signatory", "no": "not_signatory"}.get(status, "not_confirmed")


PHRASES = {
    "signatory": "covers",
    "not_signatory": "which is not a signatory of the",
    "not_confirmed": "is not confirmed",
    "not_member": "which is not a member of IAF or ILAC",
}


def test_every_verdict_on_a_held_out_directory_names_recognition_by_scope():
    """A directory drawn at random over every AB and CASCO standard; each verdict's words
    match what the reference files say for its scope."""
    rng = random.Random(20261201)
    oracle = Oracle()
    abs_ = list(AccreditationBody.objects.all())
    cascos = [s for s in Standard.objects.casco() if s.code != "ISO/IEC 17011"]
    certifiable = list(Standard.objects.certifiable())
    bodies = []
    for n in range(60):
        body = CertificationBodyFactory(name=f"Held-out Body {n}")
        for _ in range(rng.randint(1, 3)):
            casco = rng.choice(cascos)
            management = casco.applies_to == Standard.AppliesTo.MANAGEMENT_SYSTEM_CB
            AccreditationFactory(
                body=body,
                accreditation_body=rng.choice(abs_),
                casco_standard=casco,
                standards=rng.sample(certifiable, rng.randint(1, 3)) if management else [],
            )
        bodies.append(body)
    seen = set()
    for body in bodies:
        for verdict in verdicts(body):
            accreditation = verdict.accreditation
            arrangement = "IAF MLA" if verdict.standing.arrangement == "iaf_mla" else "ILAC MRA"
            for subject in verdict.subjects:
                expected = oracle.code(
                    accreditation.accreditation_body.acronym,
                    arrangement,
                    accreditation.casco_standard.code,
                    subject,
                )
                assert verdict.standing.code == expected, (verdict.sentence, subject)
                seen.add(expected)
            assert PHRASES[verdict.standing.code] in verdict.sentence, verdict.sentence
            if verdict.standing.code != "not_member":
                assert verdict.standing.arrangement_label in verdict.sentence
            if verdict.standing.code == "signatory":
                assert SUCCESSOR in verdict.sentence
    assert seen == set(PHRASES)


def test_recognitions_for_a_body_that_has_none_are_not_confirmed():
    ab = AccreditationBody.objects.create(acronym="NEWAB", name="New AB", country="FR")
    standing = Recognitions.load([ab]).standing(ab.pk, standard("iso-iec-17065"))
    assert standing.code == "not_confirmed"
    assert standing.record is None
