"""The search indexes a process holds: one per directory version, never older than asked.

An index for a version is mapped from the server's store (``search.index_store``) when
another process made it, brought forward from the one held before by the change log
(``search.index_log``), or built in full; a process keeps the newest two.
"""

import threading

from django.db import router

from accreditation.models import DirectoryVersion
from bodies.models import CertificationBody
from search import heap, index_store
from search.index import SearchIndex
from search.index_log import forget_log
from search.index_rows import snapshot
from search.reference import reference_for_version

# Indexes kept per process: the newest and the one before, since a process can serve
# both in turn (a curator's request on the primary, readers on a lagging replica).
KEPT_INDEXES = 2

_lock = threading.Lock()
_indexes = {}


def forget_index():
    """Drop this process's indexes (tests roll back writes, and with them the version)."""
    with _lock:
        _indexes.clear()
        index_store.forget()
    forget_log()


def index_for_version(version):
    """An index for ``version``, never older: the one this process holds for it, or the
    one the server's store holds, or the newest older one held brought forward by the
    change log, or, failing all, a full build.
    """
    with _lock:
        if version is None:
            return SearchIndex.build()
        index = _indexes.get(version)
        if index is not None:
            return index
        older = [held for held in _indexes if held < version]
        with snapshot():
            store = index_store.open_store(router.db_for_read(CertificationBody))
            if store is None:
                current, token = DirectoryVersion.current(), None
            else:
                current, token = store.version_and_token()
            index = _read_at(current, token, store, older)
        # Read at ``current``, which is ``version`` or newer (never older, unless the
        # request read its version from another database than the ORM reads bodies from).
        _indexes[current] = index
        if current >= version:
            _indexes[version] = index
        for held in sorted(_indexes)[:-KEPT_INDEXES]:
            del _indexes[held]
        # An older index still answers a lagging replica's readers, but keeps nothing
        # between searches: a worker's memory then holds one index's searches and masks.
        newest = _indexes[max(_indexes)]
        for held in _indexes.values():
            if held is not newest:
                held.forget_kept()
        return index


def _read_at(current, token, store, older):
    """The index at ``current``: mapped from the store, or else made here (under the
    store's lock, so that the server's other processes map it rather than make it too)."""
    if store is None or token is None:
        return _made(current, older)[0]
    index = _mapped(store, current, token)
    if index is not None:
        return index
    with store.building() as held:
        # Another process may have written it while this one waited for the lock.
        index = _mapped(store, current, token) if held else None
        if index is not None:
            return index
        index, base = _made(current, older)
        previous = getattr(base, "stored", None)
        if not held or not store.save(current, token, index.arrays(), index.countries, previous):
            return index
        # Its own arrays go: the mapped copies are the server's one copy.
        mapped = _mapped(store, current, token)
        if mapped is None:
            return index
        if base is None:
            del index
            heap.release_freed_memory()
        return mapped


def _made(current, older):
    """(The index at ``current``, the index it was brought forward from or None): the
    newest held one brought forward by the change log, or a full build."""
    recognition = reference_for_version(current).recognition
    if older:
        since = max(older)
        base = _indexes[since]
        index = SearchIndex.brought_forward(base, since, current, recognition)
        if index is not None:
            return index, base
    return SearchIndex.build(recognition), None


def _mapped(store, version, token):
    """The store's index for ``version`` (read-only mapped arrays), or None."""
    loaded = store.load(version, token)
    if loaded is None:
        return None
    arrays, countries, files = loaded
    index = SearchIndex.from_arrays(arrays, countries)
    index.stored = (arrays, files)
    return index
