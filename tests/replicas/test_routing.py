"""Routing reads to replicas, pinning a curator to the primary, and the fallbacks, in-process.

The live test (test_live.py) runs a real replica; here the test database stands in for one.
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import OperationalError
from django.http import HttpResponse

from accreditation.models import DirectoryVersion
from bodies.models import CertificationBody
from certdir import replicas
from certdir.caches import FallbackRedisCache
from certdir.replicas import PIN_COOKIE, PIN_SALT, ReplicaMiddleware, ReplicaRouter

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_replica(settings):
    # The test database plays the replica: what is observed is where reads go.
    settings.DATABASE_REPLICAS = ["default"]
    replicas._down_until.clear()
    yield
    replicas._down_until.clear()


def signed_pin(version):
    response = HttpResponse()
    response.set_signed_cookie(PIN_COOKIE, str(version), salt=PIN_SALT)
    return response.cookies[PIN_COOKIE].value


def test_the_router_sends_writes_accounts_and_sessions_to_the_primary():
    router = ReplicaRouter()
    token = replicas._read_alias.set("replica1")
    try:
        assert router.db_for_read(CertificationBody) == "replica1"
        assert router.db_for_read(User) == "default"
        assert router.db_for_write(CertificationBody) == "default"
    finally:
        replicas._read_alias.reset(token)
    assert router.db_for_read(CertificationBody) is None
    assert not router.allow_migrate("replica1", "bodies")
    assert router.allow_migrate("default", "bodies")


def test_a_signed_in_write_pins_the_browser_to_the_primary_until_the_replica_has_it(
    one_replica, rf
):
    user = User.objects.create_user("curator", is_staff=True)
    middleware = ReplicaMiddleware(lambda request: HttpResponse(status=302))
    request = rf.post("/admin/bodies/certificationbody/1/change/")
    request.user = user
    pin = middleware(request).cookies[PIN_COOKIE]
    assert pin["httponly"] and pin["max-age"] == replicas.PIN_SECONDS

    reader = rf.get("/bodies/")
    reader.COOKIES[PIN_COOKIE] = pin.value
    assert replicas.pinned_version(reader) == DirectoryVersion.current()
    assert middleware.read_alias(reader) == "default"  # the replica has the write
    reader = rf.get("/bodies/")
    reader.COOKIES[PIN_COOKIE] = signed_pin(DirectoryVersion.current() + 1)
    assert middleware.read_alias(reader) is None  # it has not: the primary serves
    reader.COOKIES[PIN_COOKIE] = pin.value[:-2] + "xx"
    assert replicas.pinned_version(reader) is None  # forged or damaged: ignored


@pytest.mark.parametrize("method, signed_in", [("post", False), ("get", True)])
def test_only_a_signed_in_users_write_pins(one_replica, rf, method, signed_in):
    middleware = ReplicaMiddleware(lambda request: HttpResponse())
    request = getattr(rf, method)("/bodies/x/report/")
    request.user = User.objects.create_user("someone") if signed_in else AnonymousUser()
    assert PIN_COOKIE not in middleware(request).cookies


def test_the_admin_and_writes_are_served_by_the_primary(one_replica, rf):
    middleware = ReplicaMiddleware(lambda request: HttpResponse())
    assert middleware.read_alias(rf.get("/admin/bodies/")) is None
    assert middleware.read_alias(rf.post("/bodies/x/report/")) is None
    assert middleware.read_alias(rf.get("/healthz")) is None
    request = rf.get("/bodies/")
    assert middleware.read_alias(request) == "default"
    assert request.directory_version == DirectoryVersion.current()


class ClosedConnection:
    def close(self):
        pass


def test_a_replica_that_fails_is_left_out_and_the_primary_serves(settings, rf, monkeypatch):
    settings.DATABASE_REPLICAS = ["replica-gone"]
    monkeypatch.setattr(replicas, "_down_until", {})
    monkeypatch.setattr(replicas, "connections", {"replica-gone": ClosedConnection()})
    reads = []

    def current(using=None):
        reads.append(using)
        raise OperationalError("connection refused")

    monkeypatch.setattr(replicas.DirectoryVersion, "current", current)
    middleware = ReplicaMiddleware(lambda request: HttpResponse())
    assert middleware.read_alias(rf.get("/bodies/")) is None
    assert replicas.is_down("replica-gone")
    # Left out for a while: the next requests do not wait for it again.
    assert middleware.read_alias(rf.get("/bodies/")) is None
    assert reads == ["replica-gone"]


def test_a_replica_failing_mid_request_is_left_out_for_the_next_requests(monkeypatch):
    monkeypatch.setattr(replicas, "_down_until", {})
    monkeypatch.setattr(replicas, "connections", {"replica1": ClosedConnection()})
    middleware = ReplicaMiddleware(lambda request: HttpResponse())
    token = replicas._read_alias.set("replica1")
    try:
        middleware.process_exception(None, ValueError("a bug, not the replica"))
        assert not replicas.is_down("replica1")
        middleware.process_exception(None, OperationalError("server closed the connection"))
    finally:
        replicas._read_alias.reset(token)
    assert replicas.is_down("replica1")


def test_the_cache_falls_back_to_process_memory_while_redis_does_not_answer():
    # Nothing listens on port 1: every Redis call fails at once.
    cache = FallbackRedisCache("redis://127.0.0.1:1/0", {"KEY_PREFIX": "t"})
    cache.set("page", b"body")
    assert cache.get("page") == b"body"
    assert cache.add("count", 0) and cache.incr("count") == 1
    assert cache.state().startswith("down")
    exports = FallbackRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"FALLBACK_MAX_ENTRIES": 4}})
    assert exports.fallback._max_entries == 4


def test_healthz_details_say_what_serves(one_replica, client):
    response = client.get("/healthz?details=1")
    assert response.status_code == 200
    details = json.loads(response.content)
    version = DirectoryVersion.current()
    assert details["database"] == {"state": "ok", "directory_version": version}
    assert details["replicas"] == [
        {"name": "default", "state": "ok", "directory_version": version, "versions_behind": 0}
    ]
    assert details["cache"] == {"backend": "process memory", "state": "ok"}
    assert client.get("/healthz").content == b"ok"
