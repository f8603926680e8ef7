"""A search's rule and accreditation masks, each worked out once, and the masks an index
keeps between searches.

Different searches share most of their work: at a million bodies, of the 1,251 rule masks
and 1,418 accreditation masks that 300 distinct searches of the benchmark's stream asked
for, 417 and 338 were distinct ("unaccredited", "recognised", one standard ...). An index
keeps the accreditation masks and the masks of the bodies holding them (``holders``, of
which rules are made), each costing 1 to 9 ms where unpacking a kept one costs a fraction
of a millisecond.
Each index keeps its own (an index is one directory version, so a kept mask is never
stale), the least recently asked dropped first.
"""

import numpy as np


def kept(memo, key, size, make):
    """(mask, value) kept in ``memo`` (a ``search.memo.Memo``) under ``key``, the mask
    packed to an eighth of its ``size``; ``make()`` gives them on a miss. The mask
    returned is the caller's own array, whether made or unpacked."""
    made = []

    def pack():
        mask, value = make()
        made.append((mask, value))
        return np.packbits(mask), value

    bits, value = memo.get_or_make(key, pack)
    if made:
        return made[0]
    return np.unpackbits(bits, count=size).view(bool), value


class SearchRules:
    """``SearchIndex.rule_mask``, ``holders`` and ``accreditation_mask`` for one search,
    each distinct one worked out once: a search asks for up to eleven rules and a dozen
    accreditation masks, and the variants of its criteria often coincide (without a CASCO
    filter, "without the CASCO filter" is the search itself). The masks returned are
    shared, so callers combine them into new arrays, never in place."""

    def __init__(self, index, today):
        self.index, self.today = index, today
        self.masks = {}

    def __call__(self, criteria):
        return self._once(
            self.key(criteria), lambda: self.index.rule_mask(self.today, criteria, self.holders)
        )

    def holders(self, standard=None, **each):
        """``SearchIndex.holders`` for the search's day."""
        return self._once(
            ("holders", standard, *sorted(each.items())),
            lambda: self.index.holders(self.today, standard=standard, **each),
        )

    @staticmethod
    def key(criteria):
        """What rule_mask reads of the criteria (not the countries or the text)."""
        return (criteria.status, criteria.standards, *criteria.accreditation_criteria().values())

    def spread(self, bodies, criteria):
        """``(bodies & self(criteria))[acc_body]``: the accreditations of the bodies of
        ``bodies`` (the same array for every call of a search) that meet the rule of
        ``criteria``. A search's facets ask for up to five such, mostly of one rule."""
        return self._once(
            ("spread", self.key(criteria)),
            lambda: (bodies & self(criteria))[self.index.acc_body],
        )

    def accreditations(self, standard=None, **each):
        """``SearchIndex.accreditation_mask`` for the search's day."""
        return self._once(
            ("accreditations", standard, *sorted(each.items())),
            lambda: self.index.accreditation_mask(self.today, standard=standard, **each),
        )

    def _once(self, key, make):
        if key not in self.masks:
            self.masks[key] = make()
        return self.masks[key]
