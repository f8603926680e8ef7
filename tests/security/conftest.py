import pytest

from tests.factories import (
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)


@pytest.fixture
def directory(db):
    """A small directory: two accredited bodies (one with two accreditations) and one without."""
    tuv = CertificationBodyFactory(name="TÜV Nord Cert", slug="tuv-nord-cert", city="Essen")
    AccreditationFactory(body=tuv, standards=[standard("iso-9001")], sectors=[17, 28])
    AccreditationFactory(
        body=tuv,
        accreditation_body=accreditation_body("ukas"),
        status="suspended",
        standards=[standard("iso-iec-27001")],
    )
    bsi = CertificationBodyFactory(name="BSI Assurance", slug="bsi-assurance", country="GB")
    AccreditationFactory(body=bsi, accreditation_body=accreditation_body("ukas"))
    CertificationBodyFactory(name="Unaccredited Audits", slug="unaccredited-audits")
    return [tuv, bsi]
