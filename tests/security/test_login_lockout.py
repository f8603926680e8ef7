"""Password guessing at the admin login is locked out (django-axes).

django-axes needs the request when authenticating: tests log in with ``force_login``,
or with ``client.login(request=HttpRequest(), ...)`` as below.
"""

import pytest
from axes.models import AccessAttempt
from django.http import HttpRequest

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


def test_the_proxy_appended_address_is_the_one_counted(client, curator):
    forwarded = {"HTTP_X_FORWARDED_FOR": "10.0.0.1, 198.51.100.23"}
    attempt(client, "curator", "guess", ip="127.0.0.1", **forwarded)
    assert AccessAttempt.objects.get().ip_address == "198.51.100.23"


@pytest.mark.parametrize("forwarded", ["", "not an address", "1.2.3.4, " + "x" * 10_000])
def test_a_forged_forwarded_header_falls_back_to_the_peer(client, curator, forwarded):
    attempt(client, "curator", "guess", ip="192.0.2.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert AccessAttempt.objects.get().ip_address == "192.0.2.9"


def test_the_test_client_logs_in_when_given_a_request(client, curator):
    assert client.login(request=HttpRequest(), username="curator", password="curator-password")
    assert logged_in(client)
