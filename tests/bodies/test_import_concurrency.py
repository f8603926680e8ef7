"""One import at a time: a second one is refused at once with a clear message.

The threaded tests need PostgreSQL (run with DATABASE_URL=postgres://...): each thread
has its own connection and the tests commit. An import is paused in the middle of its
write transaction, after its first chunk, while the other connection works. The
helpers serve ``test_import_deadlock`` too.
"""

import csv
import io
import threading

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, transaction
from django.test import Client

from accreditation.models import DirectoryVersion
from bodies.csvio import apply, plan, staging
from bodies.csvio.format import COLUMNS
from bodies.csvio.importer import ImportBusy, import_bodies_csv
from bodies.models import CertificationBody

IMPORT_URL = "/admin/bodies/certificationbody/import/"
BUSY = "Another import is running; try again when it has finished."
# Generous: a deadlock is detected after deadlock_timeout (1 s by default).
WAIT = 10


def body_row(name, city):
    return [name, "DE", city, "", "", *[""] * (len(COLUMNS) - 5)]


def csv_bytes(*rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


def version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM accreditation_directoryversion WHERE id = 1")
        return cursor.fetchone()[0]


class PausedImport:
    """An import in a thread of its own that stops after writing its first chunk."""

    def __init__(self, data):
        self.data = data
        self.paused = threading.Event()
        self.resume = threading.Event()
        self.error = None
        self.report = None
        self.thread = threading.Thread(target=self.run)

    def progress(self, **options):
        paused, resume = self.paused, self.resume

        class Bar:
            def update(self, n=1):
                if options["desc"] == "Writing" and n and not paused.is_set():
                    paused.set()
                    assert resume.wait(WAIT), "the test never resumed the import"

            def close(self):
                pass

        return Bar()

    def run(self):
        try:
            self.report = import_bodies_csv(file=io.BytesIO(self.data), progress=self.progress)
        except Exception as exc:  # handed to the test
            self.error = exc
        finally:
            self.paused.set()
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.paused.wait(WAIT), "the import never reached its first write"
        return self

    def __exit__(self, *exc_info):
        self.resume.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "the import did not finish"


def in_thread(function):
    """Run ``function`` in a thread with its own connection; return (thread, outcome)."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function()
        except Exception as exc:  # handed to the test
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def committed_bodies_and_a_file_changing_them(monkeypatch):
    """Bodies X and Y, committed; a file that changes both, X first, one row per chunk."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    monkeypatch.setattr(apply, "CHUNK_SIZE", 1)
    monkeypatch.setattr(plan, "CHUNK_SIZE", 1)
    DirectoryVersion.objects.get_or_create(pk=1)
    report = import_bodies_csv(
        file=io.BytesIO(csv_bytes(body_row("X Cert", "Bonn"), body_row("Y Cert", "Bonn")))
    )
    assert report.ok, report.errors
    return csv_bytes(body_row("X Cert", "Kiel"), body_row("Y Cert", "Kiel"))


@pytest.fixture
def two_bodies(transactional_db, django_db_serialized_rollback, monkeypatch):
    return committed_bodies_and_a_file_changing_them(monkeypatch)


def test_a_second_import_is_refused_at_once_while_one_runs(two_bodies, tmp_path):
    other = csv_bytes(body_row("Z Cert", "Essen"))

    with PausedImport(two_bodies) as running:
        with pytest.raises(ImportBusy, match=BUSY):
            import_bodies_csv(file=io.BytesIO(other))
        path = tmp_path / "other.csv"
        path.write_bytes(other)
        with pytest.raises(CommandError, match=BUSY):
            call_command("import_bodies", str(path), stdout=io.StringIO())
        # A dry run takes no lock.
        assert import_bodies_csv(file=io.BytesIO(other), dry_run=True).bodies_created == 1
    assert running.error is None
    assert not CertificationBody.objects.filter(name="Z Cert").exists()
    assert import_bodies_csv(file=io.BytesIO(other)).bodies_created == 1


def test_the_admin_says_another_import_is_running(two_bodies, admin_user, tmp_path, monkeypatch):
    monkeypatch.setattr(staging, "STAGING_DIR", tmp_path / "imports")
    client = Client()
    client.force_login(admin_user)
    upload = SimpleUploadedFile("other.csv", csv_bytes(body_row("Z Cert", "Essen")), "text/csv")
    token = client.post(IMPORT_URL, {"file": upload}).context["confirm_form"]["token"].value()

    with PausedImport(two_bodies):
        response = client.post(IMPORT_URL, {"token": token})

    assert response.status_code == 302
    assert response.url == IMPORT_URL
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == [f"{BUSY} Nothing was imported from other.csv."]
    assert not CertificationBody.objects.filter(name="Z Cert").exists()


@pytest.mark.django_db
def test_a_busy_sqlite_database_is_reported_as_another_import(monkeypatch, tmp_path):
    """SQLite's own write lock serialises imports; its timeout gives the same message."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")

    class LockedCursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            pass

        def execute(self, sql, params=None):
            raise OperationalError("database is locked")

    with transaction.atomic():
        monkeypatch.setattr(connection, "cursor", LockedCursor)
        with pytest.raises(ImportBusy, match=BUSY):
            apply.lock_imports()
        monkeypatch.undo()


@pytest.mark.django_db
def test_the_command_reports_a_busy_import_and_fails(monkeypatch, tmp_path):
    def busy():
        raise ImportBusy

    monkeypatch.setattr("bodies.csvio.importer.lock_imports", busy)
    path = tmp_path / "bodies.csv"
    path.write_bytes(csv_bytes(body_row("Z Cert", "Essen")))
    with pytest.raises(CommandError) as raised:
        call_command("import_bodies", str(path), stdout=io.StringIO())
    assert str(raised.value) == f"{BUSY} Nothing was imported."
    assert not CertificationBody.objects.exists()
