"""The database going away gives friendly 503 pages, and the server recovers by itself.

The unit tests raise the database errors in-process (both databases); on PostgreSQL a
real gunicorn serves the test database while its connections are terminated and new
ones refused, then allowed again. ``bench/load --db-outage`` does the same by stopping
and starting the PostgreSQL server.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from accreditation.models import DirectoryVersion
from bodies.views import BodyDetailView
from tests.factories import CertificationBodyFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SECRET = "db.internal.example:5432 password authentication failed"


def fail_with(error):
    def fail(*args, **kwargs):
        raise error(SECRET)

    return fail


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Temporarily unavailable" in html
    for leak in (SECRET, "Traceback", "OperationalError", "InterfaceError"):
        assert leak not in html
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize("url", ["/", "/bodies/?q=tuv", "/standards/", "/accreditation-bodies/"])
def test_cached_pages_answer_503_when_the_database_is_gone(client, monkeypatch, error, url):
    # The page cache asks the database for the directory version before anything else.
    monkeypatch.setattr(DirectoryVersion, "current", fail_with(error))
    assert_friendly_503(client.get(url))


def test_a_body_page_answers_503_when_the_database_fails_mid_request(client, monkeypatch):
    body = CertificationBodyFactory()
    monkeypatch.setattr(BodyDetailView, "get_object", fail_with(OperationalError))
    assert_friendly_503(client.get(body.get_absolute_url()))


def test_admin_pages_answer_503_too(admin_client, monkeypatch):
    monkeypatch.setattr(
        "django.contrib.admin.options.ModelAdmin.get_queryset", fail_with(OperationalError)
    )
    assert_friendly_503(admin_client.get("/admin/bodies/certificationbody/"))


def test_other_errors_are_not_mistaken_for_an_outage(monkeypatch):
    monkeypatch.setattr(DirectoryVersion, "current", fail_with(ValueError))
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500


def test_healthz_answers_503_without_the_database(client, monkeypatch):
    monkeypatch.setattr(connection, "cursor", fail_with(OperationalError))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert SECRET not in response.content.decode()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def database_url(settings_dict):
    user = settings_dict["USER"] or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def gunicorn():
    """A gunicorn worker (DEBUG off) serving the test database, with its base URL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "certdir.settings_test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    env.pop("DJANGO_DEBUG", None)
    command = [sys.executable, "-m", "gunicorn", "certdir.wsgi", "--workers", "1"]
    server = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def admin_connection():
    """A connection of our own to the maintenance database, to cut the test database off."""
    import psycopg

    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as conn:
        yield conn


def cut_off(conn, name, *, refuse_new):
    """Terminate the server's connections to ``name`` (not this test's own)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    if refuse_new:
        conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> %s AND pid <> pg_backend_pid()",
        [name, own],
    )


def test_a_terminated_connection_is_replaced_without_an_error(gunicorn, admin_connection):
    name = connection.settings_dict["NAME"]
    assert get(gunicorn + "/standards/")[0] == 200
    cut_off(admin_connection, name, refuse_new=False)
    assert get(gunicorn + "/standards/")[0] == 200


def test_an_outage_gives_503_then_the_server_recovers_by_itself(gunicorn, admin_connection):
    name = connection.settings_dict["NAME"]
    assert get(gunicorn + "/accreditation-bodies/")[0] == 200
    try:
        cut_off(admin_connection, name, refuse_new=True)
        for url in ("/accreditation-bodies/", "/bodies/?q=tuv", "/healthz"):
            status, html = get(gunicorn + url)
            assert status == 503, url
            assert "Traceback" not in html
        assert "Temporarily unavailable" in get(gunicorn + "/standards/")[1]
    finally:
        admin_connection.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
    for url in ("/accreditation-bodies/", "/bodies/?q=tuv", "/healthz"):
        assert get(gunicorn + url)[0] == 200, url
