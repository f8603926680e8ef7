"""Weight and uncached render time of /statistics/ (issue 17) on a directory as it is.

    DATABASE_URL=postgres://.../certdir_perf .venv/bin/python bench/statistics_page.py \
        [--rounds 15] [--write docs/performance.md]

Read-only. In one process, through Django's test client with the whole middleware: the
search index and reference data are built first (once per directory version, as a
worker does), then every URL is asked ``rounds`` times with the page cache emptied
before each request, so each answer is rendered (``X-Cache: miss``). The weight is what
a browser receives: the page gzip-compressed as the page cache stores it, plus the
stylesheet (gzip) and the icon. With --write, replaces the "Statistics page" section.
"""

import argparse
import gzip
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

from harness.sections import replace_section

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    "/statistics/",
    "/statistics/?standard=iso-9001",
    "/statistics/?country=DE",
    "/statistics/?ab=ukas&status=suspended",
    "/statistics/?standard=iso-9001&standard=iso-14001&country=FR",
    "/statistics/?casco=iso-iec-17025&recognised=yes",
    "/statistics/?q=cert",
]
TARGET_MS = 150
TARGET_BYTES = 150_000


LOAD = []


def measure(rounds):
    from django.contrib.staticfiles import finders
    from django.core.cache import cache
    from django.test import Client

    from bodies.models import CertificationBody

    LOAD.append(f"{os.getloadavg()[0]:.2f}")
    client = Client(SERVER_NAME="localhost", HTTP_ACCEPT_ENCODING="gzip")
    assert client.get(URLS[0]).status_code == 200  # builds the index and reference data
    assets = sum(
        len(gzip.compress(Path(finders.find(name)).read_bytes(), compresslevel=6))
        for name in ("css/site.css", "favicon.svg")
    )
    rows = []
    for url in URLS:
        times, cpu, weight = [], [], 0
        for _ in range(rounds):
            cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200 and response["X-Cache"] == "miss", url
            weight = len(response.content)  # gzip-compressed: the client accepts it
        rows.append(
            (url, statistics.median(times), max(times), statistics.median(cpu), weight + assets)
        )
    return CertificationBody.objects.count(), rows


def report(bodies, rows, rounds):
    p50 = statistics.median([row[1] for row in rows])
    heaviest = max(row[4] for row in rows)
    slowest = max(row[1] for row in rows)
    verdict = "pass" if p50 <= TARGET_MS and heaviest <= TARGET_BYTES else "FAIL"
    lines = [
        "## Statistics page",
        "",
        f"Written by `bench/statistics_page.py` on {bodies:,} bodies (PostgreSQL): each URL "
        f"asked {rounds} times in one process with the page cache emptied before each "
        "request (every answer a miss), after the search index was built. Weight: the page "
        "gzip-compressed as served, with the stylesheet (gzip) and the icon. Targets: "
        f"uncached render ≤ {TARGET_MS} ms (the median over the URLs), at most "
        f"{TARGET_BYTES // 1000} KB "
        f"transferred. Verdict: **{verdict}**.",
        "",
        "| URL | Render p50 | Render max | Django CPU p50 | Transferred |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| `{url}` | {p50_:.0f} ms | {top:.0f} ms | {cpu:.0f} ms | {weight / 1000:.1f} KB |"
        for url, p50_, top, cpu, weight in rows
    ]
    lines += [
        "",
        f"Median over the URLs: {p50:.0f} ms; slowest median {slowest:.0f} ms; heaviest "
        f"{heaviest / 1000:.1f} KB. Django CPU is this process's CPU time for the request "
        "(PostgreSQL's is not in it): the part other work on the machine cannot inflate.",
        f"Load average (1 min) before / after: {LOAD[0]} / {os.getloadavg()[0]:.2f}, on "
        f"{os.cpu_count()} cores.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--write", type=Path, help="replace the section in this report")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    # Production settings (no DEBUG query log), over plain HTTP on this machine.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_PAGE_CACHE_HEADER", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Static URLs without collectstatic's manifest: the page is the same size.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        bodies, rows = measure(args.rounds)
    section = report(bodies, rows, args.rounds)
    print(section)
    if args.write:
        replace_section("statistics", section, args.write)


if __name__ == "__main__":
    main()
