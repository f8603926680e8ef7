"""Uncached body pages in-process: this checkout against another, in one run (issue 10).

    DATABASE_URL=postgres://.../certdir_x .venv/bin/python bench/body_page.py \
        [--pages 300] [--rounds 3] [--http] \
        [--against /path/to/checkout --against-database postgres://.../certdir_y] \
        [--write docs/performance.md]

Each checkout serves the same number of distinct body pages through Django's test client
in a process of its own (its own virtualenv, ``<checkout>/.venv``, and database): no HTTP
server, so what is timed is the page alone — middleware, queries, view and template. Every
page is a page-cache miss. The template's render is timed apart (``Template.render`` of
the Django backend). The checkouts take turns, ``--rounds`` times each, so that the
machine's drift touches both alike; the medians over rounds are reported.

With ``--http`` the same pages are then asked over HTTP too: both checkouts served at once
by gunicorn, page by page in turn (``measure_http``).

The other checkout is typically an older commit (``git worktree add /tmp/old <commit>``,
its own virtualenv, its own database seeded by its own ``seed_demo``).
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
TIMES = "\u00d7"  # as the rest of the report writes ratios
# Over HTTP, bodies asked before the timed pages, several at a time so that every worker
# answers some (it reads reference rows and templates once).
WARM_UP_PAGES = 8
HTTP_WORKERS = 2


def measure(pages):
    """Run inside the checkout's own process: the timings of ``pages`` distinct body pages."""
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Static URLs without collectstatic's manifest (the page is the same size): running
    # collectstatic here would rewrite the checkout's files under a test suite reading them.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        return _measure(pages)


def percentile_95(times):
    return sorted(times)[int(0.95 * (len(times) - 1))]


