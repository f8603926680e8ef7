"""Password guessing at the admin login is locked out (django-axes).

django-axes needs the request when authenticating: tests log in with ``force_login``,
or with ``client.login(request=HttpRequest(), ...)`` as below.
"""

import pytest
from axes.models import AccessAttempt
from django.http import HttpRequest
from django.test import override_settings

from tests.security.test_settings import production_env, run_python

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LIMIT = 5


def attempt(client, username, password, ip="203.0.113.7", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **extra,
    )


def logged_in(client):
    return client.get("/admin/").status_code == 200


def test_the_right_password_gets_in(client, curator):
    response = attempt(client, "curator", "curator-password")
    assert response.status_code == 302
    assert logged_in(client)


def test_five_wrong_passwords_lock_the_user_name_out_even_from_elsewhere(client, curator):
    for _ in range(LIMIT - 1):
        assert attempt(client, "curator", "guess").status_code == 200
    locked = attempt(client, "curator", "guess")
    assert locked.status_code == 429
    assert b"too many" in locked.content.lower()
    # The right password, from another address, is refused too while the lockout lasts.
    assert attempt(client, "curator", "curator-password", ip="198.51.100.1").status_code == 429
    assert not logged_in(client)


def test_five_failures_from_one_address_lock_that_address_out(client, curator):
    for n in range(LIMIT):
        attempt(client, f"user{n}", "guess", ip="192.0.2.66")
    assert attempt(client, "curator", "curator-password", ip="192.0.2.66").status_code == 429
    assert attempt(client, "curator", "curator-password", ip="192.0.2.67").status_code == 302


def test_a_success_resets_the_count(client, curator):
    for _ in range(LIMIT - 1):
        attempt(client, "curator", "guess")
    assert attempt(client, "curator", "curator-password").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert attempt(client, "curator", "guess").status_code == 200
    assert attempt(client, "curator", "curator-password").status_code == 302


def test_signing_in_between_guesses_does_not_forgive_them(client, curator, admin_user):
    """An insider guessing the superuser's password, signing in as themselves in between."""
    for _ in range(LIMIT - 1):
        assert attempt(client, "admin", "guess").status_code == 200
    assert attempt(client, "curator", "curator-password").status_code == 302
    client.logout()
    # The earlier guesses at "admin" still count: the next one locks the name and the address.
    assert attempt(client, "admin", "guess").status_code == 429
    assert attempt(client, "admin", "password", ip="198.51.100.1").status_code == 429
    assert attempt(client, "curator", "curator-password").status_code == 429


def test_a_success_forgives_only_the_users_own_failures(client, curator):
    for n in range(2):
        attempt(client, f"someone{n}", "guess")
    attempt(client, "curator", "typo")
    attempt(client, "curator", "typo", ip="198.51.100.1")
    assert attempt(client, "curator", "curator-password").status_code == 302
    assert not AccessAttempt.objects.filter(username="curator").exists()
    assert AccessAttempt.objects.filter(username__startswith="someone").count() == 2


def test_without_a_proxy_the_forwarded_header_is_not_believed(client, curator):
    for n in range(LIMIT):
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.{n}.1"}
        attempt(client, f"user{n}", "guess", ip="192.0.2.66", **forged)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.66"}
    forged = {"HTTP_X_FORWARDED_FOR": "10.0.99.1"}
    assert (
        attempt(client, "curator", "curator-password", ip="192.0.2.66", **forged).status_code == 429
    )


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_it_appended_is_the_one_counted(client, curator):
    forwarded = {"HTTP_X_FORWARDED_FOR": "10.0.0.1, 198.51.100.23"}
    attempt(client, "curator", "guess", ip="127.0.0.1", **forwarded)
    assert AccessAttempt.objects.get().ip_address == "198.51.100.23"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_outer_ones_address_is_counted(client, curator):
    forwarded = {"HTTP_X_FORWARDED_FOR": "10.0.0.1, 198.51.100.23, 192.168.1.5"}
    attempt(client, "curator", "guess", ip="127.0.0.1", **forwarded)
    assert AccessAttempt.objects.get().ip_address == "198.51.100.23"


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize("forwarded", ["", "not an address", "1.2.3.4, " + "x" * 10_000])
def test_a_forged_forwarded_header_falls_back_to_the_peer(client, curator, forwarded):
    attempt(client, "curator", "guess", ip="192.0.2.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert AccessAttempt.objects.get().ip_address == "192.0.2.9"


def trusted_proxy_count_under(value):
    env = production_env(**({} if value is None else {"DJANGO_TRUSTED_PROXY_COUNT": value}))
    code = "import django; django.setup(); from django.conf import settings; "
    return run_python(env, "-c", code + "print(settings.TRUSTED_PROXY_COUNT)")


@pytest.mark.parametrize(("value", "expected"), [(None, "0"), ("", "0"), ("0", "0"), ("1", "1")])
def test_the_proxy_count_comes_from_the_environment(value, expected):
    result = trusted_proxy_count_under(value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


@pytest.mark.parametrize("value", ["-1", "yes", "1.5"])
def test_a_bad_proxy_count_stops_the_server_from_starting(value):
    result = trusted_proxy_count_under(value)
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXY_COUNT" in result.stderr


def test_an_unsafe_next_after_login_lands_on_the_admin_index(client, curator):
    response = client.post(
        LOGIN + "?next=https://evil.example/",
        {"username": "curator", "password": "curator-password"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_the_test_client_logs_in_when_given_a_request(client, curator):
    assert client.login(request=HttpRequest(), username="curator", password="curator-password")
    assert logged_in(client)
