import datetime

import pytest
from django.db import IntegrityError, transaction

from bodies.models import AccreditationSummary, CertificationBody
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def test_name_and_country_are_unique_together():
    CertificationBodyFactory(name="Cert GmbH", country="DE")
    CertificationBodyFactory(name="Cert GmbH", country="AT")
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationBodyFactory(name="Cert GmbH", country="DE")


def test_empty_name_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationBodyFactory(name="")


def test_search_text_folds_names_aliases_city_and_accreditation_numbers():
    body = CertificationBodyFactory(
        name="TÜV Süd Polska", aliases="Société Générale\nŁódź Cert", city="Kraków"
    )
    AccreditationFactory(body=body, number="AC-090")
    body.refresh_from_db()
    assert body.search_text == "tuv sud polska societe generale lodz cert krakow ac 090"


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], AccreditationSummary.UNACCREDITED),
        (["withdrawn", "active"], AccreditationSummary.ACCREDITED),
        (["withdrawn", "suspended"], AccreditationSummary.SUSPENDED),
        (["withdrawn", "expired"], AccreditationSummary.LAPSED),
    ],
)
def test_accreditation_summary_is_derived_from_accreditations(statuses, expected):
    body = CertificationBodyFactory()
    for status in statuses:
        AccreditationFactory(body=body, status=status, valid_until=None)
    assert CertificationBody.objects.get(pk=body.pk).accreditation_summary(TODAY) == expected


def test_active_accreditation_past_its_date_does_not_make_the_body_accredited():
    body = CertificationBodyFactory()
    AccreditationFactory(body=body, valid_until=TODAY - datetime.timedelta(days=1))
    assert body.accreditation_summary(TODAY) == AccreditationSummary.LAPSED
