"""A write that loses a race (an edit during an import, say) is a conflict, not an outage.

Deadlocks, serialisation failures, lock and statement timeouts reach a view as Django's
OperationalError caused by psycopg's error; they get a 409 "Please try again" page. Only
the other OperationalErrors (the connection failing) are the 503 outage page.
"""

import psycopg
import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/bodies/certificationbody/"


def failing_with(error):
    def fail(*args, **kwargs):
        try:
            raise error
        except psycopg.Error as exc:
            raise OperationalError(str(exc)) from exc

    return fail


@pytest.mark.parametrize(
    "error",
    [
        psycopg.errors.DeadlockDetected("deadlock detected"),
        psycopg.errors.SerializationFailure("could not serialize access"),
        psycopg.errors.LockNotAvailable("could not obtain lock on row"),
        psycopg.errors.QueryCanceled("canceling statement due to lock timeout"),
    ],
    ids=["deadlock", "serialization", "lock not available", "canceled"],
)
def test_a_write_conflict_is_a_try_again_page_not_an_outage(admin_client, monkeypatch, error):
    get_queryset = "django.contrib.admin.options.ModelAdmin.get_queryset"
    monkeypatch.setattr(get_queryset, failing_with(error))
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Please try again" in html
    assert "clashed with another change" in html
    assert "Temporarily unavailable" not in html
    assert "cannot reach its database" not in html
    assert "no-store" in response["Cache-Control"]


def test_a_connection_failure_is_still_an_outage(admin_client, monkeypatch):
    error = psycopg.OperationalError("connection refused")
    monkeypatch.setattr("django.contrib.admin.options.ModelAdmin.get_queryset", failing_with(error))
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


def test_a_busy_sqlite_database_is_a_conflict_too(admin_client, monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("django.contrib.admin.options.ModelAdmin.get_queryset", fail)
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 409
    assert "Please try again" in response.content.decode()
