"""A bounded memo kept in this process: the page cache's keys for query strings, and the
searches, masks and texts an index keeps (``search.rules.kept``, ``SearchIndex.text``).

A page-cache hit needs only the canonical key of the search a query string asks for;
parsing it costs a hit several times its other work. ``functools.lru_cache`` would parse
a miss twice (once for the key, once for the page), so a miss here stores the key the
view's own parse gave.
"""

import threading
from collections import OrderedDict


class Memo:
    """{key: value}, at most ``size`` of them, the least recently used dropped first."""

    def __init__(self, size):
        self.size = size
        self._values = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        """The value kept for ``key`` (now the most recently used), else ``default``."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return default

    def put(self, key, value):
        """Keep ``value`` for ``key``, dropping the least recently used beyond ``size``."""
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def get_or_make(self, key, make):
        """The value kept for ``key``, else ``make()`` kept."""
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            value = make()
            self.put(key, value)
        return value

    def clear(self):
        with self._lock:
            self._values.clear()