def body_urls(pages):
    """Inside a checkout's process: the URLs of ``pages`` bodies spread over the table (the
    same bodies for the same database), and of a few others to warm a server with."""
    from bodies.models import CertificationBody

    pks = list(CertificationBody.objects.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(pks) // pages)

    def urls(chosen):
        bodies = CertificationBody.objects.filter(pk__in=chosen).order_by("pk")
        return [body.get_absolute_url() for body in bodies]

    return {"pages": urls(pks[::step][:pages]), "warm-up": urls(pks[1::step][:WARM_UP_PAGES])}


def _measure(pages):
    from django.core.cache import caches
    from django.db import connections
    from django.template.backends import django as backend
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    renders = []
    render = backend.Template.render

    def timed_render(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            renders.append((time.perf_counter() - started) * 1000)

    backend.Template.render = timed_render
    urls = body_urls(pages)["pages"]
    client = Client()
    # The first page of a process reads what later ones share (reference rows, templates).
    client.get(urls[-1])
    for cache in caches.all():
        cache.clear()
    renders.clear()
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    size = len(response.content)
    # Queries are counted apart (capturing them slows each one): a few pages again, every
    # database alias (reads may go to a replica's), after emptying the page cache.
    for cache in caches.all():
        cache.clear()
    queries = []
    for url in urls[:5]:
        captured = [CaptureQueriesContext(connection) for connection in connections.all()]
        for capture in captured:
            capture.__enter__()
        client.get(url)
        for capture in captured:
            capture.__exit__(None, None, None)
        queries.append(sum(len(capture) for capture in captured))
    return {
        "pages": len(urls),
        "p50": statistics.median(times),
        "p95": percentile_95(times),
        "render_p50": statistics.median(renders),
        "queries": statistics.median(queries),
        "bytes": size,
    }


def checkout_python(root):
    """The checkout's own interpreter (``<root>/.venv``), or this one."""
    python = root / ".venv" / "bin" / "python"
    return python if python.exists() else Path(sys.executable)


def run_checkout(root, database_url, pages, what="--measure"):
    """One process in ``root`` (its virtualenv, ``database_url``): ``measure`` or, with
    ``what="--urls"``, ``body_urls``."""
    from harness.common import django_env

    env = django_env(database_url)
    env["PYTHONPATH"] = str(root)
    output = subprocess.run(
        [checkout_python(root), str(Path(__file__).resolve()), what, "--pages", str(pages)],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def measure_http(checkouts, args):
    """Uncached body pages over HTTP: every checkout served by gunicorn at once, each page
    asked of one checkout then of the other (the order alternating by round), so that both
    meet the same moment of the machine; fresh servers (empty page caches) each round."""
    from harness.common import collect_static, django_env
    from harness.serve import Client, Server, warm_workers

    workdir = Path(tempfile.mkdtemp(prefix="certdir_body_page_"))
    served = []
    for number, (label, root, database) in enumerate(checkouts):
        env = django_env(database, static_root=workdir / f"static-{number}")
        python = checkout_python(root)
        collect_static(env, workdir / "manage.log", root, python)
        urls = run_checkout(root, database, args.pages, "--urls")
        served.append((label, root, python, env, urls))
    options = SimpleNamespace(workers=HTTP_WORKERS, worker_class="sync", gunicorn_threads=1)
    results = {label: [] for label, *_ in served}
    for round_ in range(args.rounds):
        order = served if round_ % 2 == 0 else served[::-1]
        with contextlib.ExitStack() as stack:
            clients = []
            for label, root, python, env, urls in order:
                server = Server(env, options, workdir / "gunicorn.log", root, python)
                stack.enter_context(server)
                warm_workers(server.port, urls["warm-up"], HTTP_WORKERS)
                client = Client(server.port)
                stack.callback(client.close)
                clients.append((label, client, urls["pages"], []))
            for index in range(len(clients[0][2])):
                for label, client, pages, times in clients:
                    response = client.get(pages[index])
                    if response.status != 200 or response.x_cache != "miss":
                        status = f"{response.status}, X-Cache {response.x_cache}"
                        raise SystemExit(f"{label} {pages[index]}: {status}")
                    times.append(response.ms)
        for label, _client, _pages, times in clients:
            run = {"p50": statistics.median(times), "p95": percentile_95(times)}
            results[label].append(run)
            print(f"round {round_ + 1}, {label}, HTTP: p50 {run['p50']:.2f} ms", file=sys.stderr)
    shutil.rmtree(workdir, ignore_errors=True)
    return results


def report(results, args, http=None):
    def median(label, field):
        return statistics.median(run[field] for run in results[label])

    labels = list(results)
    lines = [
        "## Body page in-process (`bench/body_page.py`)",
        "",
        f"{time.strftime('%Y-%m-%d')}: {args.pages} distinct body pages, each a page-cache "
        "miss, asked through Django's test client in a process per checkout (no HTTP server); "
        f"the checkouts took turns, {args.rounds} rounds each; medians over rounds.",
        "",
        "| Checkout | Database | p50 | p95 | Template render, p50 | Rest (p50 minus render) "
        "| Queries per page | Last page's size |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label in labels:
        p50, render = median(label, "p50"), median(label, "render_p50")
        database = results[label][0]["database"].rsplit("/", 1)[-1]
        lines.append(
            f"| {label} | `{database}` | {p50:.2f} ms | {median(label, 'p95'):.2f} ms "
            f"| {render:.2f} ms | {p50 - render:.2f} ms | {median(label, 'queries'):.0f} "
            f"| {results[label][-1]['bytes'] / 1024:.1f} KiB |"
        )
    if len(labels) == 2:
        this, other = labels
        lines += [
            "",
            f"{this} ÷ {other}: page p50 {median(this, 'p50') / median(other, 'p50'):.2f}{TIMES}, "
            f"render {median(this, 'render_p50') / median(other, 'render_p50'):.2f}{TIMES}.",
        ]
    if http:
        lines += [
            "",
            f"Over HTTP (`--http`): the same pages, every checkout served at once by gunicorn "
            f"({HTTP_WORKERS} sync workers each, warmed on {WARM_UP_PAGES} other body pages), "
            "each page asked of one checkout then of the other, the order "
            f"alternating by round; {args.rounds} rounds on fresh servers, every answer a "
            "200 and an `X-Cache: miss`; medians over rounds.",
            "",
            "| Checkout | p50 | p95 |",
            "| --- | ---: | ---: |",
        ]
        for label, runs in http.items():
            p50 = statistics.median(run["p50"] for run in runs)
            p95 = statistics.median(run["p95"] for run in runs)
            lines.append(f"| {label} | {p50:.2f} ms | {p95:.2f} ms |")
        if len(http) == 2:
            (this, these), (other, those) = http.items()
            ratio = statistics.median(r["p50"] for r in these) / statistics.median(
                r["p50"] for r in those
            )
            lines += ["", f"{this} ÷ {other} over HTTP: page p50 {ratio:.2f}{TIMES}."]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout, with its own .venv")
    parser.add_argument("--against-database", help="the other checkout's DATABASE_URL")
    parser.add_argument("--write", type=Path, help="write the section into this report")
    parser.add_argument("--http", action="store_true", help="also over HTTP (gunicorn)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--urls", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.pages)))
        return
    if args.urls:
        import django

        django.setup()
        print(json.dumps(body_urls(args.pages)))
        return
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *sys.argv[1:]])
    sys.path.insert(0, str(ROOT / "bench"))
    from harness.report import git_commit

    checkouts = [(f"this ({git_commit()})", ROOT, os.environ["DATABASE_URL"])]
    if args.against:
        if not args.against_database:
            raise SystemExit("--against needs --against-database")
        label = f"other ({git_commit(args.against)})"
        checkouts.append((label, args.against.resolve(), args.against_database))
    results = {label: [] for label, _, _ in checkouts}
    for round_ in range(args.rounds):
        for label, root, database in checkouts:
            run = run_checkout(root, database, args.pages)
            run["database"] = database
            results[label].append(run)
            print(f"round {round_ + 1}, {label}: p50 {run['p50']:.2f} ms", file=sys.stderr)
    http = measure_http(checkouts, args) if args.http else None
    section = report(results, args, http)
    print(section)
    if args.write:
        from harness.sections import replace_section

        replace_section("body-page", section, args.write)


if __name__ == "__main__":
    main()
