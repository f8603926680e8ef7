"""Reads from PostgreSQL streaming replicas (``DATABASE_REPLICA_URLS``).

``ReplicaMiddleware`` picks one database per request and ``ReplicaRouter`` sends every
read of that request to it; writes always go to the primary (``default``). The primary
serves every request that may write (any method but GET and HEAD), the admin, sessions
and users, and a signed-in curator's requests after their own write until the replica
has replayed it: the write sets a short-lived signed cookie holding the primary's
directory version, and a replica serves that browser again only once it has reached that
version.

The directory version is read from the database that serves the request (the page cache,
the reference data and the search index are keyed on it), and a page that is built rather
than served from the cache is built inside one REPEATABLE READ snapshot that starts with
that read. A lagging replica therefore serves an older page, never one mixing data from
before and after a write that it replays meanwhile.

A replica that fails to answer is left out for ``DOWN_SECONDS`` in this process and its
requests go to the next replica, then to the primary; ``/healthz?details=1`` says so.
"""

import contextlib
import contextvars
import logging
import os
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.urls import reverse

from accreditation.models import DirectoryVersion

logger = logging.getLogger(__name__)

PRIMARY = "default"
DOWN_SECONDS = 5
PIN_COOKIE = "certdir_primary"
PIN_SALT = "certdir.replicas.pin"
# A bound, not the usual duration: the pin lifts as soon as the replica has the write.
PIN_SECONDS = 10 * 60
# Read and written on the primary only: a login, a lockout or a session must never lag.
PRIMARY_APPS = {"admin", "auth", "axes", "sessions"}
SAFE_METHODS = ("GET", "HEAD")

_read_alias = contextvars.ContextVar("certdir_read_alias", default=None)
# alias -> time.monotonic() until which it is left out (this process only)
_down_until = {}


class ReplicaRouter:
    """Reads go to the request's database (see ``ReplicaMiddleware``), writes to the primary."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        return _read_alias.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas are copies of the primary: the same rows everywhere.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


def replica_aliases():
    """This process's replicas, rotated by process id so that workers share them out.

    A worker keeps to one replica: its directory version then only moves forward.
    """
    aliases = settings.DATABASE_REPLICAS
    if not aliases:
        return []
    start = os.getpid() % len(aliases)
    return aliases[start:] + aliases[:start]


def mark_down(alias, exc):
    """Leave ``alias`` out for ``DOWN_SECONDS`` in this process."""
    if _down_until.get(alias, 0) <= time.monotonic():
        logger.warning("Replica %s did not answer, reading from the next one: %s", alias, exc)
    _down_until[alias] = time.monotonic() + DOWN_SECONDS
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


def is_down(alias):
    return _down_until.get(alias, 0) > time.monotonic()


def pinned_version(request):
    """The directory version this browser's own last write made, or None."""
    value = request.get_signed_cookie(PIN_COOKIE, None, salt=PIN_SALT, max_age=PIN_SECONDS)
    return int(value) if value and value.isdigit() else None


def begin_snapshot(request):
    """Hold one REPEATABLE READ snapshot on the request's replica; its directory version.

    Every query until the response is complete then sees the directory as of that version.
    On the primary (no replica for this request) the version already read is returned.
    """
    alias = _read_alias.get()
    if alias is None or hasattr(request, "replica_snapshot"):
        return request.directory_version
    atomic = transaction.atomic(using=alias)
    atomic.__enter__()
    request.replica_snapshot = atomic
    with connections[alias].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    request.directory_version = DirectoryVersion.current(using=alias)
    return request.directory_version


def _end_snapshot(request):
    atomic = getattr(request, "replica_snapshot", None)
    if atomic is None:
        return
    try:
        atomic.__exit__(None, None, None)
    except DatabaseError as exc:
        logger.warning("Closing a read snapshot failed: %s", exc)


class ReplicaMiddleware:
    """Serve each request from one database: a replica when it may, else the primary."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.primary_paths = (reverse("admin:index"), reverse("healthz"))

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        token = _read_alias.set(self.read_alias(request))
        try:
            response = self.get_response(request)
        finally:
            _end_snapshot(request)
            _read_alias.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                self.pin(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Pages in the page cache begin theirs on a miss only (certdir.cache).
        view_class = getattr(view_func, "view_class", None)
        if _read_alias.get() is not None and not hasattr(view_class, "page_cache_variant"):
            begin_snapshot(request)

    def read_alias(self, request):
        """A replica that has this browser's own writes, or None for the primary."""
        if request.method not in SAFE_METHODS or request.path_info.startswith(self.primary_paths):
            return None
        pinned = pinned_version(request)
        for alias in replica_aliases():
            if is_down(alias):
                continue
            try:
                version = DirectoryVersion.current(using=alias)
            except DatabaseError as exc:
                mark_down(alias, exc)
                continue
            if pinned is not None and version < pinned:
                return None
            request.directory_version = version
            return alias
        return None

    def pin(self, response):
        """Send this browser to the primary until the replicas have its write."""
        version = DirectoryVersion.current(using=PRIMARY)
        response.set_signed_cookie(
            PIN_COOKIE,
            str(version),
            salt=PIN_SALT,
            max_age=PIN_SECONDS,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )

    def process_exception(self, request, exception):
        alias = _read_alias.get()
        if alias is not None and isinstance(exception, OperationalError | InterfaceError):
            # The outage middleware answers this request; the next one reads elsewhere.
            mark_down(alias, exception)


def replica_states():
    """Each replica's state for ``/healthz?details=1``: answering, and how far behind."""
    primary = DirectoryVersion.current(using=PRIMARY)
    states = []
    for alias in settings.DATABASE_REPLICAS:
        try:
            version = DirectoryVersion.current(using=alias)
        except DatabaseError as exc:
            mark_down(alias, exc)
            states.append({"name": alias, "state": "down: reads go to the primary"})
            continue
        states.append(
            {
                "name": alias,
                "state": "left out for a few seconds" if is_down(alias) else "ok",
                "directory_version": version,
                "versions_behind": max(primary - version, 0),
            }
        )
    return primary, states
