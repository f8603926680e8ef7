"""What the harness's modules share: paths, sizes, tuning, and running Django's commands."""

import base64
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
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
# Seconds of searching while a curator's write lands every second (issue 18).
WRITE_STREAM_SECONDS = 60
# The API's page size (search.presenter.PAGE_SIZE): a page's first body is at (page - 1) x 25.
API_PAGE_SIZE = 25
# The stream's first URLs (every kind of search) are also counted with an empty cache.
COLD_QUERY_COUNTS = 60


class BenchError(Exception):
    pass


def gunicorn_worker_args(worker_class, threads):
    """gunicorn's worker options; a sync worker gets one thread, or gunicorn serves gthread."""
    return [
        "--worker-class",
        worker_class,
        "--threads",
        str(1 if worker_class == "sync" else threads),
    ]


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


def run_timed(cmd, env, log, root=ROOT):
    """Run ``cmd`` in the checkout ``root``; its wall seconds and peak resident memory (MiB).
    Output goes to ``log``."""
    with open(log, "ab") as out:
        out.write(f"\n$ {shlex.join(map(str, cmd))}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(f"{shlex.join(map(str, cmd))} failed:\n{tail(log)}")
    return seconds, usage.ru_maxrss / 1024


def collect_static(env, log, root=ROOT, python=PYTHON):
    """``collectstatic`` of the checkout ``root`` (run by ``python``) into the folder ``env``
    names (``DJANGO_STATIC_ROOT``)."""
    cmd = [python, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    return run_timed(cmd, env, log, root)


def django_env(database_url, redis_url=None, cache_prefix=None, static_root=None):
    """The environment of a production-like Django process on ``database_url``."""
    dropped = {
        "DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "DJANGO_SETTINGS_MODULE",
        "DJANGO_CONN_MAX_AGE", "DJANGO_DEBUG", "DJANGO_STATIC_ROOT",
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
        # One client address asks thousands of API pages a second here: the API's
        # per-address limit would answer 429 to the measurement itself.
        DJANGO_API_RATE_LIMIT="100000000/60",
    )
    if redis_url:
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=cache_prefix)
    if static_root:
        env.update(DJANGO_STATIC_ROOT=str(static_root))
    return env


def api_cursor(position):
    """The API's cursor for ``position`` (api.options.encode_cursor, without importing Django)."""
    return base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def api_url(search_url):
    """The API list request for a search page's URL: the same parameters, ``page`` as a cursor."""
    parts = urlsplit(search_url)
    params = []
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name == "page":
            page = int(value) if value.isdigit() else 1
            if page > 1:
                params.append(("cursor", api_cursor((page - 1) * API_PAGE_SIZE)))
        else:
            params.append((name, value))
    query = urlencode(params)
    return "/api/v1/bodies/" + (f"?{query}" if query else "")


def api_stream(items):
    """``items`` (search page URLs) as API requests, each distinct URL once, in order."""
    seen, stream = set(), []
    for item in items:
        url = api_url(item["url"])
        if url not in seen:
            seen.add(url)
            stream.append({**item, "url": url})
    return stream
