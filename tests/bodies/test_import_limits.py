"""Bounds on what an import reads, keeps and shows, whatever the file.

A report lists the first 200 problems and counts the rest; a record longer than 64 KB
stops the reading where it starts; a cell longer than 10,000 characters is a problem;
the admin takes files up to 2 MB; previews left unconfirmed are deleted after an hour.
"""

import csv
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from bodies.csvio import staging
from bodies.csvio.format import COLUMNS, MAX_CELL_CHARS, MAX_MESSAGE_CHARS, MAX_RECORD_BYTES
from bodies.csvio.importer import MAX_ERRORS, import_bodies_csv
from bodies.models import CertificationBody

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/bodies/certificationbody/import/"
HEADER = ",".join(COLUMNS).encode() + b"\n"


def bare(name, country="DE", **cells):
    values = {"name": name, "country": country, **cells}
    return [values.get(column, "") for column in COLUMNS]


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


# 1,000 rows with a bad country and 1,000 with a bad website: 2,000 problems.
BAD = csv_bytes(
    [bare(f"Body {n}", "XX") for n in range(1000)]
    + [bare(f"Other {n}", website="ftp://x") for n in range(1000)]
)


def test_a_report_lists_the_first_200_problems_and_counts_the_others():
    report = import_bodies_csv(file=io.BytesIO(BAD))

    assert MAX_ERRORS == 200
    assert len(report.errors) == 200
    assert [error.line for error in report.errors] == list(range(2, 202))
    assert report.more_errors == 1800
    assert report.error_count == 2000
    assert report.more_errors_text() == "and 1,800 more problems"
    assert not report.ok
    assert not CertificationBody.objects.exists()


def test_the_command_prints_the_first_200_problems_then_the_count(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD)
    err = io.StringIO()

    with pytest.raises(CommandError, match="2,000 problem"):
        call_command("import_bodies", str(path), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 201
    assert lines[0].startswith("line 2, column country:")
    assert lines[-1] == "and 1,800 more problems, not listed."


def test_the_admin_page_lists_200_problems_and_stays_small(curator_client, tmp_path, monkeypatch):
    monkeypatch.setattr(staging, "STAGING_DIR", tmp_path / "imports")
    upload = SimpleUploadedFile("bad.csv", BAD, "text/csv")

    response = curator_client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 200
    content = response.content.decode()
    assert "2,000 problems found, the first 200 listed below" in content
    assert content.count("<td>country</td>") == 200
    assert "and 1,800 more problems, not listed." in content
    assert len(response.content) < 100_000


class Unending:
    """A binary file of one line that never ends; it refuses an unbounded readline."""

    def __init__(self, first=HEADER):
        self.first = first
        self.read = 0
        self.largest = 0

    def readline(self, size=-1):
        if size is None or size < 0:
            raise AssertionError("readline() without a limit would read the whole file")
        self.largest = max(self.largest, size)
        if self.first:
            line, self.first = self.first, b""
            return line
        self.read += size
        return b"x" * size


def test_a_file_without_line_breaks_stops_at_the_first_64_kb():
    file = Unending()

    report = import_bodies_csv(file=file)

    assert [(error.line, error.column) for error in report.errors] == [(2, None)]
    assert f"longer than {MAX_RECORD_BYTES:,} bytes" in report.errors[0].message
    assert MAX_RECORD_BYTES == 64 * 1024
    assert file.read <= MAX_RECORD_BYTES + 1
    assert file.largest <= MAX_RECORD_BYTES + 1


def test_a_record_of_many_lines_longer_than_64_kb_stops_where_it_starts():
    lines = [",".join(bare(f"Body {n}")).encode() + b"\n" for n in range(3)]
    data = HEADER + b"".join(lines) + b'"Open quote' + b"\nmore" * 20_000 + b"\n"

    report = import_bodies_csv(file=io.BytesIO(data))

    assert [(error.line, error.column) for error in report.errors] == [(5, None)]
    assert "longer than 65,536 bytes" in report.errors[0].message


def test_a_header_without_line_break_is_refused_too():
    report = import_bodies_csv(file=Unending(first=b""))

    assert [(error.line, error.column) for error in report.errors] == [(1, None)]
    assert "longer than" in report.errors[0].message


def test_records_up_to_the_limit_are_read():
    aliases = ";".join(f"Alias {n:04d}" for n in range(900))  # 9,899 characters
    report = import_bodies_csv(file=io.BytesIO(csv_bytes([bare("Many Names", aliases=aliases)])))

    assert report.ok, report.errors
    assert len(CertificationBody.objects.get().alias_list) == 900


def test_a_cell_longer_than_10000_characters_is_a_problem_of_its_row():
    long_aliases = ";".join(["Alias"] * 2000)  # 11,999 characters
    data = csv_bytes([bare("Fine"), bare("Long", aliases=long_aliases), bare("XX", "XX")])

    report = import_bodies_csv(file=io.BytesIO(data))

    assert MAX_CELL_CHARS == 10_000
    assert [(error.line, error.column) for error in report.errors] == [
        (3, "aliases"),
        (4, "country"),
    ]
    assert report.errors[0].message == "longer than 10,000 characters"


def test_a_message_quoting_a_long_cell_is_cut():
    data = csv_bytes([bare("Long", country="X" * 9000)])

    report = import_bodies_csv(file=io.BytesIO(data))

    [error] = report.errors
    assert error.column == "country"
    assert len(error.message) == MAX_MESSAGE_CHARS
    assert error.message.startswith("'XXX")
    assert error.message.endswith("…")


def staged_file(directory, name, age):
    directory.mkdir(mode=0o700, exist_ok=True)
    path = directory / f"{name}.csv"
    path.write_bytes(b"name\n")
    old = time.time() - age
    os.utime(path, (old, old))
    return path


def test_unconfirmed_previews_are_deleted_after_an_hour(curator_client, tmp_path, monkeypatch):
    directory = tmp_path / "imports"
    monkeypatch.setattr(staging, "STAGING_DIR", directory)
    assert staging.STALE_AFTER == 60 * 60
    stale = staged_file(directory, "stale", 61 * 60)
    recent = staged_file(directory, "recent", 59 * 60)

    upload = SimpleUploadedFile("bodies.csv", csv_bytes([bare("Fresh")]), "text/csv")
    response = curator_client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 200
    assert not stale.exists()
    assert recent.exists()
    # The confirmation sweeps too.
    os.utime(recent, (time.time() - 61 * 60,) * 2)
    token = response.context["confirm_form"]["token"].value()
    curator_client.post(IMPORT_URL, {"token": token})
    assert not recent.exists()
    assert CertificationBody.objects.filter(name="Fresh").exists()


def test_the_admin_takes_files_up_to_2_mb(curator_client, tmp_path, monkeypatch):
    monkeypatch.setattr(staging, "STAGING_DIR", tmp_path / "imports")
    assert staging.MAX_UPLOAD_SIZE == 2 * 1024 * 1024
    rows = [bare(f"Body {n:06d} Zertifizierungsgesellschaft mbH") for n in range(40_000)]
    data = csv_bytes(rows)
    assert len(data) > staging.MAX_UPLOAD_SIZE

    response = curator_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("big.csv", data, "text/csv")}
    )

    assert response.status_code == 200
    [error] = response.context["upload_form"].errors["file"]
    assert "files up to 2.0\xa0MB can be imported" in error
    assert "report" not in response.context
    assert not CertificationBody.objects.exists()
