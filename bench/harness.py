# ruff: noqa: RUF001 - the report writes ratios with a multiplication sign.
"""The performance harness behind ``bench/run``: seed, serve, measure, write the report.

For every size N it builds a PostgreSQL database through ``seed_demo`` (timed), serves it
with gunicorn as in production (DEBUG off, persistent connections) and measures from
this separate process: a stream of distinct uncached searches asked once each by one
client, uncached body pages, SQL queries per search page (in a Django process of its
own), popular searches and body pages under load with wrk against /healthz, and
``import_bodies`` into a fresh database. It writes one table per N to the report.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import json
import math
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LUA = BENCH / "wrk_paths.lua"
PYTHON = sys.executable
DEFAULT_SIZES = [10_000, 100_000]
MILLION = 1_000_000
TARGET_SIZE = 100_000
BASELINE_SIZE = 10_000
QUICK = {"sizes": [200], "searches": 40, "body_pages": 40, "duration": 2, "rounds": 1}
DEFAULTS = {
    "sizes": DEFAULT_SIZES,
    "searches": 300,
    "body_pages": 300,
    "duration": 10,
    "rounds": 3,
}
# Each worker keeps its own local-memory page cache, so a warm-up pass only warms the
# worker that answered; passes go on until this many in a row are hits throughout.
CLEAN_PASSES_PER_WORKER_CACHE = 3
MAX_WARMUP_PASSES = 40
WORKER_WARMUP_REQUESTS = 12
# Searches timed each right after a write, which makes the answering worker rebuild what
# it keeps per directory version.
AFTER_WRITE_SAMPLES = 6
# The stream's first URLs (every kind of search) are also counted with an empty cache.
COLD_QUERY_COUNTS = 60


# bench/load writes its own section into the same report; it survives a rewrite.
LOAD_TEST_SECTION = re.compile(r"<!-- load-test:start -->.*?<!-- load-test:end -->", re.S)


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------- helpers


def percentile(values, pct):
    """Nearest-rank percentile of ``values`` (``pct`` in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def load_average():
    """The machine's one-minute load average: other work on it skews every figure."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_timed(cmd, env, log):
    """Run ``cmd``; its wall seconds and peak resident memory (MiB). Output goes to ``log``."""
    with open(log, "ab") as out:
        out.write(f"\n$ {shlex.join(map(str, cmd))}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(f"{shlex.join(map(str, cmd))} failed:\n{tail(log)}")
    return seconds, usage.ru_maxrss / 1024


def django_env(database_url, redis_url=None, cache_prefix=None):
    """The environment of a production-like Django process on ``database_url``."""
    dropped = {
        "DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "DJANGO_SETTINGS_MODULE",
        "DJANGO_CONN_MAX_AGE", "DJANGO_DEBUG",
    }  # fmt: skip
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="certdir.settings",
        DJANGO_SECRET_KEY="benchmark-only-not-a-secret",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PAGE_CACHE_HEADER="1",
        DJANGO_LOG_LEVEL="WARNING",
    )
    if redis_url:
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=cache_prefix)
    return env


class Postgres:
    """Databases on one PostgreSQL server, reached as ``base/<name>``."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def url(self, name):
        return f"{self.base}/{name}"

    def _admin(self):
        return psycopg.connect(self.url("postgres"), autocommit=True)

    def exists(self, name):
        with self._admin() as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return row is not None

    def create(self, name, template=None):
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._admin() as conn:
            conn.execute(query)

    def drop(self, name):
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def scalar(self, name, query):
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            return conn.execute(query).fetchone()[0]

    def vacuum_analyze(self, name):
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")

    def bump_directory_version(self, name):
        """What the triggers do on any write: every cached page and per-process index is stale."""
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            conn.execute(
                "UPDATE accreditation_directoryversion SET version = version + 1 WHERE id = 1"
            )

    def server_version(self):
        with self._admin() as conn:
            return conn.execute("SHOW server_version").fetchone()[0]


# --------------------------------------------------------------------------- serving


class Response:
    __slots__ = ("bytes", "ms", "status", "x_cache")

    def __init__(self, status, x_cache, ms, size):
        self.status, self.x_cache, self.ms, self.bytes = status, x_cache, ms, size


class Client:
    """One HTTP client asking one path at a time (gunicorn's sync workers close each connection)."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def get(self, path):
        started = time.perf_counter()
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        size = len(response.read())
        ms = (time.perf_counter() - started) * 1000
        if response.will_close:
            self.conn.close()
        return Response(response.status, response.getheader("X-Cache"), ms, size)

    def close(self):
        self.conn.close()


class Server:
    """gunicorn serving one database, started fresh (with empty page caches) for each phase."""

    def __init__(self, env, workers, log):
        self.env, self.workers, self.log = env, workers, log
        self.proc = None
        self.port = None

    def __enter__(self):
        self.port = free_port()
        cmd = [
            PYTHON, "-m", "gunicorn", "certdir.wsgi",
            "--workers", str(self.workers),
            "--bind", f"127.0.0.1:{self.port}",
        ]  # fmt: skip
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited:\n{tail(self.log)}")
            try:
                client = Client(self.port)
                ok = client.get("/healthz").status == 200
                client.close()
                if ok:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise BenchError(f"gunicorn did not answer /healthz within 60 s:\n{tail(self.log)}")

    def __exit__(self, *exc):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # the master stops its workers
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own session, started above
            self.proc.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def ask_each(port, items):
    """Ask every path once, one after another; the items with status, X-Cache and ms added."""
    client = Client(port)
    rows = []
    for item in items:
        response = client.get(item["url"])
        rows.append(
            {
                **item,
                "status": response.status,
                "x_cache": response.x_cache,
                "ms": response.ms,
                "bytes": response.bytes,
            }
        )
    client.close()
    return rows


def warm_up(port, paths, shared_cache):
    """Ask ``paths`` in passes until the cache serves them all; the passes it took."""
    needed = 1 if shared_cache else CLEAN_PASSES_PER_WORKER_CACHE
    client = Client(port)
    passes = clean = 0
    while clean < needed and passes < MAX_WARMUP_PASSES:
        passes += 1
        hits = sum(client.get(path).x_cache == "hit" for path in paths)
        clean = clean + 1 if hits == len(paths) else 0
    client.close()
    return {"passes": passes, "warm": clean >= needed}


def warm_workers(port, paths, workers):
    """Ask ``paths`` more at a time than there are workers, so every worker answers some."""
    with concurrent.futures.ThreadPoolExecutor(2 * workers + 2) as pool:
        list(pool.map(lambda path: ask_each(port, [{"url": path}]), paths))


def count_hits(port, paths):
    """How many of ``paths`` the cache served, and the median page size in bytes."""
    client = Client(port)
    responses = [client.get(path) for path in paths]
    client.close()
    hits = sum(response.x_cache == "hit" for response in responses)
    return hits, statistics.median(response.bytes for response in responses)


# --------------------------------------------------------------------------- wrk

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output):
    """Requests/s, latency percentiles (ms), request and error counts from wrk's report."""

    def number(pattern, default=0.0):
        match = re.search(pattern, output, re.MULTILINE)
        return float(match.group(1)) if match else default

    latency = {
        int(pct): float(value) * UNITS_MS[unit]
        for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    }
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": number(r"^Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"^\s+(\d+) requests in")),
        "p50": latency.get(50),
        "p90": latency.get(90),
        "p99": latency.get(99),
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def run_wrk(server, args, workdir, name, paths=None):
    cmd = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
        "--latency", "--timeout", "10s",
    ]  # fmt: skip
    if paths:
        path_file = workdir / f"{name}.paths"
        path_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        cmd += ["-s", str(LUA), server.url("/"), "--", str(path_file)]
    else:
        cmd.append(server.url("/healthz"))
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    (workdir / f"{name}.wrk.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise BenchError(f"wrk failed:\n{done.stdout}{done.stderr}")
    return parse_wrk(done.stdout)


# --------------------------------------------------------------------------- one size


class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.pg = Postgres(args.database_url_base)
        self.template = None
        self.created = []
        self.streams = None
        self.server_starts = 0

    def log(self, name):
        return self.workdir / f"{name}.log"

    def say(self, message):
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)

    def env(self, database):
        return django_env(self.pg.url(database))

    def server(self, database):
        """gunicorn on ``database``; with --redis-url, under a cache key prefix never used before.

        Only servers get Redis: the probe clears its cache, which would empty the whole Redis.
        """
        self.server_starts += 1
        prefix = f"certdir-bench-{os.getpid()}-{self.server_starts}"
        env = django_env(self.pg.url(database), self.args.redis_url, prefix)
        return Server(env, self.args.workers, self.log("gunicorn"))

    def manage(self, database, *arguments, log="manage"):
        cmd = [PYTHON, "manage.py", *map(str, arguments)]
        return run_timed(cmd, self.env(database), self.log(log))

    def probe(self, database, *arguments):
        cmd = [PYTHON, str(BENCH / "probe.py"), *map(str, arguments)]
        run_timed(cmd, self.env(database), self.log("probe"))

    def fresh_database(self, name):
        """An empty, migrated database (copied from a template migrated once per run)."""
        if self.template is None:
            self.template = f"{self.args.prefix}template"
            self.say(f"migrating template database {self.template}")
            self.pg.drop(self.template)
            self.pg.create(self.template)
            self.created.append(self.template)
            self.manage(self.template, "migrate", "--noinput", "-v", "0")
        self.pg.drop(name)
        self.pg.create(name, template=self.template)
        self.created.append(name)

    def prepare(self, n):
        """The database for ``n`` bodies, seeded (and timed) unless --reuse found one."""
        name = f"{self.args.prefix}{n}"
        if self.args.reuse and self.pg.exists(name):
            count = self.pg.scalar(name, "SELECT count(*) FROM bodies_certificationbody")
            if count == n:
                self.say(f"reusing {name} ({n:,} bodies); seed_demo not timed")
                self.manage(name, "migrate", "--noinput", "-v", "0")
                self.pg.vacuum_analyze(name)
                return name, None
        self.fresh_database(name)
        self.say(f"seed_demo --bodies {n:,} into {name}")
        seconds, peak = self.manage(
            name, "seed_demo", "--bodies", n, "--seed", 1, "--no-progress", log="seed"
        )
        self.pg.vacuum_analyze(name)
        return name, {"seconds": seconds, "peak_mib": peak}

    def measure(self, n):
        database, seed = self.prepare(n)
        result = {"bodies": n, "database": database, "seed": seed, "loadavg": [load_average()]}
        if self.streams is None:
            self.say("generating the search URL streams")
            out = self.workdir / "streams.json"
            self.probe(
                database, "streams", "--searches", self.args.searches,
                "--popular", self.args.popular, "--out", out,
            )  # fmt: skip
            self.streams = json.loads(out.read_text(encoding="utf-8"))
            (self.workdir / "searches.json").write_text(
                json.dumps(self.streams["searches"]), encoding="utf-8"
            )
        bodies_out = self.workdir / f"bodies-{n}.json"
        self.probe(
            database, "bodies", "--count", self.args.body_pages, "--popular", self.args.popular,
            "--warmup", WORKER_WARMUP_REQUESTS, "--out", bodies_out,
        )  # fmt: skip
        body_urls = json.loads(bodies_out.read_text(encoding="utf-8"))

        self.say(f"{n:,}: SQL queries per search page (in-process)")
        queries_out = self.workdir / f"queries-{n}.json"
        self.probe(
            database, "queries", "--urls", self.workdir / "searches.json",
            "--cold", COLD_QUERY_COUNTS, "--out", queries_out,
        )  # fmt: skip
        result["queries"] = json.loads(queries_out.read_text(encoding="utf-8"))

        self.say(f"{n:,}: uncached searches and body pages, one client")
        with self.server(database) as server:
            # Every worker loads its code, templates and per-version data first.
            warm = [f"/bodies/?q=benchwarmup{i}" for i in range(WORKER_WARMUP_REQUESTS)]
            warm_workers(server.port, warm + body_urls["warmup"], self.args.workers)
            result["searches"] = ask_each(server.port, self.streams["searches"])
            result["body_pages"] = ask_each(
                server.port, [{"kind": "body", "url": url} for url in body_urls["stream"]]
            )
            result["after_write"] = []
            for item in self.streams["popular"][:AFTER_WRITE_SAMPLES]:
                self.pg.bump_directory_version(database)
                result["after_write"] += ask_each(server.port, [item])
        if self.args.no_load:
            result["load"] = None
        else:
            result["load"] = self.load(database, body_urls["popular"])
        result["import"] = None if self.args.no_import else self.measure_import(n)
        result["loadavg"].append(load_average())
        return result

    def load(self, database, body_paths):
        """wrk on /healthz, then on the popular searches and body pages, each warmed first."""
        args, shared = self.args, bool(self.args.redis_url)
        search_paths = [item["url"] for item in self.streams["popular"]]
        load = {}
        self.say(
            f"wrk: {args.connections} connections, {args.rounds} rounds of {args.duration} s "
            "on /healthz then on the pages"
        )
        with self.server(database) as server:
            for name, paths in (("search", search_paths), ("body", body_paths)):
                warmup = warm_up(server.port, paths, shared)
                rounds = []
                for i in range(1, args.rounds + 1):
                    health = run_wrk(server, args, self.workdir, f"healthz-{name}-{i}")
                    pages = run_wrk(server, args, self.workdir, f"{name}-{i}", paths)
                    rounds.append({"healthz": health, "pages": pages})
                hits, size = count_hits(server.port, paths)
                load[name] = {
                    "paths": len(paths),
                    "warmup": warmup,
                    "rounds": rounds,
                    "hits_after": hits,
                    "median_bytes": size,
                }
        return load

    def measure_import(self, rows):
        """``bench/import_bodies.py`` importing ``rows`` generated rows into an empty database."""
        name = f"{self.args.prefix}import"
        self.fresh_database(name)
        self.say(f"import_bodies: {rows:,} rows into {name}")
        csv_path = self.workdir / f"import-{rows}.csv"
        log = self.log(f"import-{rows}")
        cmd = [PYTHON, BENCH / "import_bodies.py", "--rows", rows, "--csv", csv_path]
        run_timed(list(map(str, cmd)), self.env(name), log)
        printed = log.read_text(errors="replace")

        def figure(label):
            return float(re.search(rf"^{label}: ([\d.]+)", printed, re.M).group(1))

        self.say(f"import_bodies: re-import of the same file (nothing changes) into {name}")
        seconds, peak = self.manage(name, "import_bodies", csv_path, log=f"reimport-{rows}")
        csv_path.unlink()
        self.pg.drop(name)
        self.created.remove(name)
        return {
            "rows": int(figure("rows")),
            "seconds": figure("seconds"),
            "peak_mib": figure("peak RSS"),
            "reimport_seconds": seconds,
            "reimport_peak_mib": peak,
        }

    def cleanup(self, keep_sizes):
        """Drop the databases this run created (but the seeded ones with --keep), clear Redis."""
        for name in reversed(self.created):
            if keep_sizes and name != self.template and not name.endswith("import"):
                continue
            self.pg.drop(name)
        if self.args.redis_url and self.server_starts:
            import redis

            client = redis.Redis.from_url(self.args.redis_url)
            for key in client.scan_iter(match=f"certdir-bench-{os.getpid()}-*"):
                client.delete(key)


