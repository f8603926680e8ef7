"""One size: its database seeded (timed), every measurement of it, and the import."""

import json
import os
import re
import threading
import time

import psycopg

from harness.common import (
    AFTER_WRITE_SAMPLES,
    BENCH,
    COLD_QUERY_COUNTS,
    PYTHON,
    WORKER_WARMUP_REQUESTS,
    WRITE_STREAM_SECONDS,
    api_stream,
    collect_static,
    django_env,
    load_average,
    run_timed,
)
from harness.pg import Postgres
from harness.serve import Server, ask_each, count_hits, run_wrk, warm_up, warm_workers


class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.pg = Postgres(args.database_url_base)
        self.template = None
        self.created = []
        self.streams = None
        self.server_starts = 0
        # Its own collectstatic output: two runs at once (two test workers) writing the
        # checkout's staticfiles/ would trip over each other's files.
        self.static_root = workdir / "static"

    def log(self, name):
        return self.workdir / f"{name}.log"

    def say(self, message):
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)

    def env(self, database):
        return django_env(self.pg.url(database), static_root=self.static_root)

    def server(self, database):
        """gunicorn on ``database``; with --redis-url, under a cache key prefix never used before.

        Only servers get Redis: the probe clears its cache, which would empty the whole Redis.
        """
        self.server_starts += 1
        prefix = f"certdir-bench-{os.getpid()}-{self.server_starts}"
        env = django_env(self.pg.url(database), self.args.redis_url, prefix, self.static_root)
        return Server(env, self.args, self.log("gunicorn"))

    def collect_static(self):
        """``collectstatic`` into this run's own folder, which its servers serve from."""
        self.say("collectstatic")
        collect_static(self.env("postgres"), self.log("manage"))

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
            # The API's list is the same search: the same stream, asked through /api/v1/.
            result["api"] = ask_each(server.port, api_stream(self.streams["searches"]))
            result["after_write"] = []
            for item in self.streams["popular"][:AFTER_WRITE_SAMPLES]:
                self.pg.bump_directory_version(database)
                result["after_write"] += ask_each(server.port, [item])
            result["write_stream"] = self.write_stream(database, server.port)
        if self.args.no_load:
            result["load"] = None
        else:
            result["load"] = self.load(database, body_urls["popular"])
        result["import"] = None if self.args.no_import else self.measure_import(n)
        result["loadavg"].append(load_average())
        return result

    def write_stream(self, database, port):
        """The popular searches, one client, while a curator's edit of one body lands every
        second (a real UPDATE, which the triggers log): each write makes every worker
        bring its index forward, so this times searches that wait on that."""
        self.say(f"searches during {WRITE_STREAM_SECONDS} s of one curator write per second")
        url = self.pg.url(database)
        with psycopg.connect(url, autocommit=True) as conn:
            ids = [row[0] for row in conn.execute(
                "SELECT id FROM bodies_certificationbody ORDER BY md5(id::text) LIMIT 500"
            )]  # fmt: skip
        stop, writes = threading.Event(), []

        def curator():
            with psycopg.connect(url, autocommit=True) as conn:
                while not stop.wait(1.0):
                    body = ids[len(writes) % len(ids)]
                    started = time.perf_counter()
                    conn.execute(
                        "UPDATE bodies_certificationbody SET city = %s, updated_at = now() "
                        "WHERE id = %s",
                        [f"Bench City {len(writes)}", body],
                    )
                    writes.append((time.perf_counter() - started) * 1000)

        writer = threading.Thread(target=curator, daemon=True)
        writer.start()
        searches, deadline = [], time.monotonic() + WRITE_STREAM_SECONDS
        try:
            while time.monotonic() < deadline:
                searches += ask_each(port, self.streams["popular"][:10])
        finally:
            stop.set()
            writer.join()
        return {"seconds": WRITE_STREAM_SECONDS, "writes": len(writes), "searches": searches}

    def load(self, database, body_paths):
        """wrk on /healthz, then on the popular searches and body pages, each warmed first."""
        args, shared = self.args, bool(self.args.redis_url)
        search_paths = [item["url"] for item in self.streams["popular"]]
        api_paths = [item["url"] for item in api_stream(self.streams["popular"])]
        load = {}
        self.say(
            f"wrk: {args.connections} connections, {args.rounds} rounds of {args.duration} s "
            "on /healthz then on the pages"
        )
        with self.server(database) as server:
            mixes = (("search", search_paths), ("body", body_paths), ("api", api_paths))
            for name, paths in mixes:
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
