# ruff: noqa: RUF001 - the report writes ratios with a multiplication sign.
"""The report: one table per size, the method, the machine, and the section bench/load keeps."""

import math
import os
import platform
import re
import shutil
import statistics
import subprocess
from importlib import metadata
from pathlib import Path

from harness.common import (
    AFTER_WRITE_SAMPLES,
    BASELINE_SIZE,
    CLEAN_PASSES_PER_WORKER_CACHE,
    COLD_QUERY_COUNTS,
    DEFAULTS,
    ROOT,
    TARGET_SIZE,
)
from harness.sections import kept_sections


def percentile(values, pct):
    """Nearest-rank percentile of ``values`` (``pct`` in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


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
        "gunicorn": f"{metadata.version('gunicorn')}, {workers_phrase(args)}",
        "Page cache": f"Redis ({args.redis_url})"
        if args.redis_url
        else "local memory, one per worker (no REDIS_URL)",
        "wrk": wrk_version,
    }


def workers_phrase(args):
    if args.worker_class == "sync":
        return f"{args.workers} sync workers"
    return f"{args.workers} {args.worker_class} workers of {args.gunicorn_threads} threads"


def git_commit(root=ROOT):
    """The checkout's short commit, marked when it has uncommitted changes."""

    def git(*arguments):
        out = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True)
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


def write_stream_rows(stream, at_target):
    """The searches asked while a curator wrote once a second: p99 against issue 18's target."""
    if not stream:
        return []
    times = [row["ms"] for row in stream["searches"]]
    bad = sum(row["status"] != 200 for row in stream["searches"])
    p99 = percentile(times, 99)
    misses = sum(row["x_cache"] == "miss" for row in stream["searches"])
    return [
        (
            f"Searches during one curator write per second ({stream['writes']} writes in "
            f"{stream['seconds']} s; {len(times)} searches, {misses} misses): p99 (p50, max)",
            "≤ 150 ms at 100,000",
            f"{ms(p99)} ({ms(statistics.median(times))}, {ms(max(times))})"
            + (f"; {bad} not 200" if bad else ""),
            verdict(p99 <= 150 and not bad) if at_target else "—",
        )
    ]


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
            f"SQL queries per search page, first search after writing one body (the index "
            f"brought forward), {len(cold)} pages",
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
            ("api", "API list requests", 0.7),
        ):
            if name not in load:
                continue
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
    rows += write_stream_rows(result.get("write_stream"), at_target)
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
    api = result.get("api")
    if api:
        api_times = [row["ms"] for row in api]
        api_p50 = statistics.median(api_times)
        api_misses = sum(row["x_cache"] == "miss" for row in api)
        api_bad = sum(row["status"] != 200 for row in api)
        rows.append(
            (
                f"API list, uncached ({len(api)} distinct, {api_misses} misses, {api_bad} "
                "non-200): p50",
                "≤ 50 ms",
                f"{ms(api_p50)} (p95 {ms(percentile(api_times, 95))})",
                verdict(api_p50 <= 50 and api_misses == len(api) and not api_bad)
                if at_target
                else "—",
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
    labels = {"search": "search pages", "body": "body pages", "api": "API list requests"}
    for name in (name for name in labels if name in load):
        for i, round_ in enumerate(load[name]["rounds"], 1):
            for label, run in (("/healthz", round_["healthz"]), (labels[name], round_["pages"])):
                lines.append(
                    f"| {i}: {label} | {run['rps']:,.0f} | {ms(run['p50'])} | {ms(run['p90'])} | "
                    f"{ms(run['p99'])} | {run['non_2xx']} | {run['socket_errors']} |"
                )
    lines.append("")
    for name in (name for name in labels if name in load):
        run = load[name]
        lines.append(
            f"{labels[name].capitalize()}: warm-up took {run['warmup']['passes']} passes; "
            f"after the runs {run['hits_after']} of {run['paths']} were cache hits; "
            "median response "
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
        "Written by `bench/run` (the marked sections at the end by the scripts they name); "
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
        "client's, request sent to last byte read. Every answer must be an `X-Cache: miss`. "
        "A miss can still find its results and facet counts kept by the worker's search "
        "index, which keeps its last eight searches without text: most sort-order and "
        "deep-page URLs ask again, in another order or for another page, for a search an "
        "earlier URL asked (the first time, they pay in full). Each index also keeps the "
        "masks of accreditations and of the bodies holding them last asked for (16), the "
        "matches of its last four texts and facet counts by the content of the mask "
        "counted, so a miss reuses what earlier, different searches of the stream worked "
        'out ("unaccredited", "recognised", one standard, the whole directory), as it '
        "would in service.",
        f"- Body pages: {args.body_pages} distinct bodies spread over the table, asked once "
        "each the same way.",
        "- API list: the uncached search stream again as `/api/v1/bodies/` requests (the same "
        "parameters, `page` as the cursor of that page's first body; URLs that become equal "
        "are asked once), asked once each the same way. The API's per-address rate limit is "
        "raised for the run (`DJANGO_API_RATE_LIMIT`), as one client asks everything.",
        f"- After a write: {AFTER_WRITE_SAMPLES} times, one body is written in the database "
        "(its triggers bump the directory version and log the change) and one popular search "
        "is timed: the worker that answers first brings forward whatever it keeps per "
        "directory version.",
        "- SQL queries: the same search URLs through Django's test client in a separate "
        "process, counted with `CaptureQueriesContext`: each page as a cache miss in steady "
        f"state, and the first {COLD_QUERY_COUNTS} (every kind of search) also right after "
        "writing one body (its triggers bump the directory version and log the change), so "
        "that what is kept per version (reference data, the index) is brought forward; in a "
        "process that has served a search and brought its index forward once before, so that "
        "its one-time reads (its first build, the recognition records) are not counted as a "
        "write's.",
        f"- Load: on a freshly started server, {args.rounds} rounds of wrk for {args.duration} s "
        f"on `/healthz` then {args.duration} s cycling {args.popular} popular search URLs; the "
        f"same for {args.popular} body pages, and for the popular searches' API list requests "
        "(`/api/v1/bodies/?<the same parameters>`). Each round's page run is compared with the "
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


def with_kept_sections(path, report):
    """``report`` followed by the sections other scripts keep in ``path`` (harness.sections)."""
    kept = kept_sections(path)
    return report + "".join(f"\n{section}\n" for section in kept)