# --------------------------------------------------------------------------- report


def machine(pg, args):
    def read(path):
        try:
            return Path(path).read_text()
        except OSError:
            return ""

    cpu = re.search(r"^model name\s*:\s*(.+)$", read("/proc/cpuinfo"), re.M)
    mem = re.search(r"^MemTotal:\s+(\d+) kB", read("/proc/meminfo"), re.M)
    distro = re.search(r'^PRETTY_NAME="?([^"\n]+)', read("/etc/os-release"), re.M)
    wrk = shutil.which("wrk")
    wrk_version = "not installed"
    if wrk:
        out = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
        wrk_version = (out.stdout + out.stderr).split(" Copyright")[0].strip()
    cores = len(os.sched_getaffinity(0))
    return {
        "CPU": f"{cpu.group(1).strip() if cpu else platform.processor()}, {cores} cores",
        "Memory": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown",
        "System": f"{distro.group(1) if distro else platform.system()}, Linux {platform.release()}",
        "PostgreSQL": pg.server_version(),
        "Python": platform.python_version(),
        "Django": metadata.version("django"),
        "gunicorn": f"{metadata.version('gunicorn')}, {args.workers} sync workers",
        "Page cache": f"Redis ({args.redis_url})"
        if args.redis_url
        else "local memory, one per worker (no REDIS_URL)",
        "wrk": wrk_version,
    }


