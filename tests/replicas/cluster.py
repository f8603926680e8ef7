"""Throwaway PostgreSQL clusters and gunicorn servers for the live replica test.

The clusters are made with Debian's cluster tools on free ports and removed afterwards:
a primary of the test's own (so the machine's PostgreSQL and its data are never
touched) and a streaming replica of it made with ``pg_basebackup``.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PG_TOOLS = ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "pg_basebackup", "runuser")
# Small and fast: a throwaway cluster needs neither durability nor much memory.
SERVER_OPTIONS = ("fsync=off", "shared_buffers=16MB", "max_connections=40", "hot_standby=on")


def missing_tools():
    """Why the live replica test cannot run here, or "" when it can."""
    missing = [tool for tool in PG_TOOLS if shutil.which(tool) is None]
    if missing:
        return f"PostgreSQL's cluster tools are missing: {', '.join(missing)}"
    if os.geteuid() != 0:
        return "creating PostgreSQL clusters needs root"
    if not pg_version():
        return "no PostgreSQL server under /usr/lib/postgresql"
    return ""


def pg_version():
    """The newest installed PostgreSQL major version, e.g. "15"."""
    base = Path("/usr/lib/postgresql")
    versions = (
        sorted(int(p.name) for p in base.iterdir() if p.name.isdigit()) if base.is_dir() else []
    )
    return str(versions[-1]) if versions else ""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*command):
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr}"


class Cluster:
    """One PostgreSQL cluster made by ``pg_createcluster``; ``drop()`` removes all of it."""

    def __init__(self, name):
        self.version, self.name, self.port = pg_version(), name, free_port()
        self.conf_dir = Path(f"/etc/postgresql/{self.version}/{name}")
        self.data_dir = Path(f"/var/lib/postgresql/{self.version}/{name}")

    def create(self):
        options = [arg for option in SERVER_OPTIONS for arg in ("-o", option)]
        run("pg_createcluster", self.version, self.name, "-p", str(self.port), *options)

    def trust_loopback(self):
        """Let loopback connections in without a password, replication ones included."""
        hba = self.conf_dir / "pg_hba.conf"
        # First match wins: these lines come before the packaged ones.
        trust = "host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
        hba.write_text(trust + hba.read_text())

    def start(self):
        run("pg_ctlcluster", self.version, self.name, "start")

    def drop(self):
        subprocess.run(
            ["pg_dropcluster", "--stop", self.version, self.name], capture_output=True, check=False
        )

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, sql, database="postgres", autocommit=True):
        with psycopg.connect(self.url(database), autocommit=autocommit, connect_timeout=5) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while True:
            try:
                return self.query("SELECT 1")
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def create_primary(primary):
    """Start ``primary``, trusting loopback connections, replication ones included."""
    primary.create()
    primary.trust_loopback()
    primary.start()
    primary.wait_until_up()


def create_replica(replica, primary):
    """Start ``replica`` as a hot standby of ``primary``, copied by ``pg_basebackup``."""
    replica.create()
    # Emptied, not removed: postgres may not create directories next to it.
    for path in replica.data_dir.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    run(
        "runuser", "-u", "postgres", "--", "pg_basebackup",
        "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
        "-D", str(replica.data_dir), "--write-recovery-conf", "--wal-method=stream",
        "--checkpoint=fast",
    )  # fmt: skip
    replica.trust_loopback()
    replica.start()
    replica.wait_until_up()


def replayed(primary, replica):
    """Whether ``replica`` has replayed everything ``primary`` has written so far."""
    (target,) = primary.query("SELECT pg_current_wal_lsn()")[0]
    (done,) = replica.query(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]
    return done


def manage(env, *args):
    """Run a manage.py command against the environment's database."""
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


class Gunicorn:
    """One application server, as in production: gunicorn's threaded workers."""

    def __init__(self, env, log, home):
        self.port = free_port()
        # gunicorn 27 puts a control socket under $HOME: one for each server, not the user's.
        home.mkdir()
        env = {**env, "HOME": str(home)}
        command = [sys.executable, "-m", "gunicorn", "certdir.wsgi", "--workers", "2"]
        command += ["--worker-class", "gthread", "--threads", "4"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"]
        # Kept-alive client connections would hold a stopping worker for the default 30 s.
        command += ["--graceful-timeout", "5"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class FormValues(HTMLParser):
    """What a browser submits for the form with ``form_id``: its named, successful fields."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.append(
                (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.values.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.values.append((self._textarea, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data.removeprefix("\n") if not value else value + data)
