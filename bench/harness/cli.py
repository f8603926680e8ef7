"""``bench/run``'s command line, and the run over every size that writes the report."""

import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from harness.common import DEFAULTS, MILLION, QUICK, ROOT, BenchError
from harness.measure import Bench
from harness.report import git_commit, machine, render, with_kept_sections


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
    parser.add_argument(
        "--worker-class",
        default="gthread",
        choices=["gthread", "sync"],
        help="gunicorn worker class (gunicorn.conf.py serves with gthread).",
    )
    parser.add_argument(
        "--gunicorn-threads", type=int, default=8, help="Threads per gthread worker."
    )
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
        bench.collect_static()
        for n in args.sizes:
            results.append(bench.measure(n))
            report = render(results, info, args, command, n != args.sizes[-1])
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(with_kept_sections(output, report), encoding="utf-8")
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
