"""Reference rows by primary key (standards, IAF sectors, accreditation bodies), read
once per directory version.

A body's page shows each accreditation's accreditation body, CASCO standard, scope and
events. Joining these small tables into every query, and building a fresh ``Standard``
for each row, cost a body page more than its own rows (``bodies.loading``); the rows
here are shared instead, read-only, by every page of one directory version.
"""

from dataclasses import dataclass
from functools import cached_property, lru_cache

from accreditation.models import AccreditationBody, SectorCode, Standard


@dataclass(frozen=True)
class ReferenceRows:
    """Each reference model's rows by pk, in the model's own ordering."""

    standards: dict
    sectors: dict
    accreditation_bodies: dict

    @classmethod
    def load(cls):
        """Read the three tables (three queries)."""
        return cls(
            standards={row.pk: row for row in Standard.objects.all()},
            sectors={row.pk: row for row in SectorCode.objects.all()},
            accreditation_bodies={row.pk: row for row in AccreditationBody.objects.all()},
        )

    def ordered_standards(self, pks):
        """The standards of ``pks`` in ``Standard``'s ordering (as ``accreditation.standards``)."""
        return [self.standards[pk] for pk in sorted(pks, key=self._standard_positions.get)]

    def ordered_sectors(self, pks):
        """The IAF sectors of ``pks`` in ``SectorCode``'s ordering."""
        return [self.sectors[pk] for pk in sorted(pks, key=self._sector_positions.get)]

    @cached_property
    def _standard_positions(self):
        return {pk: i for i, pk in enumerate(self.standards)}

    @cached_property
    def _sector_positions(self):
        return {pk: i for i, pk in enumerate(self.sectors)}


@lru_cache(maxsize=2)
def reference_rows_for_version(version):
    """The reference rows of a directory version (``None``: read now, not kept)."""
    return ReferenceRows.load()


def reference_rows(version):
    """``reference_rows_for_version``, or fresh rows when the version is not known."""
    return ReferenceRows.load() if version is None else reference_rows_for_version(version)


def forget_reference_rows():
    """Drop the remembered rows (tests roll the directory version back)."""
    reference_rows_for_version.cache_clear()
