"""``/api/v1/compare/``: the page's comparison as JSON and CSV, in the page's query budget."""

import pytest
from schemathesis import GenerationMode

from tests.api.test_contract import (  # noqa: F401 (fixtures)
    api_schema,
    check,
    keep_the_test_connection,
    operations,
)
from tests.compare.test_page import accredited, url

pytestmark = pytest.mark.django_db


def api(*slugs, **extra):
    return url(*slugs, **extra).replace("/compare/", "/api/v1/compare/")


def test_json_has_bodies_standards_rows_and_what_was_ignored(client):
    a = accredited("Alpha Cert", ["iso-9001", "iso-iec-27001"], sectors=[28])
    b = accredited("Beta Cert", ["iso-9001"], ab="ukas", status="suspended")
    response = client.get(api(a.slug, "nope", b.slug, a.slug, format="xml"))
    assert response.status_code == 200
    data = response.json()
    assert [body["slug"] for body in data["bodies"]] == [a.slug, b.slug]
    assert [s["standard"] for s in data["standards"]] == ["ISO 9001", "ISO/IEC 27001"]
    first, second = data["standards"]
    assert (first["everyone"], first["differs"]) == (True, True)
    assert [v["status"] for v in first["verdicts"]] == ["active", "suspended"]
    assert first["verdicts"][1]["accreditation_body"] == "UKAS"
    assert second["verdicts"][1] is None and not second["everyone"]
    rows = {row["label"]: row for row in data["rows"]}
    assert rows["IAF sectors in scope"]["values"] == [["IAF 28"], []]
    assert rows["Country and city"]["values"][0] == ["Berlin", "Germany"]
    assert [(i["param"], i["value"], i["reason"]) for i in data["ignored"]] == [
        ("body", a.slug, "already in the comparison"),
        ("body", "nope", "no body has this address"),
        ("format", "xml", 'unknown format: "json" or "csv"'),
    ]


def test_csv(client):
    a = accredited("Alpha Cert", ["iso-9001"])
    b = accredited("Beta Cert", ["iso-9001"])
    response = client.get(api(a.slug, b.slug, format="csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[0] == "\ufeffRow,Alpha Cert,Beta Cert"


@pytest.mark.parametrize("n_bodies", [2, 4])
def test_five_queries_whatever_the_bodies(client, django_assert_num_queries, n_bodies):
    bodies = [
        accredited(f"Body {i}", ["iso-9001", "iso-14001"], sectors=[1, 2]) for i in range(n_bodies)
    ]
    client.get(api(*(body.slug for body in reversed(bodies))))  # reads the recognitions
    with django_assert_num_queries(5):
        response = client.get(api(*(body.slug for body in bodies)))
    assert len(response.json()["bodies"]) == n_bodies


def test_no_body_is_an_empty_comparison_not_an_error(client):
    response = client.get("/api/v1/compare/")
    assert response.status_code == 200
    assert response.json()["bodies"] == []


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_operation_answers_as_the_schema_says(api_schema, mode):  # noqa: F811
    (operation,) = [op for op in operations(api_schema) if op.label == "GET /api/v1/compare/"]
    check(operation, operation.as_strategy(generation_mode=mode))
    for strategy in api_schema.get_strategies_from_examples(operation):
        check(operation, strategy)