def git_commit():
    def git(*arguments):
        out = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() if out.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit} (with uncommitted changes)" if git("status", "--porcelain") else commit


def spread(values, template):
    """The range of ``values`` over the rounds, formatted with ``template`` (none for one)."""
    if len(values) < 2:
        return ""
    return "rounds " + "–".join(template.format(v) for v in (min(values), max(values)))


def ms(value):
    return "—" if value is None else f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def verdict(ok):
    return "—" if ok is None else "pass" if ok else "**FAIL**"


def size_table(result, baseline, args):
    """(figure, target, measured, verdict) rows for one size."""
    n = result["bodies"]
    at_target = n == TARGET_SIZE
    rows = []
    searches = result["searches"]
    times = [row["ms"] for row in searches]
    misses = sum(row["x_cache"] == "miss" for row in searches)
    bad = sum(row["status"] != 200 for row in searches)
    distinct = len({row["url"] for row in searches})
    rows.append(
        (
            "Uncached search stream: distinct URLs asked once, X-Cache misses, non-200",
            f"≥ {DEFAULTS['searches']}, all misses, none",
            f"{distinct}, {misses}, {bad}",
            verdict(distinct >= DEFAULTS["searches"] and misses == len(searches) and not bad),
        )
    )
    p50 = statistics.median(times)
    rows.append(("Uncached search: p50", "≤ 75 ms", ms(p50), verdict(p50 <= 75)))
    p95 = percentile(times, 95)
    rows.append(("Uncached search: p95", "≤ 250 ms", ms(p95), verdict(p95 <= 250)))
    rows.append(("Uncached search: p99, max", "", f"{ms(percentile(times, 99))}, "
                 f"{ms(max(times))}", "—"))  # fmt: skip
    if baseline is not None and baseline is not result:
        base_p50 = statistics.median(row["ms"] for row in baseline["searches"])
        ratio = p50 / base_p50
        rows.append(
            (
                f"Uncached search: p50 ÷ p50 at {baseline['bodies']:,} bodies (same stream)",
                "≤ 3×",
                f"{ratio:.2f}× ({ms(p50)} ÷ {ms(base_p50)})",
                verdict(ratio <= 3) if at_target and baseline["bodies"] == BASELINE_SIZE else "—",
            )
        )
    queries = result["queries"]
    warm = [row["queries"] for row in queries]
    cold = [
        row["queries_first_after_write"] for row in queries if "queries_first_after_write" in row
    ]
    invalid = sum(row["status"] != 200 or row["x_cache"] != "miss" for row in queries)
    rows.append(
        (
            f"SQL queries per search page, {len(warm)} pages (max; median)",
            "≤ 10",
            f"{max(warm)}; {statistics.median(warm):g}"
            + (f"; {invalid} pages were not uncached 200s" if invalid else ""),
            verdict(max(warm) <= 10 and not invalid),
        )
    )
    rows.append(
        (
            f"SQL queries per search page, first search after a write (per-version data "
            f"rebuilt), {len(cold)} pages",
            "≤ 10",
            f"{max(cold)}; {statistics.median(cold):g}",
            verdict(max(cold) <= 10),
        )
    )
    load = result["load"]
    if load:
        for name, label, share in (
            ("search", "Popular searches", 0.7),
            ("body", "Body pages", 0.4),
        ):
            run = load[name]
            rounds = run["rounds"]
            ratios = [r["pages"]["rps"] / r["healthz"]["rps"] for r in rounds]
            ratio = statistics.median(ratios)
            errors = sum(r["pages"]["non_2xx"] + r["pages"]["socket_errors"] for r in rounds)
            of_rounds = f", median of {len(rounds)} rounds" if len(rounds) > 1 else ""
            rates = (
                f"{statistics.median(r['pages']['rps'] for r in rounds):,.0f} ÷ "
                f"{statistics.median(r['healthz']['rps'] for r in rounds):,.0f} req/s"
            )
            rows.append(
                (
                    f"{label} ({run['paths']} URLs, cached), {args.connections} connections: "
                    f"requests/s ÷ /healthz{of_rounds}",
                    f"≥ {share}×",
                    f"{ratio:.2f}× ({'; '.join(filter(None, [rates, spread(ratios, '{:.2f}×')]))})"
                    + (f"; {errors} errors" if errors else ""),
                    verdict(ratio >= share and not errors),
                )
            )
            if name == "search":
                p99s = [r["pages"]["p99"] for r in rounds]
                p99 = statistics.median(p99s)
                rows.append(
                    (
                        f"{label} under load: p99{of_rounds}",
                        "< 50 ms",
                        f"{ms(p99)}" + (f" ({spread(p99s, '{:,.1f} ms')})" if of_rounds else ""),
                        verdict(p99 < 50),
                    )
                )
    else:
        rows.append(("Popular searches and body pages under load (wrk)", "", "skipped (--no-load)",
                     "—"))  # fmt: skip
    after = [row["ms"] for row in result["after_write"]]
    after_bad = sum(row["status"] != 200 for row in result["after_write"])
    rows.append(
        (
            f"Search right after a write to the directory ({len(after)} writes): median, max",
            "",
            f"{ms(statistics.median(after))}, {ms(max(after))}"
            + (f"; {after_bad} not 200" if after_bad else ""),
            "—",
        )
    )
    bodies = [row["ms"] for row in result["body_pages"]]
    body_p50 = statistics.median(bodies)
    body_misses = sum(row["x_cache"] == "miss" for row in result["body_pages"])
    rows.append(
        (
            f"Body pages, uncached ({len(bodies)} distinct, {body_misses} misses): p50",
            "≤ 30 ms",
            f"{ms(body_p50)} (p95 {ms(percentile(bodies, 95))})",
            verdict(body_p50 <= 30 and body_misses == len(bodies)),
        )
    )
    imported = result["import"]
    if imported:
        rows.append(
            (
                f"import_bodies, {imported['rows']:,} rows into an empty database",
                "< 60 s at 100,000 rows",
                f"{imported['seconds']:.1f} s (peak {imported['peak_mib']:,.0f} MiB)",
                verdict(imported["seconds"] < 60) if imported["rows"] == TARGET_SIZE else "—",
            )
        )
        rows.append(
            (
                "import_bodies, the same file again (manage.py, nothing changes)",
                "",
                f"{imported['reimport_seconds']:.1f} s (peak {imported['reimport_peak_mib']:,.0f}"
                " MiB)",
                "—",
            )
        )
    else:
        rows.append(("import_bodies", "", "skipped (--no-import)", "—"))
    seed = result["seed"]
    rows.append(
        (
            f"seed_demo --bodies {n:,} (manage.py, wall time)",
            "< 120 s at 100,000",
            f"{seed['seconds']:.1f} s (peak {seed['peak_mib']:,.0f} MiB)"
            if seed
            else "not timed (--reuse)",
            verdict(seed["seconds"] < 120) if seed and at_target else "—",
        )
    )
    return rows


