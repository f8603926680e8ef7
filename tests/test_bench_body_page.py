"""``bench/body_page.py`` at a tiny size, this checkout against itself, so it cannot rot."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs a database of its own, made here on PostgreSQL",
    ),
    pytest.mark.slow,
]


@pytest.fixture
def seeded_database():
    """A database of 40 demo bodies, dropped afterwards."""
    name = f"certdir_bench_body_page_{os.getpid()}"
    server = DATABASE_URL.rsplit("/", 1)[0]
    url = f"{server}/{name}"
    # The suite's own database may not exist yet (pytest makes test_<name>).
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    for command in (["migrate", "-v0"], ["seed_demo", "--bodies", "40", "--no-progress"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
        )
    yield url
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_it_measures_two_checkouts_and_writes_its_section(seeded_database, tmp_path):
    report = tmp_path / "performance.md"
    report.write_text("# Performance\n\nKept.\n", encoding="utf-8")
    command = [
        sys.executable, str(ROOT / "bench" / "body_page.py"), "--pages", "10", "--rounds", "1",
        "--against", str(ROOT), "--against-database", seeded_database, "--write", str(report),
        "--http",
    ]  # fmt: skip
    env = {**os.environ, "DATABASE_URL": seeded_database}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    text = report.read_text(encoding="utf-8")
    assert "Kept." in text
    section = text.split("<!-- body-page:start -->", 1)[1].split("<!-- body-page:end -->", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith(("| this", "| other"))
    ]
    in_process = [cells for cells in rows if len(cells) == 8]
    over_http = [cells for cells in rows if len(cells) == 3]
    assert len(in_process) == len(over_http) == 2
    for cells in in_process:
        # p50, p95 and render are times; each page asks the database something.
        assert all(cell.endswith(" ms") for cell in cells[2:6])
        assert int(cells[6]) > 0
    for cells in over_http:
        assert all(cell.endswith(" ms") and float(cell[:-3]) > 0 for cell in cells[1:])
    assert "page p50" in section
    assert "over HTTP: page p50" in section
