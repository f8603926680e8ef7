"""Counting distinct bodies over a search index: facets, statuses and reference pages.

A body holding several accreditations must be counted once per facet value, so these
counts go through ``search.distinct`` with the index's numbering of shared bodies.
Counts are kept per index by the content of the mask counted (``_counted``).
"""

import hashlib

import numpy as np

from accreditation.models import AccreditationStatus
from search.criteria import STATUS_CHOICES, STATUS_TO_ACCREDITATION_STATUS
from search.distinct import distinct_bodies_by_bits, distinct_bodies_by_code, same_code_pairs
from search.index_rows import SECTOR_COLUMNS, STATUS_CODES
from search.rules import SearchRules

ACTIVE = STATUS_CODES[AccreditationStatus.ACTIVE]


class IndexCounts:
    """The counting half of ``search.index.SearchIndex``, which holds the arrays."""

    # (day, same_code_pairs of the statuses that day), when the statuses were counted.
    _status_pairs = None

    def _distinct_bodies_by(self, name, mask):
        """{key: number of distinct bodies} over the masked accreditations, by the dense
        codes ``{name}_codes`` of the keys ``{name}_keys`` ("ab" or "casco")."""
        codes, pairs, keys = (
            getattr(self, f"{name}_{part}") for part in ("codes", "pairs", "keys")
        )
        counts = self._counted(
            (name,), mask, lambda: distinct_bodies_by_code(codes, mask, len(keys), pairs)
        )
        return {int(keys[code]): int(count) for code, count in enumerate(counts) if count}

    def _counted(self, key, mask, count):
        """``count()`` of the masked accreditations, kept per index for masks of the same
        content. Different searches often count the same accreditations (a facet leaves its
        own filter out; a broad search counts the whole directory): of the standards' and
        sectors' counts of 40 searches at a million bodies, 11 of 43 repeated an earlier
        one, 45% of their time. A count costs 3 to 30 ms there, hashing the mask 0.3 ms."""
        digest = hashlib.blake2b(np.packbits(mask), digest_size=16).digest()
        return self._kept_counts.get_or_make((*key, digest), count)

    def _status_counts(self, today, criteria, rule, in_place):
        """{status value: how many bodies in place (text and countries) the search finds
        with that status}."""
        held = {}
        without_status = criteria.replace(status="")
        if len(criteria.standards) <= 1:
            # One accreditation meets every criterion: its status says which status filter
            # keeps its body, so the statuses are counted in one pass.
            standard = criteria.standards[0] if criteria.standards else None
            each = without_status.accreditation_criteria()
            accs = rule.accreditations(standard=standard, **each)
            codes = self._effective_status(today)
            accs = accs & rule.spread(in_place, without_status)
            counts = self._counted(
                ("status", today),
                accs,
                lambda: distinct_bodies_by_code(
                    codes, accs, len(STATUS_CODES), self._same_status(today)
                ),
            )
            for value, status in STATUS_TO_ACCREDITATION_STATUS.items():
                held[value] = int(counts[STATUS_CODES[status]])
        if len(held) < len(STATUS_CHOICES):
            bodies = in_place & rule(without_status)
            for value, _ in STATUS_CHOICES:
                if value not in held:
                    found = bodies & rule(criteria.replace(status=value))
                    held[value] = int(np.count_nonzero(found))
        return {value: held[value] for value, _ in STATUS_CHOICES}

    def _same_status(self, today):
        """``same_code_pairs`` of the accreditations' statuses on ``today``, kept for the day."""
        held = self._status_pairs
        if held is None or held[0] != today:
            codes = self._effective_status(today)
            held = (today, same_code_pairs(codes, self.acc_shared_body, self.acc_shared_order))
            self._status_pairs = held
        return held[1]

    @property
    def _shared(self):
        return self.acc_shared_body, self.acc_shared_order, self.acc_single

    def _bodies_per_column(self, bits, mask, n_keys):
        """Distinct bodies per column of a packed matrix (an array of this index, which
        ``id`` names while the index lives) over the masked accreditations."""
        return self._counted(
            ("bits", id(bits)),
            mask,
            lambda: distinct_bodies_by_bits(bits, mask, n_keys, *self._shared),
        )

    def bodies_per_standard(self, mask, scope_bits):
        """{standard pk: number of distinct bodies} over the masked accreditations, each
        counted for the standards of its scope (``scope_bits``: packed, all or recognised)."""
        counts = self._bodies_per_column(scope_bits, mask, len(self.standard_pks))
        return {pk: int(counts[column]) for pk, column in self.standard_columns.items()}

    def _bodies_per_sector(self, mask):
        """{IAF sector code: number of distinct bodies} over the masked accreditations."""
        counts = self._bodies_per_column(self.acc_sector_bits, mask, SECTOR_COLUMNS)
        return {code: int(count) for code, count in enumerate(counts.tolist()) if count}

    def status_counts(self, today, criteria, in_place):
        """{status value: how many of the bodies ``in_place`` (matching the text, in the
        countries of ``criteria``) the search finds with that status}: the status facet."""
        return self._status_counts(today, criteria, SearchRules(self, today), in_place)

    def current_body_counts(self, today, accreditation_body=None):
        """Bodies currently accredited, per standard in scope, CASCO standard and AB pk."""
        current = self._effective_status(today) == ACTIVE
        if accreditation_body is not None:
            current &= self.acc_ab == accreditation_body.pk
        standards = self.bodies_per_standard(current, self.acc_standard_bits)
        cascos = self._distinct_bodies_by("casco", current)
        accreditation_bodies = self._distinct_bodies_by("ab", current)
        return standards, cascos, accreditation_bodies

    def country_counts(self):
        """[(country code, number of bodies)], the most represented country first."""
        counts = np.bincount(self.body_country, minlength=len(self.countries))
        pairs = [(self.countries[n], int(c)) for n, c in enumerate(counts) if c]
        return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
