"""The body page on a date (?on=YYYY-MM-DD): verdicts as they stood, timelines, bad dates."""

import pytest

from tests.bodies.test_views import DETAIL_QUERIES
from tests.checks.scenario import directory  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory")]


def page(client, name="Bureau Kestrel", **params):
    from bodies.models import CertificationBody

    body = CertificationBody.objects.get(name=name)
    response = client.get(body.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-02-29", "On 29 February 2024: accredited for ISO 9001 by UKAS"),
        ("2024-03-01", "On 1 March 2024: the accreditation for ISO 9001 by UKAS"),
        ("2024-09-15", "On 15 September 2024: accredited for ISO 9001 by UKAS"),
    ],
)
def test_verdicts_as_they_stood(client, on, expected):
    html = page(client, on=on)
    assert expected in html
    assert "Was it accredited on" in html


def test_withdrawal(client):
    assert "On 30 June 2023: accredited for ISO 9001" in page(
        client, "Ended Audit Ltd", on="2023-06-30"
    )
    html = page(client, "Ended Audit Ltd", on="2023-07-01")
    assert "On 1 July 2023: not accredited for ISO 9001: the accreditation by UKAS" in html


def test_the_timeline_is_on_the_page(client, django_assert_num_queries):
    from bodies.models import CertificationBody

    url = CertificationBody.objects.get(name="Bureau Kestrel").get_absolute_url()
    with django_assert_num_queries(DETAIL_QUERIES):
        html = client.get(url).content.decode()
    assert '<time datetime="2024-03-01">1 March 2024</time>: Suspended' in html
    assert '<time datetime="2024-09-15">15 September 2024</time>: Reinstated' in html


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("yesterday", "“yesterday” is not a date: write it as YYYY-MM-DD"),
        ("2024-13-01", "is not a date"),
        ("2999-01-01", "1 January 2999 is in the future"),
    ],
)
def test_bad_dates_are_said_plainly_and_today_is_shown(client, on, message):
    html = page(client, on=on)
    assert message in html
    assert "Can this body be trusted?" in html
