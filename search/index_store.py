"""Search index arrays shared by the processes of one server, through mapped files.

Each gunicorn worker used to build and hold its own copy of the index's arrays (hundreds
of MiB at a million bodies). Here the arrays of a directory version are written once, as
``.npy`` files, by the first process that needs them, under an exclusive file lock (so
two workers never build or patch the same version at once), and every process maps them
read-only (``np.load(mmap_mode="r")``): the page cache holds one copy for the server.

A version's files are listed in a manifest written last and atomically (temporary file,
then ``os.replace``): a reader sees a whole version or none. An array a patch left
unchanged keeps the file it came from, so a write rewrites only what it changed. Version
numbers are per database, and a database can reach a number again with other data
(recreated, flushed, restored, a test's rollback); so a manifest is also keyed on a token
naming the history the number belongs to, read in the snapshot the index is read in:
PostgreSQL's transaction that last wrote the version row (with the server's start time),
SQLite's database file identity and modification time; and on Linux the boot, so that a
file torn by a power loss is never read. Anything unusual (no ``fcntl``, an in-memory
database, a folder another user could write, a missing, partial or corrupt file) leaves
the process to build and keep its own index, as without the store.
"""

import collections
import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connections

from accreditation.models import DirectoryVersion

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so each process keeps its own index.
    fcntl = None

logger = logging.getLogger(__name__)

# Manifests kept per database: the newest versions, for workers still on one of them.
KEPT_MANIFESTS = 4
# How long a process waits for another one's build before building for itself (below
# gunicorn's 30 s worker timeout).
LOCK_WAIT = 25.0
ARRAY_FILE = re.compile(r"a-[0-9a-f]{32}\.npy")
# Manifests this process wrote (``forget``: tests roll a version back with its data).
_written = []
# (folder, file): the array mapped from it, for the files of the versions loaded last.
_mapped = {}
_recent = collections.deque(maxlen=2)


def configured_root():
    """The store's folder, or None where sharing is off (``CERTDIR_INDEX_DIR=off``)."""
    value = getattr(settings, "CERTDIR_INDEX_DIR", None) or os.environ.get("CERTDIR_INDEX_DIR")
    if value and value.strip().lower() in {"off", "0", "no", "none"}:
        return None
    if value:
        return Path(value)
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"certdir-index-{uid}"


