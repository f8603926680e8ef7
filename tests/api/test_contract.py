"""Contract tests: every operation of the published schema, called in-process through the
WSGI application with values Schemathesis derives from the schema (its examples, values it
allows and values it does not), never answers 5xx and always answers as the schema says.

Bounded so the suite stays fast: at most 25 generated examples an operation and mode, no
deadline. The operations are driven through Schemathesis's Hypothesis strategies rather
than ``schemathesis.pytest.from_fixture``, whose lazy loading does not run on pytest 9.2
(it reads ``Function._nodeid``, which pytest no longer has); the schema must be loaded
inside a test, where the test database exists.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from api.base import PublicAPIView
from api.checks import CheckView
from api.docs import SchemaView
from search.views import BodyExportView
from tests.factories import AccreditationFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "GET /api/v1/bodies/",
    "GET /api/v1/bodies/{slug}/",
    "GET /api/v1/accreditation-bodies/",
    "GET /api/v1/accreditation-bodies/{slug}/",
    "GET /api/v1/standards/",
    "GET /api/v1/standards/{slug}/",
    "GET /api/v1/sectors/",
    "GET /api/v1/compare/",
    "POST /api/v1/checks/",
}
# A value the schema does not allow is left out and listed in "ignored" (the search's
# contract: a bad value never fails a search), so such requests are answered 200.
EXCLUDED_CHECKS = [negative_data_rejection]
# Schemathesis's WSGI client asks for gzip, which the page cache then sends, but does not
# decompress what it gets.
PLAIN = {"Accept-Encoding": "identity"}
BOUNDED = hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def keep_the_test_connection():
    """Requests through the bare WSGI handler keep the test's database connection.

    At the end of each request Django closes connections that are not in autocommit mode,
    and the test's transaction is not (on PostgreSQL the next query would find its
    connection closed); Django's own test client disconnects the same handler.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(monkeypatch, settings, keep_the_test_connection):
    """The schema as /api/v1/schema/ serves it, over a small directory, without rate limits."""
    settings.ALLOWED_HOSTS = ["localhost"]  # where Schemathesis's WSGI client sends requests
    monkeypatch.setattr(PublicAPIView, "rate_limit", None)
    monkeypatch.setattr(SchemaView, "rate_limit", None)
    monkeypatch.setattr(CheckView, "rate_limit", None)
    # ?format=csv spends the export's budget too (10 a minute).
    monkeypatch.setattr(BodyExportView, "rate_limit", None)
    AccreditationFactory(body=CertificationBodyFactory(name="TÜV Nord", slug="tuv-nord"))
    AccreditationFactory(sectors=[28], status="suspended")
    CertificationBodyFactory(country="PL")
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_has_every_operation(api_schema):
    assert {operation.label for operation in operations(api_schema)} == OPERATIONS


def check(operation, strategy):
    @given(case=strategy)
    @BOUNDED
    def call(case):
        case.call_and_validate(headers=PLAIN, excluded_checks=EXCLUDED_CHECKS)

    try:
        call()
    except Exception as exc:
        exc.add_note(f"Operation: {operation.label}")
        raise


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_the_schema_says(api_schema, mode):
    for operation in operations(api_schema):
        if mode is GenerationMode.NEGATIVE and not (operation.query or operation.path_parameters):
            continue  # nothing to send that the schema does not allow
        if mode is GenerationMode.POSITIVE and operation.method.upper() == "POST":
            # A check's rows must name standards, countries and past dates CertDir knows,
            # which a schema cannot enumerate: random "valid" rows are rightly a 400. Its
            # documented example is checked below, its answers in tests/api/test_checks.py.
            continue
        check(operation, operation.as_strategy(generation_mode=mode))


def test_every_documented_example_is_answered_as_the_schema_says(api_schema):
    for operation in operations(api_schema):
        for strategy in api_schema.get_strategies_from_examples(operation):
            check(operation, strategy)
