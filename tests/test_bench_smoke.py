"""A quick run of the performance harness (``bench/run``) at a tiny size, so it cannot rot."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
KINDS = {"text", "filter", "combined", "sort", "deep page", "empty"}
LOAD_TEST_SECTION = "<!-- load-test:start -->\n## Load test\n\nKept.\n<!-- load-test:end -->"
OTHER_SECTION = "<!-- understanding:start -->\n## Other\n\nKept too.\n<!-- understanding:end -->"

pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="bench/run measures PostgreSQL only (run the suite with DATABASE_URL=postgres://...)",
    ),
    # One worker should run all of them, so that the module's harness run is made once.
    # pytest-xdist 3.8 does not honour it under pytest 9.2 (it renames item._nodeid, which
    # pytest 9.2 no longer reads): each worker that gets one of them runs the harness,
    # which is safe because each run has its own databases and its own static folder.
    pytest.mark.xdist_group("bench_smoke"),
]


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    """The harness at 200 bodies without wrk: its report, its measurements and its prefix."""
    folder = tmp_path_factory.mktemp("bench")
    prefix = f"certdir_bench_smoke_{os.getpid()}_"
    (folder / "performance.md").write_text(
        f"# Old\n\n{LOAD_TEST_SECTION}\n\nUnmarked, dropped.\n\n{OTHER_SECTION}\n", encoding="utf-8"
    )
    command = [
        sys.executable, str(ROOT / "bench" / "run"), "--quick", "--no-load",
        "--searches", "30", "--body-pages", "20", "--prefix", prefix,
        "--output", str(folder / "performance.md"), "--json", str(folder / "performance.json"),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report = (folder / "performance.md").read_text(encoding="utf-8")
    measured = json.loads((folder / "performance.json").read_text(encoding="utf-8"))
    return report, measured["results"], prefix


def table_rows(report, heading):
    """The figure column and the rest of each row of the table under ``heading``."""
    section = report.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return {cells[0].lstrip("| "): cells[1:] for cells in rows[2:]}


def test_the_report_has_a_table_for_the_size_with_each_figure(smoke_run):
    report, _, _ = smoke_run
    rows = table_rows(report, "200 bodies")
    figures = "\n".join(rows)
    for figure in (
        "Uncached search: p50",
        "Uncached search: p95",
        "SQL queries per search page, 30 pages (max; median)",
        "Body pages, uncached (20 distinct, 20 misses): p50",
        "API list, uncached (",
        "import_bodies, 200 rows into an empty database",
        "seed_demo --bodies 200 (manage.py, wall time)",
    ):
        assert figure in figures
    assert rows["Uncached search: p50"][0] == "≤ 75 ms"
    assert rows["Popular searches and body pages under load (wrk)"][1] == "skipped (--no-load)"
    assert "bench/run --quick --no-load" in report
    assert "| PostgreSQL |" in report
    assert "# Old" not in report


def test_the_sections_other_scripts_write_survive_the_rewrite(smoke_run):
    report, _, _ = smoke_run
    assert report.endswith(f"\n{LOAD_TEST_SECTION}\n\n{OTHER_SECTION}\n")
    assert "Unmarked, dropped." not in report


def test_the_api_stream_is_the_search_stream_through_the_api(smoke_run):
    _, results, _ = smoke_run
    api = results[0]["api"]
    searches = {row["url"] for row in results[0]["searches"]}
    assert 0 < len(api) <= len(searches)
    assert len({row["url"] for row in api}) == len(api)
    assert all(row["url"].startswith("/api/v1/bodies/") for row in api)
    assert all(row["status"] == 200 and row["x_cache"] == "miss" for row in api)
    deep = [row["url"] for row in api if "cursor=" in row["url"]]
    assert deep, "the stream's deep pages are asked by cursor"
    assert not any("page=" in url.replace("page_size", "") for url in deep)


def test_every_search_in_the_stream_was_a_distinct_uncached_page(smoke_run):
    _, results, _ = smoke_run
    searches = results[0]["searches"]
    assert results[0]["bodies"] == 200
    assert len(searches) == len({row["url"] for row in searches}) == 30
    assert {row["kind"] for row in searches} == KINDS
    assert all(row["status"] == 200 and row["x_cache"] == "miss" for row in searches)
    assert all(row["ms"] > 0 for row in searches)
    after_write = results[0]["after_write"]
    assert len(after_write) == 6
    assert all(row["status"] == 200 and row["x_cache"] == "miss" for row in after_write)
    bodies = results[0]["body_pages"]
    assert len(bodies) == 20
    assert all(row["status"] == 200 and row["x_cache"] == "miss" for row in bodies)


def test_query_counts_and_timings_are_plausible(smoke_run):
    _, results, _ = smoke_run
    result = results[0]
    for row in result["queries"]:
        assert row["status"] == 200
        assert row["x_cache"] == "miss"
        assert 1 <= row["queries"] <= row["queries_first_after_write"] < 100
    assert any(row["results"] == 0 for row in result["queries"] if row["kind"] == "empty")
    assert result["seed"]["seconds"] > 0
    assert result["import"]["rows"] == 200
    assert result["import"]["seconds"] > 0


def test_the_harness_drops_the_databases_it_created(smoke_run):
    _, results, prefix = smoke_run
    base = DATABASE_URL.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres") as conn:
        left = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"]
        ).fetchall()
    assert results[0]["database"].startswith(prefix)
    assert left == []
