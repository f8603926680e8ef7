"""The directory's change log as this process has read it: each version's entry once.

The reference data (``search.reference``) and the search index (``search.index``) both
ask the log what changed between the version they hold and a newer one, usually about
the same versions in the same request: the reference to parse the search for the page
cache's key, the index in its snapshot a moment later. A version's entry never changes
once the version is visible (the triggers write it in the transaction that makes the
version), so it is kept here and read from the database once per process.
"""

import threading

from django.db.models import Exists

from accreditation.changes import Changes
from accreditation.models import DirectoryChange
from bodies.context_processors import remember_demo_records
from bodies.models import CertificationBody

# Entries kept: far more versions than one process falls behind between two requests.
KEPT = 2_000

_lock = threading.Lock()
# version: (frozenset of the body pks it changed, whether it changed everything)
_entries = {}


def forget_log():
    """Drop the entries read (tests roll versions back and reach them again with other data)."""
    with _lock:
        _entries.clear()


def changes_between(since, until, *, demo=False):
    """The changes of versions ``since`` (exclusive) to ``until``, or None where the log
    does not cover every one of them; reads only the versions not held yet (no query when
    all are). ``demo``: the query that reads them also says whether a demo body exists,
    which the site-wide notice is told for ``until`` (a query fewer per version).
    """
    if since is None or until is None or until < since:
        return None
    if until - since > KEPT:
        return DirectoryChange.objects.between(since, until)
    with _lock:
        held = since
        while held < until and held + 1 in _entries:
            held += 1
        if held < until and not _read(held, until, demo):
            return None
        entries = [_entries[version] for version in range(since + 1, until + 1)]
        for version in sorted(_entries)[:-KEPT]:
            del _entries[version]
    return Changes(
        bodies=frozenset().union(*(bodies for bodies, _ in entries)),
        everything=any(everything for _, everything in entries),
    )


def _read(since, until, demo):
    """Read the entries of versions ``since`` (exclusive) to ``until``; False where the
    log lacks one (pruned, flushed, or a table that does not log)."""
    rows = DirectoryChange.objects.filter(version__gt=since, version__lte=until)
    fields = ["version", "body_id", "everything"]
    if demo:
        rows = rows.annotate(demo=Exists(CertificationBody.objects.demo()))
        fields.append("demo")
    rows = list(rows.order_by().values_list(*fields))
    read = {}
    for row in rows:
        bodies, everything = read.get(row[0], (set(), False))
        if row[1] is not None:
            bodies.add(row[1])
        read[row[0]] = (bodies, everything or row[2])
    for version, (bodies, everything) in read.items():
        _entries[version] = (frozenset(bodies), everything)
    if demo and rows:
        remember_demo_records(until, rows[0][3])
    return len(read) == until - since
