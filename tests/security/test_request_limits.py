"""Large request bodies are refused before anything reads them, unless signed-in staff send
them; and gunicorn, as configured by gunicorn.conf.py, is not stopped by a few slow clients.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bodies.csvio.staging import MAX_UPLOAD_SIZE
from tests.security.test_hostile_imports import csv_bytes, good_row
from tests.security.test_settings import assert_permissions_policy

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
IMPORT_URL = "/admin/bodies/certificationbody/import/"
HUGE = str(300 * 1024 * 1024)


class UnreadableBody:
    """A request body (wsgi.input) that fails the test if anything reads it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        raise AssertionError("the request body was read")

    readline = read


def post_unread(client, path, **environ):
    """POST to ``path`` with the given headers and a body that must not be read.

    Multipart, as an upload is: Django streams its files to disk as it reads them.
    """
    body = UnreadableBody()
    headers = {"CONTENT_TYPE": "multipart/form-data; boundary=hostile", "wsgi.input": body}
    response = client.generic("POST", path, **headers, **environ)
    assert body.reads == 0
    return response


def assert_refused(response):
    assert response.status_code == 413
    assert_permissions_policy(response)
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def strict_client():
    """Checks the CSRF token as a real server does, and has a CSRF cookie (anyone can get
    one), so that the check reads a POST's body to look for the token.
    """
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    return client


@pytest.mark.parametrize("path", ["/", "/bodies/", "/admin/login/", IMPORT_URL, "/no-such/"])
def test_an_anonymous_large_body_is_refused_unread(strict_client, path):
    assert_refused(post_unread(strict_client, path, CONTENT_LENGTH=HUGE))


def test_an_anonymous_chunked_body_is_refused_unread(strict_client):
    response = post_unread(strict_client, "/admin/login/", HTTP_TRANSFER_ENCODING="chunked")
    assert_refused(response)


def test_a_forged_session_cookie_does_not_lift_the_limit(strict_client):
    strict_client.cookies[settings.SESSION_COOKIE_NAME] = "forged-session-key"
    assert_refused(post_unread(strict_client, IMPORT_URL, CONTENT_LENGTH=HUGE))


def test_a_signed_in_user_who_is_not_staff_is_refused(strict_client, django_user_model):
    strict_client.force_login(django_user_model.objects.create_user(username="visitor"))
    assert_refused(post_unread(strict_client, IMPORT_URL, CONTENT_LENGTH=HUGE))


def test_staff_are_refused_beyond_their_own_limit(strict_client, curator):
    strict_client.force_login(curator)
    too_big = str(settings.STAFF_MAX_REQUEST_BODY + 1)
    assert_refused(post_unread(strict_client, IMPORT_URL, CONTENT_LENGTH=too_big))


def large_csv():
    """A file over the anonymous limit and under the import's, which it reads and reports on."""
    return csv_bytes([good_row(1), [f"Huge {'x' * 1536 * 1024}", *good_row(2)[1:]]])


def test_staff_upload_files_larger_than_the_anonymous_limit(curator_client):
    data = large_csv()
    assert settings.ANONYMOUS_MAX_REQUEST_BODY < len(data) < MAX_UPLOAD_SIZE
    upload = SimpleUploadedFile("big.csv", data, content_type="text/csv")
    response = curator_client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    assert b"nothing was imported" in response.content


def test_the_same_upload_from_an_anonymous_client_is_refused(strict_client):
    upload = SimpleUploadedFile("big.csv", large_csv(), content_type="text/csv")
    assert_refused(strict_client.post(IMPORT_URL, {"file": upload}))


def test_small_anonymous_posts_go_through(strict_client):
    # The login form, refused here for its missing CSRF token, not for its size.
    response = strict_client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403


def test_the_limits_fit_the_site():
    # The import form explains a file over its limit, rather than a bare 413.
    assert settings.STAFF_MAX_REQUEST_BODY > MAX_UPLOAD_SIZE + 64 * 1024
    assert settings.ANONYMOUS_MAX_REQUEST_BODY <= 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.ANONYMOUS_MAX_REQUEST_BODY


def gunicorn_env(tmp_path, **overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="certdir.settings_test",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **overrides,
    )
    return env


def gunicorn_config(env):
    """gunicorn's settings when started as the README says, from the project folder."""
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config", "certdir.wsgi"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = (line.partition("=") for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, _, value in lines}


def test_gunicorn_conf_is_safe_by_default(tmp_path):
    config = gunicorn_config(gunicorn_env(tmp_path))
    assert config["worker_class"] == "gthread"
    assert int(config["threads"]) >= 4
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["workers"] == "2"
    assert 0 < int(config["timeout"]) <= 60
    assert 0 < int(config["keepalive"]) <= 10
    assert 0 < int(config["limit_request_line"]) <= 8190
    assert 0 < int(config["limit_request_fields"]) <= 100
    assert 0 < int(config["limit_request_field_size"]) <= 8190


def test_gunicorn_conf_reads_bind_workers_and_threads_from_the_environment(tmp_path):
    env = gunicorn_env(
        tmp_path, GUNICORN_BIND="0.0.0.0:8080", GUNICORN_WORKERS="5", GUNICORN_THREADS="3"
    )
    config = gunicorn_config(env)
    assert (config["bind"], config["workers"], config["threads"]) == ("['0.0.0.0:8080']", "5", "3")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn as the README starts it (the config file, its two workers), with its port."""
    port = free_port()
    env = gunicorn_env(tmp_path, GUNICORN_BIND=f"127.0.0.1:{port}")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "certdir.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_slow_clients_do_not_stop_the_server(gunicorn):
    slow = []
    try:
        # More slow clients than workers, each sending half a request and then nothing.
        for _ in range(4):
            sock = socket.create_connection(("127.0.0.1", gunicorn))
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(sock)
        time.sleep(0.5)
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{gunicorn}/healthz", timeout=10) as r:
            assert r.status == 200
        assert time.monotonic() - started < 2
    finally:
        for sock in slow:
            sock.close()