def _private_folder(path):
    """``path`` created if need be, if only this user can write in it (others could plant
    arrays there): else None."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = path.stat()
    except OSError as error:
        logger.warning("search index store %s unusable: %s", path, error)
        return None
    if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
        logger.warning("search index store %s is not this user's alone: not used", path)
        return None
    return path


def open_store(alias):
    """The store for the database ``alias``, or None where processes cannot share one."""
    root = configured_root()
    connection = connections[alias]
    if fcntl is None or root is None or connection.vendor not in {"postgresql", "sqlite"}:
        return None
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return None
    database = connection.settings_dict
    name = str(database["NAME"])
    if connection.vendor == "sqlite":
        name = os.path.realpath(name)
    key = "|".join([connection.vendor, str(database.get("HOST")), str(database.get("PORT")), name])
    folder = root / hashlib.sha256(key.encode()).hexdigest()[:16]
    if _private_folder(root) is None or _private_folder(folder) is None:
        return None
    return IndexStore(folder, alias)


def _boot_id():
    with contextlib.suppress(OSError):
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    return "no-boot-id"


class IndexStore:
    """One database's manifests and array files in one folder."""

    def __init__(self, folder, alias):
        self.folder, self.alias = folder, alias

    def version_and_token(self):
        """The directory version and the token of its history, in one query (the query
        ``DirectoryVersion.current`` makes), or (version, None) where there is no token."""
        connection = connections[self.alias]
        table = connection.ops.quote_name(DirectoryVersion._meta.db_table)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT version, xmin::text, pg_postmaster_start_time()::text "
                    f"FROM {table} WHERE id = 1"
                )
                row = cursor.fetchone()
            if row is None:
                return DirectoryVersion.current(using=self.alias), None
            return row[0], f"pg:{row[1]}:{row[2]}:{_boot_id()}"
        version = DirectoryVersion.current(using=self.alias)
        # Read inside the transaction after a read, so no commit can come in between (a
        # rollback journal's shared lock); with WAL the -wal file records the commits.
        path = os.path.realpath(connection.settings_dict["NAME"])
        try:
            main = os.stat(path)
        except OSError:
            return version, None
        wal = os.stat(path + "-wal").st_mtime_ns if os.path.exists(path + "-wal") else 0
        return version, f"sqlite:{main.st_dev}:{main.st_ino}:{main.st_mtime_ns}:{wal}:{_boot_id()}"

    def _manifest(self, version, token):
        digest = hashlib.sha256(token.encode()).hexdigest()[:16]
        return self.folder / f"v{version}-{digest}.json"

    def load(self, version, token):
        """(arrays by name, countries, files by name) for ``version``, mapped read-only, or
        None where the store has no whole and valid copy of them."""
        path = self._manifest(version, token)
        try:
            manifest = json.loads(path.read_text())
            if manifest["version"] != version or manifest["token"] != token:
                raise ValueError("the manifest names another version")
            arrays = {}
            for name, entry in manifest["arrays"].items():
                if not ARRAY_FILE.fullmatch(entry["file"]):
                    raise ValueError(f"{entry['file']!r} is not an array file of the store")
                array = _mapped.get((self.folder, entry["file"]))
                if array is None:
                    array = np.load(self.folder / entry["file"], mmap_mode="r", allow_pickle=False)
                    # A plain array over the same mapping: numpy.memmap runs Python code
                    # (__getitem__, __array_finalize__) on every indexing of the search's masks.
                    array = array.view(np.ndarray)
                if array.dtype.str != entry["dtype"] or list(array.shape) != entry["shape"]:
                    raise ValueError(f"{entry['file']} is not the array its manifest describes")
                arrays[name] = array
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("search index store: %s unusable (%s), building instead", path, error)
            return None
        files = {name: entry["file"] for name, entry in manifest["arrays"].items()}
        self._keep_mapped(arrays, files)
        return arrays, manifest["countries"], files

    def _keep_mapped(self, arrays, files):
        """Remember the mappings of the versions loaded last: a version brought forward
        shares most files with the one before (written once, never changed), and mapping
        each again cost half a millisecond, a quarter of bringing the index forward."""
        _recent.append({(self.folder, file): arrays[name] for name, file in files.items()})
        _mapped.clear()
        for loaded in _recent:
            _mapped.update(loaded)

    @contextlib.contextmanager
    def building(self):
        """Hold the store's lock while building: True if held, False if another process
        kept it past ``LOCK_WAIT`` (then build alone and write nothing)."""
        with open(self.folder / "lock", "a+b") as lock:
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        yield False
                        return
                    time.sleep(0.02)
            try:
                yield True
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def save(self, version, token, arrays, countries, previous=None):
        """Write ``arrays`` as ``version``'s files (the lock held). ``previous``: (arrays,
        files) of the index they were brought forward from, whose files are reused for
        the arrays that did not change."""
        entries, written = {}, []
        try:
            for name, array in arrays.items():
                file = _unchanged_file(name, array, previous)
                if file is None:
                    file = f"a-{uuid.uuid4().hex}.npy"
                    _write_atomically(self.folder / file, lambda out, a=array: np.save(out, a))
                    written.append(file)
                entries[name] = {"file": file, "dtype": array.dtype.str, "shape": list(array.shape)}
            manifest = {"version": version, "token": token, "countries": countries}
            text = json.dumps({**manifest, "arrays": entries})
            path = self._manifest(version, token)
            _write_atomically(path, lambda out: out.write(text.encode()))
        except OSError as error:
            logger.warning("search index store: cannot write version %s (%s)", version, error)
            for file in written:
                with contextlib.suppress(OSError):
                    (self.folder / file).unlink()
            return False
        _written.append(path)
        self._clean()
        return True

    def _clean(self):
        """Keep the newest manifests and the files they name (the lock held). A process
        still mapping a removed file keeps its pages until it lets the index go."""
        manifests = sorted(
            self.folder.glob("v*.json"), key=lambda p: _version_of(p.name), reverse=True
        )
        kept, files = 0, set()
        for path in manifests:
            if kept < KEPT_MANIFESTS:
                with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                    entries = json.loads(path.read_text())["arrays"].values()
                    files.update(entry["file"] for entry in entries)
                    kept += 1
                    continue
            with contextlib.suppress(OSError):
                path.unlink()
        for path in [*self.folder.glob("a-*.npy"), *self.folder.glob(".tmp-*")]:
            if path.name not in files:
                with contextlib.suppress(OSError):
                    path.unlink()


def _version_of(name):
    try:
        return int(name[1:].split("-", 1)[0])
    except ValueError:
        return -1


def _unchanged_file(name, array, previous):
    """The file of ``previous``'s array ``name`` if ``array`` is that array or equal to it."""
    if previous is None or name not in previous[1]:
        return None
    old = previous[0][name]
    if array is old:
        return previous[1][name]
    if array.dtype == old.dtype and array.shape == old.shape and np.array_equal(array, old):
        return previous[1][name]
    return None


def _write_atomically(path, write):
    """Write through a temporary file in the same folder, renamed over ``path`` when whole."""
    temporary = path.with_name(f".tmp-{uuid.uuid4().hex}")
    try:
        with open(temporary, "wb") as out:
            write(out)
            if _boot_id() == "no-boot-id":
                # Without a boot id to tell files from before a crash, make them durable.
                out.flush()
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def forget_mapped():
    """Let go of the arrays this process keeps mapped (``IndexStore._keep_mapped``)."""
    _mapped.clear()
    _recent.clear()


def forget():
    """Remove the manifests this process wrote (tests: a rolled-back version's data is gone)."""
    forget_mapped()
    while _written:
        with contextlib.suppress(OSError):
            _written.pop().unlink()
