"""Benchmark of ``import_bodies``: a realistic, deterministic CSV imported into DATABASE_URL.

    createdb -h 127.0.0.1 -U postgres certdir_importbench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/certdir_importbench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/import_bodies.py            # first import
    .venv/bin/python bench/import_bodies.py            # re-import: everything unchanged
    dropdb -h 127.0.0.1 -U postgres certdir_importbench

Prints the rows, the seconds the import took and the peak resident memory of the process.
"""

import argparse
import csv
import datetime
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (country, home accreditation body, number pattern, cities)
COUNTRIES = [
    ("DE", "DAkkS", "D-ZM-{n:05d}-01-00", ["Berlin", "München", "Köln", "Hamburg", "Essen"]),
    ("GB", "UKAS", "{n:04d}", ["London", "Manchester", "Leeds", "Bristol", "Glasgow"]),
    ("US", "ANAB", "MS-{n:04d}", ["New York", "Chicago", "Houston", "Seattle", "Atlanta"]),
    ("FR", "COFRAC", "4-{n:04d}", ["Paris", "Lyon", "Marseille", "Toulouse", "Lille"]),
    ("IT", "ACCREDIA", "{n:03d}A", ["Milano", "Roma", "Torino", "Bologna", "Napoli"]),
    ("ES", "ENAC", "{n:02d}/C-SG{n:03d}", ["Madrid", "Barcelona", "Valencia", "Sevilla"]),
    ("NL", "RvA", "C {n:03d}", ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"]),
    ("CN", "CNAS", "CNAS C{n:03d}-M", ["Beijing", "Shanghai", "Shenzhen", "Guangzhou"]),
    ("IN", "NABCB", "MSCB-{n:03d}", ["Mumbai", "Delhi", "Bengaluru", "Chennai", "Pune"]),
    ("JP", "JAB", "CM{n:03d}", ["Tokyo", "Osaka", "Nagoya", "Yokohama"]),
    ("AU", "JAS-ANZ", "M{n:07d}", ["Sydney", "Melbourne", "Brisbane", "Perth"]),
    ("PL", "PCA", "AC {n:03d}", ["Warszawa", "Kraków", "Łódź", "Wrocław", "Gdańsk"]),
    ("AT", "AA", "CB-{n:04d}", ["Wien", "Graz", "Linz", "Salzburg"]),
    ("SE", "SWEDAC", "{n:04d}", ["Stockholm", "Göteborg", "Malmö"]),
    ("TR", "TURKAK", "AB-{n:04d}-B", ["İstanbul", "Ankara", "İzmir", "Bursa"]),
    ("BR", "CGCRE", "OCS {n:04d}", ["São Paulo", "Rio de Janeiro", "Curitiba"]),
]
WORDS = [
    "Qualität", "Nordic", "Global", "Société", "Bureau", "Atlas", "Prüf", "Meridian", "Kraków",
    "Alpine", "Pacific", "Sécurité", "Orion", "Baltic", "Helios", "Zertifizierung", "Vanguard",
    "Quality", "Assurance", "Standards", "Certis", "Normec", "Integra", "Veritas", "Audit",
]  # fmt: skip
SUFFIXES = ["GmbH", "Ltd", "S.A.", "Sp. z o.o.", "Inc.", "B.V.", "AG", "S.r.l.", "Co., Ltd."]
CERTIFIABLE = [
    "ISO 9001", "ISO 14001", "ISO 45001", "ISO/IEC 27001", "ISO 22000", "ISO 13485",
    "ISO 50001", "ISO/IEC 20000-1", "ISO 22301", "ISO 37001", "ISO/IEC 42001",
]  # fmt: skip
# CASCO standards with how often a body holds an accreditation against them.
CASCO = [
    ("ISO/IEC 17021-1", 60),
    ("ISO/IEC 17065", 12),
    ("ISO/IEC 17025", 14),
    ("ISO/IEC 17020", 6),
    ("ISO/IEC 17024", 4),
    ("ISO 15189", 2),
    ("ISO 14065", 2),
]
STATUSES = [("active", 85), ("suspended", 5), ("withdrawn", 5), ("expired", 5)]
ACCREDITATIONS_PER_BODY = [(0, 5), (1, 40), (2, 30), (3, 15), (4, 6), (5, 3), (6, 1)]


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def generate(path, header, rows, seed):
    """Write ``rows`` CSV rows to ``path``: same seed, same file."""
    rng = random.Random(seed)
    counters = {}
    names = set()
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        # Rows are written up to valid_until; the optional columns after it stay empty.
        pad = [""] * (len(header) - 13)
        while written < rows:
            country, home_ab, home_pattern, cities = rng.choice(COUNTRIES)
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(SUFFIXES)}"
            n = 2
            base = name
            while (name, country) in names:
                name = f"{base} {n}"
                n += 1
            names.add((name, country))
            slug = "-".join(name.lower().replace(".", "").replace(",", "").split())
            website = f"https://{slug.encode('ascii', 'ignore').decode()}-{country.lower()}.example"
            aliases = ";".join(
                f"{rng.choice(WORDS)} {rng.choice(SUFFIXES)}"
                for _ in range(rng.choice([0] * 8 + [1, 2]))
            )
            body = [name, country, rng.choice(cities), website, aliases]
            count = min(weighted(rng, ACCREDITATIONS_PER_BODY), rows - written)
            if count == 0:
                writer.writerow(body + [""] * 8 + pad)
                written += 1
                continue
            for _ in range(count):
                ab, pattern = home_ab, home_pattern
                if rng.random() < 0.2:  # some bodies also hold a foreign accreditation
                    _, ab, pattern, _ = rng.choice(COUNTRIES)
                counters[ab] = counters.get(ab, 0) + 1
                number = pattern.format(n=counters[ab])
                casco = weighted(rng, CASCO)
                standards, codes = [], []
                if casco == "ISO/IEC 17021-1":
                    standards = rng.sample(CERTIFIABLE, rng.choice([1, 1, 2, 3, 4]))
                    if set(standards) & {"ISO 9001", "ISO 14001", "ISO 45001"}:
                        codes = sorted(rng.sample(range(1, 40), rng.randint(1, 8)))
                granted = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(5400))
                valid = granted + datetime.timedelta(days=rng.choice([3, 4, 5]) * 365)
                writer.writerow(
                    [
                        *body,
                        ab,
                        number,
                        casco,
                        ";".join(sorted(standards)),
                        ";".join(map(str, codes)),
                        weighted(rng, STATUSES),
                        granted.isoformat(),
                        valid.isoformat() if rng.random() < 0.9 else "",
                        *pad,
                    ]
                )
                written += 1
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--csv", help="Keep the generated file at this path.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the (migrated) benchmark database.")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    import django

    django.setup()
    from bodies.csvio.format import COLUMNS
    from bodies.csvio.importer import import_bodies_csv

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.csv or Path(tmp) / "bodies.csv")
        rows = generate(path, COLUMNS, args.rows, args.seed)
        with path.open("rb") as file:
            start = time.perf_counter()
            report = import_bodies_csv(file=file)
            seconds = time.perf_counter() - start
    if report.errors:
        print(*report.errors[:20], sep="\n")
        sys.exit(f"{len(report.errors)} problems; nothing imported.")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {rows}")
    print(f"seconds: {seconds:.1f}")
    print(f"peak RSS: {peak_mib:.0f} MiB")
    print(report.summary())


if __name__ == "__main__":
    main()
