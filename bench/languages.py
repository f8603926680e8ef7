"""English against one other language on one database, in one run (issue 19).

    .venv/bin/python bench/languages.py --database certdir_bench_100000 [--language fr] \\
        [--write docs/performance.md]

The same uncached search stream and body pages as ``bench/run`` are asked once in
English and once under ``/<language>/`` (each a page-cache miss: the cache keeps pages per
language), alternating URL by URL on one server so that both see the same machine; then
wrk serves the popular searches, cached, in each language, against ``/healthz``, in
alternating rounds. The figures are ratios measured in the same run; ``bench/run``'s
report holds the absolute targets for English.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.cli import default_database_base, parse_args
from harness.common import WORKER_WARMUP_REQUESTS
from harness.measure import Bench
from harness.report import percentile, workers_phrase
from harness.sections import replace_section
from harness.serve import ask_each, run_wrk, warm_up, warm_workers

SECTION = "languages"
TIMES = "\u00d7"  # as the rest of the report writes ratios


def prefixed(language, url):
    return f"/{language}{url}"


def interleaved(items, language):
    """Each URL in English then in ``language``, so both meet the same moment of the machine."""
    for item in items:
        yield {**item, "language": "en"}
        yield {**item, "url": prefixed(language, item["url"]), "language": language}


def timings(rows, language):
    """The milliseconds of ``language``'s answers, all of which must be 200 misses."""
    mine = [row for row in rows if row["language"] == language]
    bad = [row["url"] for row in mine if row["status"] != 200 or row["x_cache"] != "miss"]
    if bad:
        raise SystemExit(f"not a 200 miss: {bad[:5]}")
    return [row["ms"] for row in mine]


def measure(args):
    bench_args = parse_args(["--database-url-base", args.database_url_base])
    bench_args.worker_class, bench_args.gunicorn_threads = args.worker_class, args.threads
    workdir = Path(tempfile.mkdtemp(prefix="certdir-languages-"))
    bench = Bench(bench_args, workdir)
    bench.collect_static()
    database, language = args.database, args.language
    bench.say("generating the search URL streams")
    streams_out, bodies_out = workdir / "streams.json", workdir / "bodies.json"
    bench.probe(
        database, "streams", "--searches", args.searches, "--popular", 60, "--out", streams_out
    )
    bench.probe(
        database, "bodies", "--count", args.searches, "--popular", 60,
        "--warmup", WORKER_WARMUP_REQUESTS, "--out", bodies_out,
    )  # fmt: skip
    streams = json.loads(streams_out.read_text(encoding="utf-8"))
    bodies = json.loads(bodies_out.read_text(encoding="utf-8"))
    result = {}
    with bench.server(database) as server:
        warm = [f"/bodies/?q=benchwarmup{i}" for i in range(WORKER_WARMUP_REQUESTS)]
        warm += [prefixed(language, url) for url in warm]
        warm_workers(server.port, warm + bodies["warmup"], bench_args.workers)
        bench.say(f"uncached searches and body pages, en and {language} in turn")
        searches = ask_each(server.port, interleaved(streams["searches"], language))
        pages = ask_each(
            server.port, interleaved([{"url": url} for url in bodies["stream"]], language)
        )
        for name, rows in (("searches", searches), ("body_pages", pages)):
            result[name] = {code: timings(rows, code) for code in ("en", language)}
        bench.say(f"wrk: popular searches, cached, {args.rounds} rounds per language")
        popular = [item["url"] for item in streams["popular"]]
        mixes = {"en": popular, language: [prefixed(language, url) for url in popular]}
        result["load"] = {code: [] for code in mixes}
        for paths in mixes.values():
            warm_up(server.port, paths, shared_cache=False)
        for _ in range(args.rounds):
            for code, paths in mixes.items():
                health = run_wrk(server, bench_args, workdir, f"healthz-{code}")
                pages = run_wrk(server, bench_args, workdir, f"popular-{code}", paths)
                result["load"][code].append(
                    {"ratio": pages["rps"] / health["rps"], "rps": pages["rps"], **_errors(pages)}
                )
    return result, bench_args


def _errors(wrk):
    return {"errors": wrk["socket_errors"] + wrk["non_2xx"], "p99": wrk["p99"]}


def render(result, args, bench_args):
    language = args.language
    codes = ("en", language)

    def ms(values, pct):
        return f"{percentile(values, pct):,.1f} ms"

    lines = [
        f"## English and {language} (`bench/languages.py`)",
        "",
        f"{time.strftime('%Y-%m-%d')}, `{args.database}`, gunicorn with "
        f"{workers_phrase(bench_args)}, one run: each uncached URL asked in English and then "
        f"under `/{language}/` in turn (every answer a 200 page-cache miss), then wrk on the "
        f"60 popular searches, cached, {args.rounds} rounds per language of "
        f"{bench_args.duration} s, each against `/healthz` just before it.",
        "",
        f"| Measure | English | {language} | {language} ÷ English |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, label in (("searches", "Uncached search"), ("body_pages", "Uncached body page")):
        for pct in (50, 95):
            en, other = (percentile(result[name][code], pct) for code in codes)
            count = len(result[name]["en"])
            lines.append(
                f"| {label}, p{pct} ({count} URLs) | {ms(result[name]['en'], pct)} "
                f"| {ms(result[name][language], pct)} | {other / en:.2f}{TIMES} |"
            )
    ratios = {code: statistics.median(r["ratio"] for r in result["load"][code]) for code in codes}
    p99 = {code: statistics.median(r["p99"] for r in result["load"][code]) for code in codes}
    errors = {code: sum(r["errors"] for r in result["load"][code]) for code in codes}
    lines += [
        f"| Popular searches, cached: requests/s ÷ /healthz (median of rounds) "
        f"| {ratios['en']:.2f}{TIMES} | {ratios[language]:.2f}{TIMES} "
        f"| {ratios[language] / ratios['en']:.2f}{TIMES} |",
        f"| Popular searches, cached: p99 under load | {p99['en']:.1f} ms "
        f"| {p99[language]:.1f} ms | {p99[language] / p99['en']:.2f}{TIMES} |",
        f"| Errors and non-2xx answers under load | {errors['en']} | {errors[language]} | |",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="certdir_bench_100000")
    parser.add_argument("--database-url-base", default=default_database_base())
    parser.add_argument("--language", default="fr", choices=["fr", "es", "ru"])
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="sync")
    parser.add_argument("--threads", type=int, default=8, help="threads per gthread worker")
    parser.add_argument("--write", type=Path, help="write the section into this report")
    args = parser.parse_args()
    result, bench_args = measure(args)
    text = render(result, args, bench_args)
    print(text)
    if args.write:
        replace_section(SECTION, text, args.write)


if __name__ == "__main__":
    main()
