"""The page cache is never stale: any write, and a new day, give a fresh page."""

import datetime
import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from accreditation.models import AccreditationStatus, DirectoryVersion
from certdir.cache import PlainPages
from tests.factories import AccreditationFactory, CertificationBodyFactory, accreditation_body

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/bodies/?standard=iso-9001", "/accreditation-bodies/", "/standards/"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_second_request_is_a_hit_costing_one_query(client, django_assert_num_queries, url):
    AccreditationFactory()
    assert client.get(url)["X-Cache"] == "miss"
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_equal_searches_share_a_cache_entry(client):
    AccreditationFactory()
    client.get("/bodies/?standard=iso-9001&q=&country=DE&country=FR")
    for same in (
        "country=FR&country=DE&standard=iso-9001",
        "standard=iso-9001&country=FR&country=DE&country=fr",
    ):
        assert client.get(f"/bodies/?{same}")["X-Cache"] == "hit"


def test_a_blank_page_value_does_not_poison_the_cache(client):
    """The key is the parsed search: ``?page=2&page=`` is page 2, and cached as page 2."""
    for n in range(30):
        CertificationBodyFactory(name=f"Body {n:02}")
    poisoned = client.get("/bodies/?page=2&page=")
    assert b"Page 2 of 2" in poisoned.content
    page_one = client.get("/bodies/")
    assert b"Page 1 of 2" in page_one.content
    response = client.get("/bodies/?page=2")
    assert response["X-Cache"] == "hit"
    assert b"Page 2 of 2" in response.content
    assert b"Body 25" in response.content


def test_pages_that_read_no_parameter_ignore_the_query_string(client):
    client.get("/standards/")
    response = client.get("/standards/?utm_source=x&page=9")
    assert response["X-Cache"] == "hit"


def test_an_oversized_page_is_served_but_not_stored(client, monkeypatch):
    AccreditationFactory()
    monkeypatch.setattr("certdir.cache.PAGE_CACHE_MAX_BYTES", 1000)
    assert client.get("/bodies/").status_code == 200
    assert "X-Cache" not in client.get("/bodies/")


@override_settings(PAGE_CACHE_HEADER=False)
def test_production_responses_do_not_say_whether_a_search_ran(client):
    client.get("/bodies/")
    assert "X-Cache" not in client.get("/bodies/")


@pytest.mark.parametrize("header", ["gzip;q=0", "identity", "br, gzip;q=0.0", "*;q=0", ""])
def test_clients_that_refuse_gzip_get_plain_pages(client, header):
    AccreditationFactory()
    for _ in range(2):
        response = client.get("/bodies/", HTTP_ACCEPT_ENCODING=header)
        assert "Content-Encoding" not in response
        assert b"<html" in response.content


