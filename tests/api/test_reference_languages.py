"""Reference names in the API follow ``?lang=`` or ``Accept-Language`` (standard titles,
IAF sector names, accreditation body names where they have another official name); the
JSON's field names and the number of queries never change."""

import pytest

pytestmark = pytest.mark.django_db


def get(client, url, queries, django_assert_num_queries, **headers):
    with django_assert_num_queries(queries):
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response


def test_sector_names_by_lang(client, django_assert_num_queries):
    english = get(client, "/api/v1/sectors/", 2, django_assert_num_queries).json()
    russian = get(client, "/api/v1/sectors/?lang=ru", 2, django_assert_num_queries).json()
    assert russian["results"][27]["name"] == "Строительство"
    assert english["results"][27]["name"] == "Construction"
    assert [set(s) for s in russian["results"]] == [set(s) for s in english["results"]]


def test_a_standard_title_by_accept_language(client, django_assert_num_queries):
    url = "/api/v1/standards/iso-9001/"
    english = get(client, url, 3, django_assert_num_queries).json()
    response = get(client, url, 3, django_assert_num_queries, accept_language="fr-CH, en;q=0.5")
    french = response.json()
    assert french["title"] == "Systèmes de management de la qualité — Exigences"
    assert english["title"] == "Quality management systems — Requirements"
    assert set(french) == set(english)
    assert response["Content-Language"] == "fr"


def test_an_accreditation_body_name_by_lang(client, django_assert_num_queries):
    french = get(client, "/api/v1/accreditation-bodies/scc/?lang=fr", 6, django_assert_num_queries)
    spanish = get(client, "/api/v1/accreditation-bodies/scc/?lang=es", 6, django_assert_num_queries)
    assert french.json()["name"] == "Conseil canadien des normes"
    # No official Spanish name: the one it has.
    assert spanish.json()["name"] == "Standards Council of Canada"