def kind_breakdown(result):
    by_kind = {}
    results = {row["url"]: row["results"] for row in result["queries"]}
    for row in result["searches"]:
        by_kind.setdefault(row["kind"], []).append(row)
    lines = [
        "| Kind of search | URLs | With no results | p50 | p95 | max |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, rows in by_kind.items():
        times = [row["ms"] for row in rows]
        empty = sum(results.get(row["url"]) == 0 for row in rows)
        lines.append(
            f"| {kind} | {len(rows)} | {empty} | {ms(statistics.median(times))} | "
            f"{ms(percentile(times, 95))} | {ms(max(times))} |"
        )
    return lines


def slowest(result, count=10):
    results = {row["url"]: row["results"] for row in result["queries"]}
    lines = ["| ms | Results | Kind | URL |", "| ---: | ---: | --- | --- |"]
    for row in sorted(result["searches"], key=lambda row: -row["ms"])[:count]:
        found = results.get(row["url"])
        lines.append(
            f"| {row['ms']:,.0f} | {'—' if found is None else f'{found:,}'} | {row['kind']} | "
            f"`{row['url']}` |"
        )
    return lines


def failures(result):
    """The pages that did not answer 200, if any: each is a bug to fix before timing it."""
    rows = [
        (where, row)
        for where, key in (
            ("gunicorn", "after_write"),
            ("gunicorn", "searches"),
            ("gunicorn", "body_pages"),
            ("test client", "queries"),
        )
        for row in result[key]
        if row["status"] != 200
    ]
    if not rows:
        return []
    lines = [
        "",
        "Pages that did not answer 200:",
        "",
        "| Status | Served by | URL |",
        "| ---: | --- | --- |",
    ]
    lines += [f"| {row['status']} | {where} | `{row['url']}` |" for where, row in rows]
    return lines


def query_distribution(result):
    counts = {}
    for row in result["queries"]:
        counts[row["queries"]] = counts.get(row["queries"], 0) + 1
    return ", ".join(f"{q} queries: {n} URLs" for q, n in sorted(counts.items()))


def load_details(result, args):
    load = result["load"]
    if not load:
        return []
    lines = [
        "",
        f"wrk runs ({args.threads} threads, {args.connections} connections, {args.duration} s "
        "each; in each round the /healthz run just before the page run is its yardstick):",
        "",
        "| Run | Requests/s | p50 | p90 | p99 | Non-2xx | Socket errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("search", "body"):
        for i, round_ in enumerate(load[name]["rounds"], 1):
            for label, run in (("/healthz", round_["healthz"]), (f"{name} pages", round_["pages"])):
                lines.append(
                    f"| {i}: {label} | {run['rps']:,.0f} | {ms(run['p50'])} | {ms(run['p90'])} | "
                    f"{ms(run['p99'])} | {run['non_2xx']} | {run['socket_errors']} |"
                )
    lines.append("")
    for name in ("search", "body"):
        run = load[name]
        lines.append(
            f"{name.capitalize()} pages: warm-up took {run['warmup']['passes']} passes; "
            f"after the runs {run['hits_after']} of {run['paths']} were cache hits; median page "
            f"{run['median_bytes'] / 1024:,.0f} KiB."
        )
    return lines


def render(results, info, args, command, partial):
    baseline = next(
        (r for r in results if r["bodies"] == BASELINE_SIZE), results[0] if results else None
    )
    out = [
        "# Performance",
        "",
        "Written by `bench/run` (the load-test section at the end, if any, by `bench/load`); "
        "do not edit by hand. Targets are the ones set for 100,000 "
        "bodies; other sizes are measured against the same figures for comparison, and the "
        "seed and import targets are judged at 100,000 only.",
        "",
        f"Measured {info['date']} at commit {info['commit']}."
        + (" **Incomplete: the run stopped early.**" if partial else ""),
        "",
        "## Reproduce",
        "",
        "Needs PostgreSQL and Debian's `wrk` (`apt-get install wrk`); creates and drops its own "
        f"databases named `{args.prefix}*`.",
        "",
        "```sh",
        command,
        "```",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *(f"| {key} | {value} |" for key, value in info["machine"].items()),
        "",
        "gunicorn, PostgreSQL, the measuring client and wrk share this machine's cores.",
        "",
        "## Method",
        "",
        "- Each size is a fresh database filled by `manage.py seed_demo --bodies N --seed 1` "
        "(timed), then `VACUUM ANALYZE`, served by gunicorn with `DJANGO_DEBUG=0` and "
        "persistent database connections, after `collectstatic`.",
        f"- Uncached searches: {args.searches} distinct search URLs (text, single filters, "
        "combined filters, sort orders, deep pages, searches that find nothing), drawn "
        "deterministically from the reference data and the words of the first size's body "
        "names, the same stream for every size. One client asks each once, in turn, on a "
        "freshly started server whose workers were warmed on other URLs; the time is the "
        "client's, request sent to last byte read. Every answer must be an `X-Cache: miss`.",
        f"- Body pages: {args.body_pages} distinct bodies spread over the table, asked once "
        "each the same way.",
        f"- After a write: {AFTER_WRITE_SAMPLES} times, the directory version is bumped in the "
        "database (as the triggers do on any write) and one popular search is timed: the "
        "worker that answers rebuilds whatever it keeps per directory version first.",
        "- SQL queries: the same search URLs through Django's test client in a separate "
        "process, counted with `CaptureQueriesContext`: each page as a cache miss in steady "
        f"state, and the first {COLD_QUERY_COUNTS} (every kind of search) also right after "
        "bumping the directory version, as any write does, so that everything kept per "
        "version (reference data, any in-process index) is loaded again.",
        f"- Load: on a freshly started server, {args.rounds} rounds of wrk for {args.duration} s "
        f"on `/healthz` then {args.duration} s cycling {args.popular} popular search URLs; the "
        f"same for {args.popular} body pages. Each round's page run is compared with the "
        "/healthz run just before it (the machine's other work changes both alike) and the "
        "median round counts. Before the runs the URLs are asked in passes until "
        + (
            "one pass is all hits (the cache is shared by the workers)."
            if args.redis_url
            else f"{CLEAN_PASSES_PER_WORKER_CACHE} passes in a row are all hits: each worker "
            "has its own page cache, so one pass warms only the worker that answered."
        ),
        "- `import_bodies`: `bench/import_bodies.py --rows N` (its generated CSV, its own "
        "timing of the import, without Django start-up and file generation) into an empty "
        "migrated database, then `manage.py import_bodies` of the same file again.",
    ]
    for result in results:
        before, after = result["loadavg"]
        out += ["", f"## {result['bodies']:,} bodies", ""]
        out += [
            f"Load average (1 min) of the machine before / after measuring: {before:.2f} / "
            f"{after:.2f}, on {os.cpu_count()} cores.",
            "",
        ]
        out += ["| Figure | Target | Measured | Verdict |", "| --- | --- | --- | --- |"]
        out += [f"| {' | '.join(row)} |" for row in size_table(result, baseline, args)]
        out += ["", "Uncached searches by kind:", "", *kind_breakdown(result)]
        out += ["", "Slowest uncached searches:", "", *slowest(result)]
        out += failures(result)
        out += ["", f"SQL queries per search page: {query_distribution(result)}."]
        out += load_details(result, args)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- main


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="Measure CertDir on PostgreSQL at several sizes and write the report.",
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part.replace("_", "")) for part in text.split(",")],
        help="Comma-separated numbers of bodies (default 10000,100000).",
    )
    parser.add_argument("--million", action="store_true", help="Add 1,000,000 bodies.")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="Smoke run: 200 bodies, 40 searches, 40 body pages, one round of 2 s wrk runs.",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--json", help="Also write every measurement to this JSON file.")
    parser.add_argument("--searches", type=int, help="Uncached search URLs (default 300).")
    parser.add_argument("--popular", type=int, default=60, help="URLs in each wrk mix.")
    parser.add_argument("--body-pages", type=int, help="Uncached body pages (default 300).")
    parser.add_argument("--duration", type=int, help="Seconds per wrk run (default 10).")
    parser.add_argument(
        "--rounds",
        type=int,
        help="Rounds of /healthz then pages per mix; the median counts (default 3).",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument("--no-load", action="store_true", help="Skip the wrk runs.")
    parser.add_argument("--no-import", action="store_true", help="Skip import_bodies.")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Use an existing database of the right size instead of seeding (seed not timed).",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the seeded databases (for --reuse)."
    )
    parser.add_argument(
        "--database-url-base",
        default=default_database_base(),
        help="postgres://user@host:port of the server (default from DATABASE_URL, else "
        "postgres://postgres@127.0.0.1:5432).",
    )
    parser.add_argument("--prefix", default="certdir_bench_", help="Database name prefix.")
    parser.add_argument(
        "--redis-url",
        help="Serve with this Redis as the page cache (keys under a prefix of their own).",
    )
    args = parser.parse_args(argv)
    for name, value in DEFAULTS.items():
        if getattr(args, name) is None:
            setattr(args, name, QUICK[name] if args.quick else value)
    if args.million and MILLION not in args.sizes:
        args.sizes = [*args.sizes, MILLION]
    args.sizes = sorted(set(args.sizes))
    if not re.fullmatch(r"[a-z0-9_]+", args.prefix):
        parser.error("--prefix takes lower-case letters, digits and underscores only.")
    if not args.database_url_base.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url-base must be a postgres:// URL.")
    return args


