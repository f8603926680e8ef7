"""Masks an index keeps between searches, packed to an eighth of their size.

Different searches share most of their work: at a million bodies, of the 1,251 rule masks
and 1,418 accreditation masks that 300 distinct searches of the benchmark's stream asked
for, 417 and 338 were distinct ("unaccredited", "recognised", one standard ...), and a
rule mask costs 2 to 9 ms where unpacking a kept one costs a fraction of a millisecond.
Each index keeps its own (an index is one directory version, so a kept mask is never
stale), the least recently asked dropped first.
"""

import threading
from collections import OrderedDict

import numpy as np


class KeptMasks:
    """At most ``capacity`` boolean masks by key, each with a value that goes with it."""

    def __init__(self, capacity):
        self.capacity = capacity
        self._held = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, size):
        """(a new array of the mask kept under ``key``, its value), or None."""
        with self._lock:
            held = self._held.get(key)
            if held is not None:
                self._held.move_to_end(key)
        if held is None:
            return None
        bits, value = held
        return np.unpackbits(bits, count=size).view(bool), value

    def put(self, key, mask, value=None):
        """Keep a packed copy of ``mask`` (the caller's array stays its own)."""
        packed = np.packbits(mask)
        with self._lock:
            self._held[key] = (packed, value)
            self._held.move_to_end(key)
            while len(self._held) > self.capacity:
                self._held.popitem(last=False)

    def __len__(self):
        return len(self._held)
