"""The bulk check of a 1,000-row file, on the 100,000-body database: target under 5 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certdir_perf \\
        .venv/bin/python bench/check.py [--rounds 3] [--write docs/performance.md]

Builds a file as a purchasing team would send it, from the database's own bodies (a
fixed seed): names as written, in other cases and accents, other names, accreditation
numbers, misspelled names, bodies CertDir does not know, and dates over the last five
years (or none). Then times what an upload costs: reading the CSV, checking its rows,
matching the bodies and giving each row its verdict (``checks``), and the whole POST
through Django (the results page). Reads only: nothing is written.
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

from harness.sections import replace_section

ROOT = Path(__file__).resolve().parent.parent
ROWS = 1000
# Rows of each kind in the file, out of ROWS.
MIX = {
    "name": 550,
    "name_folded": 100,
    "alias": 100,
    "number": 150,
    "misspelled": 50,
    "unknown": 50,
}
SECTION = "## Bulk check"


def misspell(name, rng):
    """``name`` with one letter of its longest word dropped."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) > 4:
        cut = rng.randrange(1, len(word) - 1)
        words[longest] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def build_file(seed):
    """The CSV text of the file, and how many rows of each kind it has."""
    from accreditation.models import Accreditation

    rng = random.Random(seed)
    accreditations = list(
        Accreditation.objects.order_by("?")
        .filter(standards__isnull=False)
        .values_list("body__name", "body__aliases", "body__country", "number", "standards__code")[
            :5000
        ]
    )
    rng.shuffle(accreditations)
    with_alias = [a for a in accreditations if a[1].strip()]
    rows = []
    for kind, count in MIX.items():
        pool = with_alias if kind == "alias" and with_alias else accreditations
        for name, aliases, country, number, standard in rng.sample(pool, count):
            body = {
                "name": name,
                "name_folded": name.upper(),
                "alias": aliases.splitlines()[0].strip() if aliases.strip() else name,
                "number": number,
                "misspelled": misspell(name, rng),
                "unknown": f"Nonexistent Assurance {rng.randrange(10**6)} Ltd",
            }[kind]
            date = (
                ""
                if rng.random() < 0.3
                else f"{rng.randrange(2021, 2026)}-0{rng.randrange(1, 10)}-15"
            )
            rows.append([body, standard, country if rng.random() < 0.5 else "", date])
    rng.shuffle(rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["body", "standard", "country", "date"])
    writer.writerows(rows)
    return out.getvalue()


def measure(text, rounds):
    """Seconds per round: the check itself, and the whole POST through Django."""
    from django.test import Client
    from django.utils import timezone

    from checks.files import read_check_file
    from checks.rows import parse_rows
    from checks.service import check_rows

    data = text.encode("utf-8")
    service, cpu, request, verdicts = [], [], [], {}
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        results = check_rows(parse_rows(read_check_file("bench.csv", data), timezone.localdate()))
        service.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        for result in results:
            verdicts[result["verdict"]] = verdicts.get(result["verdict"], 0) + 1
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(rounds):
        upload = io.BytesIO(data)
        upload.name = "bench.csv"
        started = time.perf_counter()
        response = client.post("/check/", {"file": upload, "output": "page"})
        request.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return service, cpu, request, {k: v // rounds for k, v in sorted(verdicts.items())}


def report(service, cpu, request, verdicts, bodies, rounds):
    kinds = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in MIX.items())
    found = ", ".join(f"{verdict} {count}" for verdict, count in verdicts.items())
    return "\n".join(
        [
            SECTION,
            "",
            f"Written by `bench/check.py`: a {ROWS:,}-row CSV file ({kinds}; 30% without a "
            f"date) checked against {bodies:,} bodies on PostgreSQL, {rounds} rounds in one "
            "process. Target: under 5 s.",
            "",
            "| Figure | Median | Max |",
            "| --- | ---: | ---: |",
            f"| Check (read, validate, match, verdicts) | {statistics.median(service):.2f} s "
            f"| {max(service):.2f} s |",
            f"| Check: this process's CPU time (without waiting for the database or for "
            f"other processes) | {statistics.median(cpu):.2f} s | {max(cpu):.2f} s |",
            f"| Whole POST /check/ (results page) | {statistics.median(request):.2f} s "
            f"| {max(request):.2f} s |",
            "",
            f"Verdicts: {found}.",
            "",
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--write", type=Path, help="replace the section in this report")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from bodies.models import CertificationBody

    text = build_file(args.seed)
    service, cpu, request, verdicts = measure(text, args.rounds)
    load = os.getloadavg()[0]
    section = report(
        service, cpu, request, verdicts, CertificationBody.objects.count(), args.rounds
    )
    section += f"\nLoad average when measured: {load:.1f} (on {os.cpu_count()} CPUs).\n"
    print(section)
    if args.write:
        replace_section("check", section, args.write)


if __name__ == "__main__":
    main()