def with_load_test_section(path, report):
    """``report`` followed by the section ``bench/load`` keeps between its markers in ``path``."""
    try:
        match = LOAD_TEST_SECTION.search(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        match = None
    return f"{report}\n{match.group(0)}\n" if match else report


def without_json(argv):
    """``argv`` without ``--json FILE``, which changes nothing in the report."""
    shown, skip = [], False
    for arg in argv:
        if skip or arg.startswith("--json="):
            skip = False
        elif arg == "--json":
            skip = True
        else:
            shown.append(arg)
    return shown


def default_database_base():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"
    return "postgres://postgres@127.0.0.1:5432"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if not args.no_load and not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (or pass --no-load).")
    # SIGTERM unwinds like Ctrl-C, so servers are stopped and databases dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    output = Path(args.output).resolve()
    command = shlex.join(["bench/run", *without_json(argv)])
    workdir = Path(tempfile.mkdtemp(prefix="certdir-bench-"))
    bench = Bench(args, workdir)
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "machine": machine(bench.pg, args),
    }
    results = []
    finished = False
    try:
        bench.say("collectstatic")
        run_timed(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            django_env(bench.pg.url("postgres")),
            bench.log("manage"),
        )
        for n in args.sizes:
            results.append(bench.measure(n))
            report = render(results, info, args, command, n != args.sizes[-1])
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(with_load_test_section(output, report), encoding="utf-8")
        finished = True
    except BenchError as exc:
        sys.exit(f"bench/run: {exc}\n(logs in {workdir})")
    finally:
        bench.cleanup(keep_sizes=args.keep)
        if args.json:
            Path(args.json).write_text(
                json.dumps({"info": info, "results": results}, indent=1), encoding="utf-8"
            )
        if finished:
            shutil.rmtree(workdir, ignore_errors=True)
    bench.say(f"wrote {output}")


if __name__ == "__main__":
    main()
