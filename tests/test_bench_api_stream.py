"""``bench/run`` asks the API the search stream's own questions, with the API's own paging."""

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from api.options import decode_cursor
from search.presenter import PAGE_SIZE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from harness.common import API_PAGE_SIZE, api_stream, api_url


def test_the_harness_pages_as_the_api_does():
    assert API_PAGE_SIZE == PAGE_SIZE


def test_a_search_url_keeps_its_parameters_and_turns_its_page_into_a_cursor():
    url = api_url("/bodies/?standard=iso-9001&country=DE&country=FR&sort=name&page=4")
    parts = urlsplit(url)
    params = parse_qs(parts.query)
    assert parts.path == "/api/v1/bodies/"
    assert params["standard"] == ["iso-9001"]
    assert params["country"] == ["DE", "FR"]
    assert params["sort"] == ["name"]
    assert "page" not in params
    assert decode_cursor(params["cursor"][0]) == 3 * PAGE_SIZE


def test_the_first_page_has_no_cursor_and_equal_urls_are_asked_once():
    assert api_url("/bodies/?q=T%C3%9CV&page=1") == "/api/v1/bodies/?q=T%C3%9CV"
    assert api_url("/bodies/") == "/api/v1/bodies/"
    stream = api_stream(
        [
            {"kind": "text", "url": "/bodies/?q=tuv"},
            {"kind": "text", "url": "/bodies/?q=tuv&page=1"},
            {"kind": "deep page", "url": "/bodies/?q=tuv&page=2"},
        ]
    )
    assert [row["url"] for row in stream] == [
        "/api/v1/bodies/?q=tuv",
        api_url("/bodies/?q=tuv&page=2"),
    ]
    assert [row["kind"] for row in stream] == ["text", "deep page"]


def test_each_harness_run_collects_static_files_into_its_own_folder(tmp_path, monkeypatch):
    # Two runs at once (two test workers) shared the checkout's staticfiles/ and one
    # failed on a file the other had just replaced.
    from harness.common import django_env
    from harness.measure import Bench

    monkeypatch.setenv("DJANGO_STATIC_ROOT", "/somewhere/else")
    args = type("Args", (), {"database_url_base": "postgres://postgres@127.0.0.1:5432"})()
    bench = Bench(args, tmp_path)
    assert bench.env("certdir")["DJANGO_STATIC_ROOT"] == str(tmp_path / "static")
    assert "DJANGO_STATIC_ROOT" not in django_env("postgres://postgres@127.0.0.1:5432/x")
