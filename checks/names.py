"""Every body's folded names in memory, for matching a thousand rows at once.

Built once per directory version and process (like the search index), from one query:
each name and other name folded as the search folds text (``bodies.text.fold``), so
"TÜV Süd" is found from "tuv sud". A close name is the nearest folded name by difflib
among the 50 sharing the most words of four letters or more with the text (difflib's cutoff,
0.6, as ``search.sql.similar_names`` uses where there is no trigram index): at 100,000
bodies a PostgreSQL trigram search costs 0.1 to 2 s a row, this a few milliseconds.
"""

import difflib
import threading
from collections import Counter, defaultdict

from bodies.models import CertificationBody
from bodies.text import fold

# Words shared by more names than this ("certification", "ltd") suggest nothing.
COMMON = 2000
# Names sharing the most words with the text that difflib compares it with.
CANDIDATES = 50
CUTOFF = 0.6

_lock = threading.Lock()
_current = {}


class NameTable:
    """{folded name: {body pk: country}}, the same for other names, and a word index."""

    def __init__(self, rows):
        self.names = defaultdict(dict)
        self.aliases = defaultdict(dict)
        self.words = defaultdict(set)
        for pk, name, aliases, country in rows:
            folded = fold(name)
            self.names[folded][pk] = country
            for word in folded.split():
                if len(word) >= 4:
                    self.words[word].add(folded)
            for alias in aliases.splitlines():
                if alias.strip():
                    self.aliases[fold(alias)][pk] = country

    @classmethod
    def build(cls):
        rows = CertificationBody.objects.order_by().values_list("pk", "name", "aliases", "country")
        return cls(rows.iterator(chunk_size=5000))

    def close(self, text, limit=3):
        """The folded names closest to ``text``, the closest first."""
        folded = fold(text)
        shared = Counter()
        for word in set(folded.split()):
            names = self.words.get(word, ())
            if len(names) <= COMMON:
                shared.update(names)
        candidates = [name for name, _ in shared.most_common(CANDIDATES)]
        return difflib.get_close_matches(folded, candidates, n=limit, cutoff=CUTOFF)


def forget_names():
    """Drop this process's table (tests roll back writes, and with them the version)."""
    with _lock:
        _current.clear()


def names_for_version(version):
    """The table for ``version``, built at most once per version in this process."""
    with _lock:
        if _current.get("version") != version or version is None:
            _current.update(table=NameTable.build(), version=version)
        return _current["table"]
