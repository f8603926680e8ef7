"""gunicorn serving one database, the client that times it, cache warm-up, and wrk."""

import concurrent.futures
import http.client
import os
import re
import signal
import statistics
import subprocess
import time

from harness.common import (
    CLEAN_PASSES_PER_WORKER_CACHE,
    LUA,
    MAX_WARMUP_PASSES,
    PYTHON,
    ROOT,
    BenchError,
    free_port,
    gunicorn_worker_args,
    tail,
)


class Response:
    __slots__ = ("bytes", "ms", "status", "x_cache")

    def __init__(self, status, x_cache, ms, size):
        self.status, self.x_cache, self.ms, self.bytes = status, x_cache, ms, size


class Client:
    """One HTTP client asking one path at a time, reconnecting when the server closes."""

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
    """gunicorn serving one database, started fresh (with empty page caches) for each phase;
    by default this checkout, or the checkout ``root`` with its ``python``."""

    def __init__(self, env, args, log, root=ROOT, python=PYTHON):
        self.env, self.log, self.root, self.python = env, log, root, python
        self.workers, self.worker_class, self.threads = (
            args.workers,
            args.worker_class,
            args.gunicorn_threads,
        )
        self.proc = None
        self.port = None

    def __enter__(self):
        self.port = free_port()
        cmd = [
            self.python, "-m", "gunicorn", "certdir.wsgi",
            "--workers", str(self.workers),
            *gunicorn_worker_args(self.worker_class, self.threads),
            "--bind", f"127.0.0.1:{self.port}",
        ]  # fmt: skip
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=self.root, env=self.env, stdout=out, stderr=subprocess.STDOUT,
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