def test_clients_without_gzip_get_a_page_decompressed_once(client, monkeypatch):
    AccreditationFactory()
    compressed = client.get("/bodies/", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    page = gzip.decompress(compressed.content)
    decompress, calls = gzip.decompress, []
    monkeypatch.setattr(gzip, "decompress", lambda data: calls.append(1) or decompress(data))

    answers = [client.get("/bodies/", HTTP_ACCEPT_ENCODING="identity") for _ in range(3)]

    assert [answer.content for answer in answers] == [page] * 3
    assert len(calls) == 1


def test_the_uncompressed_copies_are_bounded():
    pages = PlainPages(limit=10_000)
    bodies = [gzip.compress(bytes([n]) * 3_000) for n in range(5)]
    for body in bodies:
        assert pages.get(body) == gzip.decompress(body)
    assert pages.held <= 10_000
    # The least recently used went first.
    assert list(pages.pages) == bodies[-len(pages.pages) :]
    pages.get(bodies[-3])
    assert next(reversed(pages.pages)) == bodies[-3]


def test_a_write_through_the_orm_is_seen_at_once(client):
    body = CertificationBodyFactory(name="Before Certification")
    assert b"Before Certification" in client.get("/bodies/").content
    body.name = "After Certification"
    body.save()
    response = client.get("/bodies/")
    assert response["X-Cache"] == "miss"
    assert b"After Certification" in response.content


def test_a_bulk_update_is_seen_at_once(client):
    accreditation = AccreditationFactory()
    url = accreditation.body.get_absolute_url()
    assert b"Active" in client.get(url).content
    type(accreditation).objects.filter(pk=accreditation.pk).update(
        status=AccreditationStatus.WITHDRAWN
    )
    assert b"was withdrawn" in client.get(url).content


def test_raw_sql_on_reference_data_is_seen_at_once(client):
    client.get("/accreditation-bodies/")
    client.get("/fr/accreditation-bodies/")
    with connection.cursor() as cursor:
        # The pages show each language's column (modeltranslation); French falls back to
        # English where it has no name of its own, as UKAS has none.
        cursor.execute(
            "UPDATE accreditation_accreditationbody SET name = %s, name_en = %s WHERE slug = %s",
            ["Renamed Accreditation Service", "Renamed Accreditation Service", "ukas"],
        )
    assert b"Renamed Accreditation Service" in client.get("/accreditation-bodies/").content
    assert b"Renamed Accreditation Service" in client.get("/fr/accreditation-bodies/").content


def test_every_directory_table_bumps_the_version():
    before = DirectoryVersion.current()
    accreditation = AccreditationFactory(sectors=[1])
    after_insert = DirectoryVersion.current()
    assert after_insert > before
    accreditation.sectors.clear()
    assert DirectoryVersion.current() > after_insert
    version = DirectoryVersion.current()
    ukas = accreditation_body("ukas")
    ukas.name = "Renamed"
    ukas.save()
    assert DirectoryVersion.current() > version


def test_expiry_by_date_needs_no_write(client, monkeypatch):
    tomorrow_expires = datetime.date(2026, 6, 2)
    accreditation = AccreditationFactory(
        valid_until=tomorrow_expires, granted_on=datetime.date(2020, 1, 1)
    )
    url = accreditation.body.get_absolute_url()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 6, 2))
    assert b"Accredited for ISO 9001" in client.get(url).content
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 6, 3))
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert b"Not currently accredited for ISO 9001" in response.content


def test_healthz_is_never_cached(client, django_assert_num_queries):
    for _ in range(2):
        with django_assert_num_queries(1):
            response = client.get("/healthz")
        assert response.content == b"ok"
        assert "no-cache" in response["Cache-Control"]
        assert "X-Cache" not in response


def test_admin_pages_are_not_cached(admin_client):
    admin_client.get("/admin/bodies/certificationbody/")
    assert "X-Cache" not in admin_client.get("/admin/bodies/certificationbody/")


def test_a_flushed_version_row_is_recreated(client):
    DirectoryVersion.objects.all().delete()
    assert client.get("/bodies/").status_code == 200
    assert DirectoryVersion.objects.get(pk=1).version >= 0
    CertificationBodyFactory(name="After The Flush")
    assert b"After The Flush" in client.get("/bodies/").content


def test_pages_are_served_gzipped_to_clients_that_accept_it(client):
    AccreditationFactory()
    plain = client.get("/bodies/")
    for state in ("miss", "hit"):
        if state == "miss":
            cache.clear()
        response = client.get("/bodies/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["X-Cache"] == state
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == plain.content
        assert len(response.content) < len(plain.content) / 3
        assert "Accept-Encoding" in response["Vary"]
    assert "Content-Encoding" not in plain


HEADERS_OF_EVERY_ANSWER = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
    "Vary",
]


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/fr/bodies/?country=DE", "/api/v1/bodies/"])
def test_a_hit_is_answered_before_the_middleware_only_views_need(client, url):
    """A hit skips sessions, authentication and messages, yet carries every header a page
    built by its view carries."""
    AccreditationFactory()
    miss = client.get(url)
    hit = client.get(url)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert hasattr(miss.wsgi_request, "session") and hasattr(miss.wsgi_request, "user")
    assert not hasattr(hit.wsgi_request, "session")
    assert not hasattr(hit.wsgi_request, "user")
    for header in HEADERS_OF_EVERY_ANSWER:
        assert hit[header] == miss[header], header
    assert hit.content == miss.content
