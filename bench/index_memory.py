"""Memory of the search index per gunicorn worker: per-process arrays against the shared
store (issue 18).

    DATABASE_URL=postgres://.../certdir_x .venv/bin/python bench/index_memory.py \
        [--workers 2] [--write docs/performance.md]

For each way (``CERTDIR_INDEX_DIR=off``: every worker builds and holds its own arrays, as
before; a fresh store folder: the arrays are written once and every worker maps them),
gunicorn serves the database and each worker's memory is read from
``/proc/<pid>/smaps_rollup``: idle (after ``/healthz``), after warm-up (distinct searches,
so every answer is a miss, asked 16 at a time until every worker has answered several:
each has loaded the index), and after one write to a body and the same searches again
(the version brought forward). USS is the worker's own memory (private pages), PSS
shares each page among the processes mapping it, "anonymous" is the worker's heap
(which no other process could share). The write changes one body's city, and the run
ends by writing it back (two writes to the database; nothing else is changed).
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
    os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *sys.argv[1:]])

from harness.common import collect_static, django_env, free_port, load_average  # noqa: E402
from harness.sections import replace_section  # noqa: E402

FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Anonymous")
CONCURRENCY = 16
MiB = 1024 * 1024


class Database:
    """The few reads and the one write the bench makes, on PostgreSQL or SQLite."""

    def __init__(self, url):
        self.url = url
        if url.startswith("sqlite"):
            path = urlsplit(url).path
            self.connect = lambda: sqlite3.connect(path[1:] if path.startswith("//") else path)
            self.mark = "?"
        else:
            import psycopg

            self.connect = lambda: psycopg.connect(url, autocommit=True)
            self.mark = "%s"

    def rows(self, sql, params=()):
        connection = self.connect()
        try:
            cursor = connection.execute(sql.replace("%s", self.mark), params)
            rows = cursor.fetchall()
            connection.commit()
            return rows
        finally:
            connection.close()


def search_paths(database):
    """Distinct search and statistics URLs (each a miss on a fresh server)."""
    countries = [row[0] for row in database.rows(
        "SELECT DISTINCT country FROM bodies_certificationbody ORDER BY country LIMIT 40"
    )]  # fmt: skip
    standards = [row[0] for row in database.rows(
        "SELECT slug FROM accreditation_standard ORDER BY slug LIMIT 40"
    )]  # fmt: skip
    paths = [f"/bodies/?country={c}" for c in countries]
    paths += [f"/bodies/?standard={s}" for s in standards]
    paths += [f"/bodies/?standard={s}&sort=updated&page=2" for s in standards[:10]]
    paths += [f"/statistics/?country={c}" for c in countries[:10]]
    return paths


def get(port, path):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def memory(pid):
    """The smaps_rollup fields of ``pid``, in bytes."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in FIELDS:
            values[name] = int(rest.split()[0]) * 1024
    values["USS"] = values["Private_Clean"] + values["Private_Dirty"]
    return values


def mapped_store_files(pid, folder):
    """How many of the store's array files ``pid`` maps."""
    if folder is None:
        return 0
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    return len({line.split()[-1] for line in maps if str(folder) in line})


