"""The denormalised search_text agrees with the records after random edits, and one command
rebuilds it."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from bodies.csvio.importer import import_bodies_csv
from bodies.models import CertificationBody
from bodies.services import rebuild_search_text
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db


def truth():
    return {
        body.pk: body.build_search_text(body.accreditations.values_list("number", flat=True))
        for body in CertificationBody.objects.all()
    }


def stored():
    return dict(CertificationBody.objects.values_list("pk", "search_text"))


def test_writers_keep_search_text_right_through_random_edits():
    rng = random.Random(11)
    bodies = [CertificationBodyFactory(name=f"Kraków Cert {n}", city="Łódź") for n in range(8)]
    accreditations = [AccreditationFactory(body=rng.choice(bodies)) for _ in range(12)]
    for _ in range(20):
        body = rng.choice(bodies)
        body.name = rng.choice(["Société Générale", "TÜV Nord", "Ærø Kontrol"]) + f" {body.pk}"
        body.aliases = rng.choice(["", "Former Name\nOther Name"])
        body.save()
    for accreditation in rng.sample(accreditations, 4):
        accreditation.delete()
        accreditation.body.save()
    header = "name,country,city,website,aliases,accreditation_body,accreditation_number,"
    header += "casco_standard,standards,iaf_codes,status,granted_on,valid_until\n"
    row = "Imported Żywiec,PL,Żywiec,,Żyw,PCA,AC 123,ISO/IEC 17021-1,ISO 9001,,active,,\n"
    assert not import_bodies_csv(file=StringIO(header + row)).errors
    assert stored() == truth()
    assert rebuild_search_text() == 0


def test_the_command_repairs_edits_made_around_the_writers():
    accreditation = AccreditationFactory(number="D-ZM-1")
    other = CertificationBodyFactory(name="Untouched")
    # Edits that bypass save(): a bulk update and a changed number.
    CertificationBody.objects.filter(pk=accreditation.body_id).update(search_text="stale")
    type(accreditation).objects.filter(pk=accreditation.pk).update(number="D-ZM-2")
    out = StringIO()
    call_command("rebuild_search_text", stdout=out)
    assert "Rebuilt the search text of 1 bodies." in out.getvalue()
    assert stored() == truth()
    assert "d zm 2" in CertificationBody.objects.get(pk=accreditation.body_id).search_text
    assert CertificationBody.objects.get(pk=other.pk).search_text == "untouched berlin"
