"""The API's own text follows ``?lang=`` or ``Accept-Language``: the OpenAPI schema's
summaries and parameter descriptions (``/api/v1/schema/?lang=fr``), its error messages
and the reasons it gives in ``ignored``."""

import pytest

from tests.api.test_schema import parameters

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def schema(client, **kwargs):
    response = client.get("/api/v1/schema/", **kwargs)
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_in_the_language_of_lang(client):
    english = schema(client)
    french = schema(client, data={"lang": "fr"})
    russian = schema(client, data={"lang": "ru"})

    # A search parameter: its filter's label and help text (search.filters), then the
    # schema's own sentences (api.schema).
    standard = parameters(french, "/api/v1/bodies/", "standard")["description"]
    assert standard.startswith("Norme. Certifie selon toutes les normes choisies.")
    assert f"Répétez le paramètre pour plusieurs valeurs{NBSP}; au plus 20 sont utilisées." in (
        standard
    )
    assert (
        "Repeat the parameter" in parameters(english, "/api/v1/bodies/", "standard")["description"]
    )
    # An API parameter described by hand, with its numbers.
    page_size = parameters(french, "/api/v1/bodies/", "page_size")["description"]
    assert page_size == f"Organismes par page, 25 par défaut{NBSP}; au plus 100."
    # Operation summaries and serializer help texts.
    assert french["paths"]["/api/v1/bodies/"]["get"]["summary"] == "Rechercher des organismes"
    assert russian["paths"]["/api/v1/bodies/"]["get"]["summary"] == "Поиск органов"
    assert english["paths"]["/api/v1/bodies/"]["get"]["summary"] == "Search bodies"
    website = french["components"]["schemas"]["BodySummary"]["properties"]["website"]
    assert website["description"] == "Une URL, ou vide."
    # The contract does not change with the language.
    assert french["paths"].keys() == english["paths"].keys()
    assert list(parameters(french, "/api/v1/bodies/")) == list(
        parameters(english, "/api/v1/bodies/")
    )


def test_an_error_message_follows_accept_language(client):
    french = client.get("/api/v1/bodies/no-such-body/", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get("/api/v1/bodies/no-such-body/")

    assert french.status_code == english.status_code == 404
    assert french.json() == {"detail": "Aucun organisme n’a l’identifiant 'no-such-body'."}
    assert english.json() == {"detail": "No body has the slug 'no-such-body'."}


def test_the_reasons_in_ignored_follow_the_language(client):
    url = "/api/v1/bodies/?page_size=500&cursor=nope&facets=maybe&page=2"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["ignored"]
    russian = client.get(url + "&lang=ru").json()["ignored"]

    reasons = {item["param"]: item["reason"] for item in french}
    assert reasons == {
        "cursor": "pas un curseur de cette API",
        "page_size": "au plus 100 organismes par page",
        "facets": "valeur inconnue",
        "page": f"l’API pagine avec des curseurs{NBSP}: suivez le lien next de la réponse",
    }
    assert {item["param"]: item["reason"] for item in russian}["page_size"] == (
        "не более 100 органов на странице"
    )


def test_the_schemas_description_is_in_the_asked_language(client):
    description = client.get("/api/v1/schema/?lang=fr").json()["info"]["description"]
    assert description.startswith("Accès en lecture seule à CertDir")
