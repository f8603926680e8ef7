"""Cost of query understanding: typed queries parsed with it and, the same text, without it.

    .venv/bin/python bench/understanding.py [--rounds 2000] [--write docs/performance.md]

Parsing (``BodyFilterSet(...).search``) is all that understanding adds to a search: the
vocabulary is built once per directory version, and an understood query then runs as
the filter search it means. Works on any database with the reference data migrated (the
directory's size plays no part); with --write, replaces the "Query understanding"
section of the report.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from harness.sections import replace_section

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    "iso 9001",
    "ISO 9001 Germany",
    "27001 Poland",
    "ukas",
    "Polish Centre for Accreditation",
    "17025 lab France",
    "iaf 28 uk",
    "product certification USA",
    "Germany Cert GmbH",
    "tuv sud",
    "bureau veritas certification",
    "9001 ukas iaf 28 inspection bodies in france",
]
SECTION = "## Query understanding"
TIMES = "\u00d7"  # as the rest of the report writes ratios


def measure(rounds):
    """Median microseconds per parse of every query, understood and literal."""
    from django.http import QueryDict

    from accreditation.models import DirectoryVersion
    from search.filters import BodyFilterSet
    from search.reference import reference_for_version

    reference = reference_for_version(DirectoryVersion.current())
    assert reference.vocabulary  # built once per version, as a worker does

    def per_parse(extra):
        samples = []
        for query in QUERIES:
            data = QueryDict(f"q={query}{extra}")
            started = time.perf_counter()
            for _ in range(rounds):
                _ = BodyFilterSet(data, reference=reference).search
            samples.append((time.perf_counter() - started) / rounds * 1e6)
        return samples

    per_parse("")  # warm-up
    literal = per_parse("&literal=yes")
    understood = per_parse("")
    return literal, understood


def report(literal, understood, rounds):
    added = [u - plain for u, plain in zip(understood, literal, strict=True)]
    return "\n".join(
        [
            SECTION,
            "",
            f"Written by `bench/understanding.py` ({rounds} parses of each of {len(QUERIES)} "
            "typed queries, in one process). Understanding adds only parsing time: an "
            "understood query then runs as the filter search it means, whatever the "
            "directory's size. Target: at most 2 ms added to a search.",
            "",
            "| Figure | Measured |",
            "| --- | ---: |",
            f"| Parse, words taken literally (`literal=yes`): median | "
            f"{statistics.median(literal):.0f} µs |",
            f"| Parse with query understanding: median | {statistics.median(understood):.0f} µs |",
            f"| Added by understanding: median, max | {statistics.median(added):.0f} µs, "
            f"{max(added):.0f} µs |",
            f"| Ratio, understood ÷ literal (median) | "
            f"{statistics.median(understood) / statistics.median(literal):.2f}{TIMES} |",
            "",
        ]
    )


def write(path, section):
    replace_section("understanding", section, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--write", type=Path, help="replace the section in this report")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    literal, understood = measure(args.rounds)
    section = report(literal, understood, args.rounds)
    print(section)
    if args.write:
        write(args.write, section)


if __name__ == "__main__":
    main()
