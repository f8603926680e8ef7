"""Two application servers, a PostgreSQL primary and a streaming replica, for real.

A curator's write on one server is seen by the curator at once on both servers (their
requests go to the primary), by everyone else on both servers as soon as the replica has
replayed it, and never half: every page is wholly before or wholly after the write.
"""

import contextlib
import os
import threading
from dataclasses import dataclass

import pytest
import redis
import requests
from django.conf import settings

from tests.replicas.cluster import (
    Cluster,
    FormValues,
    Gunicorn,
    create_primary,
    create_replica,
    manage,
    missing_tools,
    replayed,
)

pytestmark = pytest.mark.slow

SEED = """
from django.contrib.auth.models import User
from bodies.models import CertificationBody
User.objects.create_superuser("curator", "curator@example.org", "replica-test-password")
CertificationBody.objects.create(
    name="Replica Probe Before", slug="replica-probe", country="PL", city="Beforeton"
)
for n in range(5):
    CertificationBody.objects.create(name=f"Other Body {n}", slug=f"other-{n}", country="PL")
"""
BEFORE, AFTER = ("Replica Probe Before", "Beforeton"), ("Replica Probe After", "Afterville")
# Each page, and how to tell from its HTML whether it was built before or after the write.
PAGES = {
    "/bodies/replica-probe/": lambda html: _state(
        all(m in html for m in BEFORE) and not any(m in html for m in AFTER),
        all(m in html for m in AFTER) and not any(m in html for m in BEFORE),
    ),
    # The write moves the body from Poland to Czechia: search index and rows must agree.
    "/bodies/?country=PL": lambda html: _state(
        BEFORE[0] in html and AFTER[0] not in html, BEFORE[0] not in html and AFTER[0] not in html
    ),
    "/bodies/?country=CZ": lambda html: _state(
        BEFORE[0] not in html and AFTER[0] not in html, AFTER[0] in html and BEFORE[0] not in html
    ),
}


def _state(before, after):
    return "before" if before else "after" if after else "mixed"


def page_state(session, server, path):
    response = session.get(server.base + path, timeout=30)
    assert response.status_code == 200, (path, response.status_code)
    return PAGES[path](response.text)


def need(condition, reason):
    """Skip without ``condition``, except in CI, where this test must run."""
    if not condition:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the replica test: {reason}")
        pytest.skip(reason)


@dataclass
class Deployment:
    primary: Cluster
    replica: Cluster
    servers: list


@pytest.fixture
def deployment(tmp_path):
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("the replica test needs PostgreSQL (DATABASE_URL=postgres://...)")
    need(not missing_tools(), missing_tools())
    redis_url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
    need(redis_url, "set TEST_REDIS_URL to a Redis database the servers may share")
    tag = f"certdir_replica_test_{os.getpid()}"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in ("REDIS_URL", "DATABASE_REPLICA_URLS")
    }
    with contextlib.ExitStack() as cleanup:
        primary, replica = Cluster(f"{tag}_primary"), Cluster(f"{tag}_replica")
        cleanup.callback(primary.drop)
        cleanup.callback(replica.drop)
        create_primary(primary)
        primary.query("CREATE DATABASE certdir")
        # DEBUG, so that session cookies travel over the test's plain HTTP.
        env.update(
            DJANGO_SETTINGS_MODULE="certdir.settings",
            DJANGO_DEBUG="1",
            DJANGO_SECRET_KEY="replica-test-only-" + "x" * 40,
            DJANGO_LOG_LEVEL="WARNING",
            DATABASE_URL=primary.url("certdir"),
        )
        manage(env, "migrate", "-v0")
        manage(env, "shell", "-c", SEED)
        create_replica(replica, primary)
        env.update(
            DATABASE_REPLICA_URLS=replica.url("certdir"), REDIS_URL=redis_url, CACHE_KEY_PREFIX=tag
        )
        client = redis.Redis.from_url(redis_url)
        cleanup.callback(lambda: [client.delete(key) for key in client.scan_iter(f"{tag}*")])
        log = cleanup.enter_context(open(tmp_path / "gunicorn.log", "ab"))
        servers = [Gunicorn(env, log, tmp_path / f"server{n}") for n in (1, 2)]
        for server in servers:
            cleanup.callback(server.stop)
        for server in servers:
            wait_for_health(server)
        yield Deployment(primary, replica, servers)


