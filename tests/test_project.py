"""Project-wide checks: migrations in step with models, lint and format clean."""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def ruff(*args):
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    return subprocess.run([exe, *args, str(ROOT)], capture_output=True, text=True)


def test_ruff_lint_passes():
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.parametrize(
    ("value", "expected"), [("", ROOT / "staticfiles"), (" /srv/static ", Path("/srv/static"))]
)
def test_the_static_root_comes_from_the_environment(value, expected):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STATIC_ROOT)"
    )
    env = {
        **os.environ,
        "DJANGO_STATIC_ROOT": value,
        "DJANGO_SETTINGS_MODULE": "certdir.settings_test",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip().splitlines()[-1]) == expected
