"""``/check/`` over HTTP: the number of queries of the page, an upload and its downloads."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.checks.scenario import directory  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("directory")]

SMALL_FILE = (
    b"body,standard,country,date\n"
    b"Bureau Kestrel,ISO 9001,,2024-03-01\n"
    b"NZ Cert,ISO 14001,DE,\n"
    b"4401,ISO 9001,,\n"
    b"Quite Unknown Inspections,ISO 9001,,\n"
)
# The directory version (the page cache's key) and whether any demo record exists
# (the demo banner); cached, the page costs the version alone.
PAGE_QUERIES = 2
PAGE_QUERIES_CACHED = 1
# The standards (to read the file's codes), the directory version, the names of the
# bodies (the name index, cached by version for later checks), accreditation numbers,
# the matched bodies, their accreditations, scope (standards and IAF sectors) and events,
# the reference rows (standards, sectors, accreditation bodies), the recognitions of the
# bodies' accreditation bodies and the sub-scopes of those: 13. The results page adds
# whether any demo record exists.
CHECK_QUERIES = 13
NAME_INDEX_QUERIES = 1


def upload(client, output="page", data=SMALL_FILE):
    file = SimpleUploadedFile("suppliers.csv", data, content_type="text/csv")
    response = client.post("/check/", {"file": file, "output": output})
    assert response.status_code == 200
    return response


def test_the_empty_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get("/check/").status_code == 200
    with django_assert_num_queries(PAGE_QUERIES_CACHED):
        assert client.get("/check/").status_code == 200


def test_a_small_upload_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(CHECK_QUERIES + 1):
        response = upload(client)
    assert [r["verdict"] for r in response.context["results"]] == [
        "suspended",
        "accredited",
        "accredited",
        "not_found",
    ]
    # The second check reads the names from the cache.
    with django_assert_num_queries(CHECK_QUERIES + 1 - NAME_INDEX_QUERIES):
        upload(client)


def test_the_same_number_for_more_rows(client, django_assert_num_queries):
    rows = SMALL_FILE + b"".join(
        b"Bureau Kestrel,ISO 9001,GB,2024-0%d-01\n" % m for m in range(1, 10)
    )
    with django_assert_num_queries(CHECK_QUERIES + 1):
        response = upload(client, data=rows)
    assert len(response.context["results"]) == 13


def test_the_csv_download_costs_the_check_alone(client, django_assert_num_queries):
    with django_assert_num_queries(CHECK_QUERIES):
        response = upload(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5


def test_the_xlsx_download_costs_the_check_alone(client, django_assert_num_queries):
    with django_assert_num_queries(CHECK_QUERIES):
        response = upload(client, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 5


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_files_cost_the_cache_key_alone(client, django_assert_num_queries, fmt):
    with django_assert_num_queries(1):
        assert client.get(f"/check/template.{fmt}").status_code == 200
