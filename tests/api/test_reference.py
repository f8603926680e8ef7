"""/api/v1/accreditation-bodies/, /api/v1/standards/ and /api/v1/sectors/: the reference data
with the counts their pages show, in a fixed number of queries."""

import pytest

from accreditation.models import AccreditationBody, SectorCode, Standard
from tests.factories import AccreditationFactory, CertificationBodyFactory, accreditation_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    AccreditationFactory()
    AccreditationFactory(accreditation_body=accreditation_body("ukas"), status="suspended")
    AccreditationFactory(
        body=CertificationBodyFactory(name="Lab"),
        accreditation_body=accreditation_body("ukas"),
        casco_standard=Standard.objects.get(slug="iso-iec-17025"),
        standards=[],
    )


def get(client, url, queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.json()


def test_accreditation_bodies(client, directory, django_assert_num_queries):
    # The directory version, the accreditation bodies and the counts of current bodies.
    answer = get(client, "/api/v1/accreditation-bodies/", 3, django_assert_num_queries)
    assert answer["count"] == AccreditationBody.objects.count()
    by_slug = {ab["slug"]: ab for ab in answer["results"]}
    assert by_slug["ukas"]["current_body_count"] == 1
    assert by_slug["dakks"]["current_body_count"] == 1
    assert by_slug["ukas"]["url"] == "http://testserver/accreditation-bodies/ukas/"
    assert by_slug["ukas"]["bodies"] == "http://testserver/api/v1/bodies/?ab=ukas"
    assert answer["ignored"] == []


def test_accreditation_bodies_take_the_list_pages_parameters(client, directory):
    answer = client.get("/api/v1/accreditation-bodies/?ilac_mra=yes&sort=bodies").json()
    assert {ab["ilac_mra"] for ab in answer["results"]} == {"yes"}
    page = client.get("/accreditation-bodies/?ilac_mra=yes&sort=bodies").context["bodies"]
    assert [ab["slug"] for ab in answer["results"]] == [ab.slug for ab in page]
    ignored = client.get("/api/v1/accreditation-bodies/?sort=size").json()["ignored"]
    assert [(i["param"], i["value"]) for i in ignored] == [("sort", "size")]


def test_one_accreditation_body(client, directory, django_assert_num_queries):
    answer = get(client, "/api/v1/accreditation-bodies/ukas/", 6, django_assert_num_queries)
    assert answer["acronym"] == "UKAS"
    assert (answer["current_body_count"], answer["total_body_count"]) == (1, 2)
    assert [(s["code"], s["current_body_count"]) for s in answer["by_casco"]] == [
        ("ISO/IEC 17025", 1)
    ]


def test_standards(client, directory, django_assert_num_queries):
    # The directory version, the standards, and the counts of current bodies (two kinds).
    answer = get(client, "/api/v1/standards/", 4, django_assert_num_queries)
    by_slug = {s["slug"]: s for s in answer["results"]}
    assert answer["count"] == Standard.objects.count()
    assert by_slug["iso-9001"]["current_body_count"] == 1
    assert by_slug["iso-9001"]["bodies"] == "http://testserver/api/v1/bodies/?standard=iso-9001"
    assert by_slug["iso-iec-17025"]["bodies"] == (
        "http://testserver/api/v1/bodies/?casco=iso-iec-17025"
    )


def test_one_standard(client, directory, django_assert_num_queries):
    answer = get(client, "/api/v1/standards/iso-iec-17021-1/", 3, django_assert_num_queries)
    assert (answer["code"], answer["kind"], answer["current_body_count"]) == (
        "ISO/IEC 17021-1",
        "casco",
        1,
    )


def test_sectors(client, django_assert_num_queries):
    answer = get(client, "/api/v1/sectors/", 2, django_assert_num_queries)
    assert answer["count"] == SectorCode.objects.count() == 39
    assert answer["results"][27] == {
        "code": 28,
        "name": SectorCode.objects.get(code=28).name,
        "url": "http://testserver/bodies/?sector=28",
        "bodies": "http://testserver/api/v1/bodies/?sector=28",
    }
