"""The layout's rules: one-way dependencies between apps, and modules a reader can take in."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accreditation",
    "bodies",
    "search",
    "api",
    "demo",
    "stats",
    "compare",
    "reports",
    "changes",
    "checks",
]
MAX_LINES = 600


def python_files(*folders):
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def imported_packages(path):
    """The top-level packages a module imports (absolute imports: the project uses no others)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_project_package(app):
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files(app)
        if "certdir" in set(imported_packages(path))
    ]
    assert offenders == []


def test_accreditation_imports_no_other_app():
    others = {"bodies", "search", "demo", "certdir"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(others & set(imported_packages(path)))
        for path in python_files("accreditation")
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_bodies_imports_neither_search_nor_demo():
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files("bodies")
        if {"search", "demo"} & set(imported_packages(path))
    ]
    assert offenders == []


def test_no_module_is_longer_than_600_lines():
    folders = [*APPS, "certdir", "tests", "bench"]
    long = {
        str(path.relative_to(ROOT)): n
        for path in python_files(*folders)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
