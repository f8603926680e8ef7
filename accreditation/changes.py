"""The directory's version and its change log: which bodies each version changed.

Written only by the database triggers that bump the directory version (migration 0014),
in the same transaction as the change, so no writer can change the directory without
saying which bodies it touched. A process holding data derived from version ``a`` (the
search index) reads the log for ``(a, b]`` and re-reads only those bodies. Every version
has at least one row, so a version without rows means the log no longer covers it.
"""

from dataclasses import dataclass

from django.db import connection, connections, models, router
from django.db.models import Q

# Versions the triggers keep; older rows are pruned at each bump.
KEPT_VERSIONS = 10_000
# Readers re-read changed bodies one by one up to this many (``search.index_patch``) and
# rebuild from scratch above it, so a write touching more need not name each of them.
BULK_BODIES = 2_000


def log_everything():
    """Make the rest of the current transaction log each write as changing everything.

    For bulk writes (``seed_demo``, a large import): one row per statement instead of one
    per body touched, which at a million bodies was millions of rows, each dated again at
    commit. PostgreSQL only (migration 0022); SQLite's triggers go on logging each body.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("log_everything() lasts for a transaction: call it in one.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('certdir.log_everything', 'on', true)")


@dataclass(frozen=True)
class Changes:
    """What changed between two versions: some bodies, or everything (reference data)."""

    bodies: frozenset
    everything: bool


class DirectoryChangeQuerySet(models.QuerySet):
    def between(self, since, until):
        """The changes of versions ``since`` (exclusive) to ``until``, or None where the log
        does not cover every one of them (pruned, flushed, or a table that does not log)."""
        if since is None or until is None or until < since:
            return None
        rows = list(
            self.filter(version__gt=since, version__lte=until).values_list(
                "version", "body_id", "everything"
            )
        )
        if len({row[0] for row in rows}) != until - since:
            return None
        return Changes(
            bodies=frozenset(row[1] for row in rows if row[1] is not None),
            everything=any(row[2] for row in rows),
        )


class DirectoryChange(models.Model):
    """One body (or everything) changed at one directory version."""

    # NULL until the writing transaction commits (PostgreSQL sets it with the bump).
    version = models.BigIntegerField(null=True)
    # No foreign key: a deleted body's row says it is gone.
    body_id = models.BigIntegerField(null=True)
    # Reference data (standards, sectors, accreditation bodies, recognition) changed.
    everything = models.BooleanField(default=False)

    objects = DirectoryChangeQuerySet.as_manager()

    class Meta:
        ordering = ["version", "pk"]
        indexes = [models.Index(fields=["version"], name="dirchange_version_idx")]

    def __str__(self):
        changed = "everything" if self.everything else f"body {self.body_id}"
        return f"{changed} at version {self.version}"


class DirectoryVersion(models.Model):
    """A counter that database triggers bump on every write to the directory's tables.

    Cached pages and the search index are keyed on it, so any change (admin, import,
    shell, raw SQL) is seen by the next request in every worker.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="directoryversion_single_row")
        ]

    def __str__(self):
        return f"directory version {self.version}"

    @classmethod
    def current(cls, using=None):
        """The current directory version (one indexed single-row query)."""
        # The request's database (a replica, maybe), as for its other reads. Every page-cache
        # hit runs this; raw SQL costs a third of the ORM's query building.
        connection = connections[using or router.db_for_read(cls)]
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        if row is None:
            # A flush (manage.py flush, test-database truncation) took the row; the
            # triggers update it, so it must exist again before the next write.
            cls.objects.get_or_create(pk=1)
            return 0
        return row[0]
