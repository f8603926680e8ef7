"""The reference data a search names (standards, accreditation bodies, IAF sectors).

Loaded once and kept per process until the directory's change log says reference data
changed: a cached page's key is computed from a parsed search, so parsing must cost no
query (but one, the log's, for the first search of each new version).
"""

import threading
from dataclasses import dataclass
from functools import cached_property

from accreditation.lookup import ReferenceRows
from accreditation.models import IAF_SECTOR_CODES
from search.index_log import changes_between, forget_log
from search.index_rows import Recognition
from search.understanding import build_vocabulary, capitals_only_acronyms

_lock = threading.Lock()
_current = {}


@dataclass(frozen=True)
class Reference:
    """Standards and accreditation bodies by slug, and IAF sectors by code.

    The rows carry every language's title or name (accreditation/translation.py): reading
    ``title`` or ``name`` gives the active language's, so one reference serves every language.
    """

    standards: dict
    accreditation_bodies: dict
    sectors: dict

    @classmethod
    def build(cls):
        """Read the reference data (three queries)."""
        rows = ReferenceRows.load()
        return cls(
            standards={s.slug: s for s in rows.standards.values()},
            accreditation_bodies={ab.slug: ab for ab in rows.accreditation_bodies.values()},
            sectors={sector.code: sector for sector in rows.sectors.values()},
        )

    @property
    def sector_names(self):
        """{code: name} in the active language."""
        return {code: sector.name for code, sector in self.sectors.items()}

    @property
    def certifiable(self):
        return [s for s in self.standards.values() if not s.is_casco]

    @property
    def casco(self):
        return [s for s in self.standards.values() if s.is_casco]

    @property
    def sector_codes(self):
        return list(IAF_SECTOR_CODES)

    @cached_property
    def choices(self):
        """(value, label) pairs of the parameters that name reference data."""
        return {
            "standard": [(s.slug, s.code) for s in self.certifiable],
            "casco": [(s.slug, s.code) for s in self.casco],
            "ab": [(ab.slug, ab.acronym) for ab in self.accreditation_bodies.values()],
        }

    @cached_property
    def recognition(self):
        """Which accreditations are recognised, as the search index reads them (its
        records are read when first needed, once for this reference data)."""
        return Recognition(self)

    @cached_property
    def vocabulary(self):
        """The phrases query understanding knows (``search.understanding``)."""
        return build_vocabulary(self)

    @cached_property
    def capital_acronyms(self):
        return capitals_only_acronyms(self)

    @property
    def standards_by_pk(self):
        return {s.pk: s for s in self.standards.values()}


def reference_for_version(version):
    """The reference data for ``version``: read again only when the change log says
    reference data changed since the version held (or cannot say)."""
    if version is None:
        return Reference.build()
    with _lock:
        held = _current.get("version")
        if held != version:
            low, high = sorted((held, version)) if held is not None else (None, version)
            # Read with the demo notice's answer for the new version (one query for both).
            changes = changes_between(low, high, demo=high == version)
            if changes is None or changes.everything:
                _current["reference"] = Reference.build()
            _current["version"] = version
        return _current["reference"]


def forget_reference():
    """Drop this process's reference data (tests roll back writes, and the version with them)."""
    with _lock:
        _current.clear()
    forget_log()
