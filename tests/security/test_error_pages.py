"""Friendly 400, 403, 404 and 500 pages that give nothing away."""

import pytest
from django.conf import settings
from django.test import Client

from search.views import HomeView

pytestmark = pytest.mark.django_db

SECRET = "secret-detail-4711"


def assert_leaks_nothing(response):
    html = response.content.decode()
    for leak in ("Traceback", "Exception", "settings", "SECRET", settings.SECRET_KEY, SECRET):
        assert leak not in html
    assert "<html" in html and "CertDir" in html


def test_404(client):
    response = client.get(f"/bodies/{SECRET}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert_leaks_nothing(response)


def test_400_for_a_host_we_do_not_serve(client):
    response = client.get("/", HTTP_HOST=f"{SECRET}.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert_leaks_nothing(response)


def test_403_for_a_curator_in_user_management(curator_client):
    response = curator_client.get("/admin/auth/user/")
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert_leaks_nothing(response)


def test_403_for_a_post_without_csrf_token(curator):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "curator", "password": "curator-password"}
    )
    assert response.status_code == 403
    assert "The form could not be accepted" in response.content.decode()
    assert_leaks_nothing(response)


def test_500_for_an_unexpected_error(monkeypatch):
    def fail(self, **kwargs):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(HomeView, "get_context_data", fail)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_leaks_nothing(response)