class Server:
    def __init__(self, database_url, workers, store, static_root, log):
        self.port = free_port()
        env = django_env(database_url, static_root=static_root)
        env["CERTDIR_INDEX_DIR"] = str(store) if store else "off"
        command = [sys.executable, "-m", "gunicorn", "certdir.wsgi", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "300"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if get(self.port, "/healthz") == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start; see its log")
            time.sleep(0.3)

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in children.read_text().split())

    def ask(self, paths):
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            statuses = list(pool.map(lambda path: get(self.port, path), paths))
        bad = [status for status in statuses if status != 200]
        if bad:
            raise SystemExit(f"{len(bad)} answers were not 200: {sorted(set(bad))}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


def measure(label, server, workers, store):
    time.sleep(1)
    return [
        {"phase": label, "pid": pid, **memory(pid), "mapped": mapped_store_files(pid, store)}
        for pid in workers
    ]


def run_way(args, database, paths, way, workdir):
    store = workdir / "store" if way == "shared" else None
    with open(workdir / f"gunicorn-{way}.log", "w+b") as log:
        server = Server(args.database_url, args.workers, store, workdir / "static", log)
        try:
            workers = server.workers()
            # Healthz once per connection so that every worker has served a request.
            server.ask(["/healthz"] * (CONCURRENCY * 4))
            rows = measure("idle", server, workers, store)
            started = time.perf_counter()
            server.ask(paths)
            warm = time.perf_counter() - started
            rows += measure("warm", server, workers, store)
            body, city = database.rows(
                "SELECT id, city FROM bodies_certificationbody ORDER BY id LIMIT 1"
            )[0]
            database.rows(
                "UPDATE bodies_certificationbody SET city = %s WHERE id = %s RETURNING id",
                (f"{city} (bench {time.time():.0f})", body),
            )
            try:
                server.ask(paths)
                rows += measure("after a write", server, workers, store)
            finally:
                database.rows(
                    "UPDATE bodies_certificationbody SET city = %s WHERE id = %s RETURNING id",
                    (city, body),
                )
        finally:
            server.stop()
    size = sum(p.stat().st_size for p in store.rglob("*.npy")) if store else 0
    return rows, warm, size


def mib(value):
    return f"{value / MiB:,.1f}"


def report(args, results, bodies, n_paths):
    lines = [
        "## Search index memory per worker",
        "",
        f"Written by `bench/index_memory.py` on {bodies:,} bodies "
        f"({args.database_url.split(':', 1)[0]}), gunicorn with {args.workers} workers; "
        f"{n_paths} distinct searches asked {CONCURRENCY} at a time for the warm-up, and "
        "again after one write to a body. MiB from `/proc/<pid>/smaps_rollup`; "
        "Δ is the growth from the same worker idle (after `/healthz`). USS: the worker's "
        "own pages; PSS: shared pages divided among the processes mapping them; anonymous: "
        "its heap. Store files: the arrays mapped from the shared store.",
        "",
        "| Way | Phase | Worker | RSS | PSS | USS | Anonymous | ΔUSS | ΔAnonymous"
        " | Store files mapped |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]  # fmt: skip
    for way, (rows, _, _) in results.items():
        idle = {row["pid"]: row for row in rows if row["phase"] == "idle"}
        for row in rows:
            base = idle[row["pid"]]
            numbers = [mib(row[name]) for name in ("Rss", "Pss", "USS", "Anonymous")]
            lines.append(
                f"| {way} | {row['phase']} | {row['pid']} | {' | '.join(numbers)} | "
                f"{mib(row['USS'] - base['USS'])} | "
                f"{mib(row['Anonymous'] - base['Anonymous'])} | {row['mapped']} |"
            )
    lines.append("")
    for way, (_, warm, size) in results.items():
        store = f"; the store's array files: {mib(size)} MiB" if size else ""
        lines.append(f"- {way}: warm-up took {warm:.1f} s{store}.")
    lines.append(f"- Load average (1 min) after: {load_average():.2f}.")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ways", default="per-process,shared")
    parser.add_argument("--write", type=Path, help="write the section into this report")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("give --database-url or DATABASE_URL")
    database = Database(args.database_url)
    paths = search_paths(database)
    bodies = database.rows("SELECT count(*) FROM bodies_certificationbody")[0][0]
    workdir = Path(tempfile.mkdtemp(prefix="certdir-index-memory-"))
    try:
        # Its servers serve the static files it collects here, as bench/run's do.
        env = django_env(args.database_url, static_root=workdir / "static")
        collect_static(env, workdir / "collectstatic.log")
        results = {}
        for way in args.ways.split(","):
            print(f"{way} ...", flush=True)
            results[way] = run_way(args, database, paths, way, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    section = report(args, results, bodies, len(paths))
    print(section)
    if args.write:
        replace_section("index-memory", section, args.write)


if __name__ == "__main__":
    main()
