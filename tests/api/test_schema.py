"""The OpenAPI schema: valid with no warning, its parameters made from the filter sets that
parse them (allowed values from the reference data when the schema is made), and the docs
page at /api/ that shows it under the site's Content Security Policy."""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from accreditation.filters import AccreditationBodyFilterSet
from accreditation.models import Standard
from search.filters import BodyFilterSet
from search.reference import reference_for_version
from tests.security.test_settings import inline_code

pytestmark = pytest.mark.django_db

API_PARAMETERS = ["cursor", "page_size", "facets", "format"]


def test_manage_py_spectacular_validate_fail_on_warn_passes(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/bodies/" in out.read_text(encoding="utf-8")


def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def parameters(schema, path, name=None):
    found = {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", [])}
    return found if name is None else found[name]


def allowed(parameter):
    described = parameter["schema"]
    return (described.get("items") or described).get("enum")


def test_the_served_schema_is_valid(client):
    validate_schema(schema(client))


def test_the_search_parameters_are_the_filter_sets(client):
    served = parameters(schema(client), "/api/v1/bodies/")
    assert list(served) == [*BodyFilterSet.base_filters, *API_PARAMETERS]
    filterset = BodyFilterSet(reference=reference_for_version(None))
    for name, filter_ in filterset.filters.items():
        parameter = served[name]
        assert parameter["description"].startswith(str(filter_.label)), name
        assert str(filter_.extra.get("help_text", "")) in parameter["description"], name
        choices = [str(key) for key, _ in getattr(filter_.field, "choices", ())]
        assert allowed(parameter) == (sorted(choices) if choices else None), name
    assert served["standard"]["schema"]["type"] == "array"
    assert served["standard"]["explode"] is True
    assert served["status"]["schema"]["type"] == "string"


def test_every_parameter_has_an_example(client):
    served = schema(client)
    for path, operations in served["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["in"] != "query":
                continue
            where = (path, parameter["name"])
            # "(not given)" first, so that Swagger UI's "Try it out" starts with no filter.
            given, example = parameter["examples"].values()
            assert given["value"] in ("", []), where
            values = example["value"] if isinstance(example["value"], list) else [example["value"]]
            assert values and all(value != "" for value in values), where
            if allowed(parameter):
                assert set(values) <= set(allowed(parameter)), where


def test_allowed_values_come_from_the_reference_data_when_the_schema_is_made(client):
    standard = parameters(schema(client), "/api/v1/bodies/", "standard")
    assert "iso-iec-27001" in allowed(standard)
    assert "iso-iec-17021-1" not in allowed(standard)  # a CASCO standard: casco=
    Standard.objects.create(
        code="ISO 55001",
        edition=2014,
        title="Asset management",
        kind="certifiable",
        applies_to="management system",
    )
    standard = parameters(schema(client), "/api/v1/bodies/", "standard")
    assert "iso-55001" in allowed(standard)
    assert "ISO 55001" in standard["description"]


def test_the_accreditation_body_lists_parameters_are_its_filter_sets(client):
    served = parameters(schema(client), "/api/v1/accreditation-bodies/")
    assert list(served) == list(AccreditationBodyFilterSet.base_filters)
    assert allowed(served["iaf_mla"]) == ["no", "unknown", "yes"]


class Assets(HTMLParser):
    """Every script, stylesheet and image a page loads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.urls.append(attrs.get("src"))
        elif tag == "link":
            self.urls.append(attrs.get("href"))
        elif tag == "img":
            self.urls.append(attrs.get("src"))


def test_the_docs_page_has_no_inline_code_and_loads_only_this_sites_files(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert inline_code(response) == []
    assets = Assets()
    assets.feed(response.content.decode())
    assert None not in assets.urls  # no script without src
    assert all(url.startswith("/static/") for url in assets.urls), assets.urls
    for url in assets.urls:
        assert finders.find(url.removeprefix("/static/")), url
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets.urls
    assert "/static/js/api-docs.js" in assets.urls
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert (policy["script-src"], policy["style-src"]) == ("'self'", "'self'")
    assert 'data-schema-url="/api/v1/schema/"' in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/bodies/", "/standards/", "/accreditation-bodies/", "/api/"])
def test_every_page_links_to_the_api_docs(client, url):
    html = client.get(url).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/api/"' in footer


def test_the_docs_page_shows_the_limit_and_an_example(client, settings):
    html = client.get("/api/").content.decode()
    requests, seconds = settings.API_RATE_LIMIT
    assert f"at most {requests} requests every {seconds} seconds" in html
    assert "/api/v1/bodies/?standard=iso-iec-27001&amp;country=PL&amp;recognised=yes" in html


def test_schema_generation_is_quiet():
    """No warning even with the output discarded (warnings would go to stderr)."""
    err = StringIO()
    call_command("spectacular", "--fail-on-warn", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_every_operation_documents_its_429_as_the_json_it_is(client):
    operations = [op for path in schema(client)["paths"].values() for op in path.values()]
    assert operations
    for operation in operations:
        assert list(operation["responses"]["429"]["content"]) == ["application/json"]
