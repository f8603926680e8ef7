"""Test set-up that concerns the database schema rather than any one app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _directory_version_bumps_per_statement(request):
    """On PostgreSQL, bump the directory version at each write statement in ``db`` tests.

    The version is bumped once per transaction, at commit (migration
    accreditation 0010), but a ``db`` test runs in one transaction that is rolled back,
    never committed; tests that write and then read pages must see the version change
    as each write would in production, where it is committed. ``transactional_db``
    tests commit, so they keep the production behaviour.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("_django_db_marker" if marker is not None else "db")
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS certdir_version_pending_bump IMMEDIATE")


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Each test starts in English: a request activates its page's language in the thread
    (certdir.i18n.LanguageMiddleware, as every request sets its own), and a test that asked
    for a /fr/ page would otherwise leave French to the next test's reverse() and gettext."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
