#!/usr/bin/env python3
"""One-command tasks for a fresh checkout; needs only Python 3.11+.

    python3 dev.py start   install, migrate, load demo data, serve http://127.0.0.1:8000
    python3 dev.py test    run the whole test suite (pytest arguments may follow)

The whole suite runs in one pytest-xdist worker per core (at most MAX_TEST_WORKERS);
given a test path, ``-n`` or ``-p no:xdist``, pytest runs as asked, in one process.

Both create ``.venv`` and install the project into it when pyproject.toml changed.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".certdir-install-stamp"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO_BODIES = "2000"
# Each worker has its own test database (and on PostgreSQL migrates it), its own live
# server and its own Chromium: beyond a few, they cost more than they save.
MAX_TEST_WORKERS = 4


def run(*args, env=None):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)


def ensure_installed():
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may run on any python3
        sys.exit("CertDir needs Python 3.11 or newer.")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        STAMP.write_text(wanted)


def start():
    env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")}
    run(PYTHON, "manage.py", "migrate", "--noinput", env=env)
    run(PYTHON, "manage.py", "seed_demo", "--bodies", DEMO_BODIES, "--if-empty", env=env)
    run(PYTHON, "manage.py", "runserver", "127.0.0.1:8000", env=env)


def cores():
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def is_test_file(arg):
    """Whether ``arg`` names one test file or test (``tests/x.py``, ``tests/x.py::test_y``)."""
    return (ROOT / arg.split("::")[0]).is_file()


def parallel_args(args):
    """``-n N --dist loadgroup`` for a whole-suite run on a machine with several cores.

    Nothing when the arguments name a test file or test (one file runs sooner without
    workers to start; a folder such as tests/browser still gets them), choose the workers
    themselves (``-n``) or turn xdist off (``-p no:xdist``). ``loadgroup`` keeps the tests
    marked ``xdist_group`` together on one worker.
    """
    for arg in args:
        if arg in {"-n", "--numprocesses", "no:xdist", "-pno:xdist"}:
            return []
        if arg.startswith(("-n", "--numprocesses=", "--dist")):
            return []
        if not arg.startswith("-") and is_test_file(arg):
            return []
    workers = min(cores(), MAX_TEST_WORKERS)
    return ["-n", str(workers), "--dist", "loadgroup"] if workers > 1 else []


def test(args):
    command = [str(PYTHON), "-m", "pytest", *parallel_args(args), *args]
    print("+", " ".join(command[1:]), flush=True)
    result = subprocess.run(command, cwd=ROOT)
    sys.exit(result.returncode)


def main():
    command, *args = sys.argv[1:] or ["help"]
    if command not in {"start", "test"}:
        sys.exit(__doc__)
    ensure_installed()
    try:
        if command == "start":
            start()
        else:
            test(args)
    except KeyboardInterrupt:
        pass
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)


if __name__ == "__main__":
    main()
