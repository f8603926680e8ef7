"""Constraints, PROTECT and expiry by date, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Signatory,
    Standard,
)
from tests.factories import AccreditationFactory, accreditation_body, standard

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


class TestReferenceData:
    def test_standards_sectors_and_accreditation_bodies_are_loaded(self):
        assert Standard.objects.certifiable().count() == 11
        assert Standard.objects.casco().count() == 11
        assert SectorCode.objects.count() == 39
        # 41 accreditation bodies and 3 organisations outside IAF and ILAC.
        assert AccreditationBody.objects.count() == 44

    @pytest.mark.parametrize(
        ("code", "slug"),
        [
            ("ISO 9001", "iso-9001"),
            ("ISO/IEC 27001", "iso-iec-27001"),
            ("ISO/IEC 17021-1", "iso-iec-17021-1"),
        ],
    )
    def test_standard_slugs(self, code, slug):
        assert Standard.objects.get(code=code).slug == slug

    def test_casco_standard_records_the_kind_of_body(self):
        s = standard("iso-iec-17025")
        assert s.kind == Standard.Kind.CASCO
        assert s.applies_to == Standard.AppliesTo.LABORATORY

    @pytest.mark.parametrize(("slug", "acronym"), [("ukas", "UKAS"), ("jas-anz", "JAS-ANZ")])
    def test_accreditation_body_slugs(self, slug, acronym):
        assert accreditation_body(slug).acronym == acronym

    def test_unconfirmed_signatory_status_is_unknown_not_no(self):
        ema = accreditation_body("ema")
        assert ema.iaf_mla == Signatory.UNKNOWN
        assert ema.get_iaf_mla_display() == "Not confirmed"
        # "no" only where a source says so: laboratory-only bodies, and organisations a
        # source places outside IAF and ILAC.
        assert set(
            AccreditationBody.objects.filter(iaf_mla=Signatory.NO).values_list("acronym", flat=True)
        ) == {"NABL", "NATA", "ABAC", "ASCAB", "USAS"}
        assert accreditation_body("ukas").is_iaf_mla_signatory

    def test_iaf_sector_names(self):
        assert SectorCode.objects.get(code=33).name == "Information technology"


def test_what_a_standard_applies_to_is_said_in_the_active_language():
    casco = standard("iso-iec-17025")
    assert casco.get_applies_to_display() == str(Standard.AppliesTo(casco.applies_to).label)
    with translation.override("fr"):
        assert casco.get_applies_to_display() == "Laboratoires d’étalonnages et d’essais"
    # A value outside the choices is said as it is, as Django's own display does.
    assert Standard(applies_to="").get_applies_to_display() == ""


class TestConstraints:
    def test_accreditation_number_is_unique_per_accreditation_body(self):
        AccreditationFactory(number="123")
        with pytest.raises(IntegrityError), transaction.atomic():
            AccreditationFactory(number="123")

    def test_same_number_from_another_accreditation_body_is_allowed(self):
        AccreditationFactory(number="123")
        AccreditationFactory(number="123", accreditation_body=accreditation_body("ukas"))
        assert Accreditation.objects.filter(number="123").count() == 2

    def test_valid_until_cannot_be_before_granted_on(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            AccreditationFactory(
                granted_on=datetime.date(2024, 1, 1), valid_until=datetime.date(2023, 12, 31)
            )

    def test_valid_until_on_granted_on_is_allowed(self):
        day = datetime.date(2024, 1, 1)
        assert AccreditationFactory(granted_on=day, valid_until=day).pk

    def test_unknown_status_is_refused(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            AccreditationFactory(status="approved")

    def test_sector_code_outside_1_to_39_is_refused(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            SectorCode.objects.create(code=40, name="Not a sector")

    def test_clean_refuses_a_certifiable_standard_as_casco_standard(self):
        accreditation = AccreditationFactory.build(casco_standard=standard("iso-9001"))
        with pytest.raises(ValidationError) as error:
            accreditation.clean()
        assert "casco_standard" in error.value.message_dict


class TestProtect:
    def test_accreditation_body_in_use_cannot_be_deleted(self):
        AccreditationFactory(accreditation_body=accreditation_body("ukas"))
        with pytest.raises(ProtectedError):
            accreditation_body("ukas").delete()

    def test_casco_standard_in_use_cannot_be_deleted(self):
        AccreditationFactory(casco_standard=standard("iso-iec-17065"))
        with pytest.raises(ProtectedError):
            standard("iso-iec-17065").delete()

    def test_standard_in_scope_cannot_be_deleted(self):
        AccreditationFactory(standards=[standard("iso-14001")])
        with pytest.raises(ProtectedError):
            standard("iso-14001").delete()
        assert Accreditation.objects.filter(standards__slug="iso-14001").exists()

    def test_sector_in_scope_cannot_be_deleted(self):
        AccreditationFactory(sectors=[28])
        with pytest.raises(ProtectedError):
            SectorCode.objects.get(code=28).delete()

    def test_unused_reference_data_can_be_deleted(self):
        standard("iso-iec-42001").delete()
        assert not Standard.objects.filter(slug="iso-iec-42001").exists()

    def test_deleting_a_body_deletes_its_accreditations(self):
        accreditation = AccreditationFactory()
        accreditation.body.delete()
        assert not Accreditation.objects.filter(pk=accreditation.pk).exists()


class TestExpiryByDate:
    @pytest.mark.parametrize(
        ("status", "valid_until", "expected"),
        [
            ("active", datetime.date(2026, 6, 1), "active"),
            ("active", datetime.date(2026, 5, 31), "expired"),
            ("active", None, "active"),
            ("suspended", datetime.date(2026, 5, 31), "expired"),
            ("suspended", datetime.date(2027, 1, 1), "suspended"),
            ("withdrawn", datetime.date(2027, 1, 1), "withdrawn"),
            ("expired", datetime.date(2027, 1, 1), "expired"),
        ],
    )
    def test_effective_status(self, status, valid_until, expected):
        accreditation = AccreditationFactory(
            status=status, granted_on=datetime.date(2020, 1, 1), valid_until=valid_until
        )
        assert accreditation.effective_status_on(TODAY) == expected
        annotated = Accreditation.objects.with_effective_status(TODAY).get(pk=accreditation.pk)
        assert annotated.effective_status == expected
        assert Accreditation.objects.with_status(expected, TODAY).filter(pk=accreditation.pk)
        others = set(AccreditationStatus.values) - {expected}
        for other in others:
            assert not Accreditation.objects.with_status(other, TODAY).filter(pk=accreditation.pk)

    def test_current_excludes_accreditations_past_valid_until(self):
        live = AccreditationFactory(valid_until=TODAY)
        AccreditationFactory(valid_until=TODAY - datetime.timedelta(days=1))
        AccreditationFactory(status="suspended", valid_until=TODAY)
        assert list(Accreditation.objects.with_status(AccreditationStatus.ACTIVE, TODAY)) == [live]
