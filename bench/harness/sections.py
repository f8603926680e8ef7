"""Sections of docs/performance.md that scripts other than ``bench/run`` write.

Each lies between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``; a script replaces only
its own, and ``bench/run``, which rewrites the rest of the report, keeps them all in order.
"""

import re
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent.parent / "docs" / "performance.md"
MARKED = re.compile(r"<!-- ([a-z0-9-]+):start -->.*?<!-- \1:end -->", re.S)


def markers(name):
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_section(name, section, path=REPORT):
    """Write ``section`` as the section ``name`` of ``path``, in place or at the end."""
    start, end = markers(name)
    block = f"{start}\n{section.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def kept_sections(path=REPORT):
    """Every marked section of ``path``, in order (none if it does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [match.group(0) for match in MARKED.finditer(text)]
