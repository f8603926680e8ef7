"""The API answers in the language of ``?lang=`` or ``Accept-Language``, and says it varies
by that header; its URLs and contract values stay the same. The admin follows the
curator's browser language."""

import pytest

from tests.factories import AccreditationFactory, CertificationBodyFactory, standard


@pytest.fixture
def body(db):
    body = CertificationBodyFactory(name="Zertifizierung Eins", country="DE")
    AccreditationFactory(body=body, standards=[standard("iso-9001")])
    return body


def test_the_api_answers_in_the_asked_language_and_varies_by_it(client, body):
    for kwargs, language in [
        ({}, "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, "fr"),
        ({"HTTP_ACCEPT_LANGUAGE": "de, es;q=0.5"}, "es"),
        ({"data": {"lang": "ru"}}, "ru"),
        ({"data": {"lang": "ru"}, "HTTP_ACCEPT_LANGUAGE": "fr"}, "ru"),
        ({"data": {"lang": "xx"}, "HTTP_ACCEPT_LANGUAGE": "es"}, "es"),
    ]:
        response = client.get(f"/api/v1/bodies/{body.slug}/", **kwargs)
        assert response.status_code == 200
        assert response["Content-Language"] == language, kwargs
        assert "Accept-Language" in response["Vary"]


def test_api_urls_and_contract_values_are_the_same_in_every_language(client, body):
    english = client.get(f"/api/v1/bodies/{body.slug}/").json()
    french = client.get(f"/api/v1/bodies/{body.slug}/", {"lang": "fr"}).json()
    assert french["url"] == english["url"] == f"http://testserver/bodies/{body.slug}/"
    assert french["standing"] == english["standing"]
    assert french.keys() == english.keys()
    listed = client.get("/api/v1/bodies/", {"lang": "ru", "country": "DE"}).json()
    assert listed["results"][0]["url"] == english["url"]


def test_the_api_cache_and_etags_are_kept_per_language(client, body):
    url = f"/api/v1/bodies/{body.slug}/"
    english = client.get(url)
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert (english["X-Cache"], french["X-Cache"]) == ("miss", "miss")
    assert english["ETag"] != french["ETag"]
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="fr")["X-Cache"] == "hit"
    # A client's French copy is not current for an English request.
    refused = client.get(url, HTTP_IF_NONE_MATCH=french["ETag"])
    assert refused.status_code == 200


def test_the_checks_api_links_english_pages_in_any_language(client, body):
    response = client.post(
        "/api/v1/checks/?lang=es",
        {"rows": [{"body": body.name, "standard": "ISO 9001"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert response.json()["results"][0]["body"]["url"] == f"http://testserver/bodies/{body.slug}/"


def test_the_admin_follows_the_curators_browser_language(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()
    assert "Accept-Language" in response["Vary"]
    assert client.get("/admin/login/")["Content-Language"] == "en"
