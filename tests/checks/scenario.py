"""A small directory for the bulk check: names, aliases, numbers and a suspension."""

import datetime

import pytest

from accreditation.events import EventKind
from accreditation.models import AccreditationStatus
from tests.factories import (
    AccreditationEventFactory,
    AccreditationFactory,
    CertificationBodyFactory,
    accreditation_body,
    standard,
)

D = datetime.date


@pytest.fixture
def directory(db):
    """Bureau Kestrel (GB, UKAS 4401, ISO 9001, suspended 2024-03-01 to 2024-09-15);
    Nordlicht Zertifizierung GmbH (DE, alias "NZ Cert", DAkkS D-ZM-7, ISO 9001 and 14001);
    two "Atlas Certification" bodies (FR and ES); Ended Audit Ltd (withdrawn 2023-07-01)."""
    kestrel = AccreditationFactory(
        body=CertificationBodyFactory(name="Bureau Kestrel", country="GB", city="Leeds"),
        accreditation_body=accreditation_body("ukas"),
        number="4401",
        granted_on=D(2020, 1, 10),
        standards=[standard("iso-9001")],
    )
    for kind, on in [
        (EventKind.GRANTED, D(2020, 1, 10)),
        (EventKind.SUSPENDED, D(2024, 3, 1)),
        (EventKind.REINSTATED, D(2024, 9, 15)),
    ]:
        AccreditationEventFactory(accreditation=kestrel, kind=kind, effective_on=on)
    AccreditationFactory(
        body=CertificationBodyFactory(
            name="Nordlicht Zertifizierung GmbH", aliases="NZ Cert", country="DE"
        ),
        number="D-ZM-7",
        granted_on=D(2019, 1, 1),
        standards=[standard("iso-9001"), standard("iso-14001")],
    )
    for country in ("FR", "ES"):
        AccreditationFactory(
            body=CertificationBodyFactory(name="Atlas Certification", country=country),
            accreditation_body=accreditation_body("cofrac" if country == "FR" else "enac"),
        )
    ended = AccreditationFactory(
        body=CertificationBodyFactory(name="Ended Audit Ltd", country="GB"),
        accreditation_body=accreditation_body("ukas"),
        number="9999",
        granted_on=D(2018, 5, 1),
        status=AccreditationStatus.WITHDRAWN,
    )
    AccreditationEventFactory(
        accreditation=ended, kind=EventKind.GRANTED, effective_on=D(2018, 5, 1)
    )
    AccreditationEventFactory(
        accreditation=ended, kind=EventKind.WITHDRAWN, effective_on=D(2023, 7, 1)
    )