def wait_for_health(server):
    for _ in range(300):
        with contextlib.suppress(requests.ConnectionError):
            if requests.get(server.base + "/healthz", timeout=60).status_code == 200:
                return
        assert server.process.poll() is None, "gunicorn exited; see its log"
        threading.Event().wait(0.2)
    raise AssertionError("gunicorn did not answer /healthz within a minute")


def curator_renames_the_probe(curator, server, body_id):
    """Sign in to the admin on ``server`` and change the probe body's name, city and country."""
    login = server.base + "/admin/login/"
    curator.get(login, timeout=30)
    response = curator.post(
        login,
        data={
            "username": "curator",
            "password": "replica-test-password",
            "csrfmiddlewaretoken": curator.cookies["csrftoken"],
            "next": "/admin/",
        },
        timeout=30,
    )
    assert response.url.endswith("/admin/"), "the curator could not sign in"
    change = f"{server.base}/admin/bodies/certificationbody/{body_id}/change/"
    form = FormValues("certificationbody_form")
    form.feed(curator.get(change, timeout=30).text)
    new = {"name": AFTER[0], "city": AFTER[1], "country": "CZ"}
    data = [(name, new.get(name, value)) for name, value in form.values] + [("_save", "Save")]
    response = curator.post(change, data=data, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[:2000]


def test_a_curators_write_reaches_both_servers_whole_when_the_replica_has_it(deployment):
    primary, replica = deployment.primary, deployment.replica
    anonymous, curator = requests.Session(), requests.Session()
    for server in deployment.servers:
        for path in PAGES:
            assert page_state(anonymous, server, path) == "before"
        details = requests.get(server.base + "/healthz?details=1", timeout=30).json()
        assert [r["state"] for r in details["replicas"]] == ["ok"]
        assert details["cache"] == {"backend": "redis", "state": "ok"}

    # The replica holds back what it receives: readers keep the old directory meanwhile.
    replica.query("SELECT pg_wal_replay_pause()")
    (body_id,) = primary.query(
        "SELECT id FROM bodies_certificationbody WHERE slug = 'replica-probe'", "certdir"
    )[0]
    curator_renames_the_probe(curator, deployment.servers[0], body_id)
    assert not replayed(primary, replica)
    for server in deployment.servers:
        for path in PAGES:
            # The curator's requests go to the primary until the replica has the write.
            assert page_state(curator, server, path) == "after"
            assert page_state(anonymous, server, path) == "before"

    # Readers on both servers while the replica replays the write: never half of it.
    seen, stop = {server.port: [] for server in deployment.servers}, threading.Event()

    def read(server):
        session = requests.Session()
        while not stop.is_set():
            for path in PAGES:
                try:
                    seen[server.port].append((path, page_state(session, server, path)))
                except (AssertionError, requests.RequestException) as exc:
                    seen[server.port].append((path, f"failed: {exc!r}"))

    readers = [threading.Thread(target=read, args=(s,)) for s in deployment.servers]
    for reader in readers:
        reader.start()
    try:
        replica.query("SELECT pg_wal_replay_resume()")
        for _ in range(300):
            if replayed(primary, replica):
                break
            threading.Event().wait(0.1)
        assert replayed(primary, replica)
        # As soon as the replica has it, every server shows it.
        for server in deployment.servers:
            for path in PAGES:
                assert page_state(anonymous, server, path) == "after"
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    for states in seen.values():
        assert states and all(state in ("before", "after") for _, state in states), states
        for path in PAGES:
            # One replica, read forwards only: once after, a page never goes back.
            sequence = [state for p, state in states if p == path]
            assert sequence == sorted(sequence, key=["before", "after"].index)
