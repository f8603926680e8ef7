"""An import against a curator's edit: no deadlock, the version bumped once per commit.

Needs PostgreSQL for the threaded tests (see ``test_import_concurrency``). The
directory version is bumped once per committed transaction, at its commit (migration
accreditation 0010), so the import no longer holds the version row from its first
write, which the edit then waited for while the import waited for the edit's row.
"""

import pytest
from django.db import transaction

from bodies.models import CertificationBody
from tests.bodies.test_import_concurrency import (
    WAIT,
    PausedImport,
    committed_bodies_and_a_file_changing_them,
    in_thread,
    version,
)


@pytest.fixture
def two_bodies(transactional_db, django_db_serialized_rollback, monkeypatch):
    return committed_bodies_and_a_file_changing_them(monkeypatch)


def test_an_edit_during_an_import_waits_for_no_lock_and_both_commit(two_bodies):
    before = version()
    y = CertificationBody.objects.get(name="Y Cert")

    def curator_edit():
        with transaction.atomic():
            body = CertificationBody.objects.select_for_update().get(pk=y.pk)
            body.phone = "+49 30 1234"
            body.save()

    with PausedImport(two_bodies) as running:
        # The import has written X and holds its transaction open. Before, the edit
        # then waited for the directory version row that the import had updated, and
        # the import, going on to Y, waited for the edit: a deadlock.
        thread, outcome = in_thread(curator_edit)
        thread.join(WAIT)
        assert not thread.is_alive(), "the edit waited for the import"
        assert outcome == {"result": None}
        # One committed transaction so far: one bump, none for the import's writes.
        assert version() == before + 1
    assert running.error is None
    assert running.report.bodies_updated == 2
    # The import's statements, one chunk of one row each, bump once, at its commit.
    assert version() == before + 2
    y.refresh_from_db()
    assert (y.city, y.phone) == ("Kiel", "+49 30 1234")
    assert CertificationBody.objects.get(name="X Cert").city == "Kiel"


def test_an_edit_of_a_row_the_import_wrote_waits_for_that_row_only(two_bodies):
    before = version()
    x = CertificationBody.objects.get(name="X Cert")

    def curator_edit():
        with transaction.atomic():
            return CertificationBody.objects.filter(pk=x.pk).update(phone="+49 30 1234")

    with PausedImport(two_bodies) as running:
        thread, outcome = in_thread(curator_edit)
        thread.join(0.5)
        assert thread.is_alive(), "the edit did not wait for the row the import wrote"
    thread.join(WAIT)
    assert outcome == {"result": 1}
    assert running.error is None
    assert version() == before + 2
    x.refresh_from_db()
    assert (x.city, x.phone) == ("Kiel", "+49 30 1234")
