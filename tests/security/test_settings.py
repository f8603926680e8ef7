"""Production settings: `check --deploy` is clean, HTTPS is enforced whenever debug is off,
and every response carries the security headers, with a CSP that no page needs to loosen.
"""

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import path, reverse

from bodies.models import CertificationBody
from certdir import urls as project_urls
from tests.factories import AccreditationFactory

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_SHOWN = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
]


def production_env(**overrides):
    """The environment of a production server: no DJANGO_* variable but these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="certdir.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="certdir.example.org",
    )
    env.update(overrides)
    return env


def run_python(env, *args):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def settings_under(env):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SETTINGS_SHOWN!r}}}))"
    )
    result = run_python(env, "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("redirect", [None, "0"])
def test_check_deploy_reports_no_issues(redirect):
    env = production_env(**({"DJANGO_SECURE_SSL_REDIRECT": redirect} if redirect else {}))
    result = run_python(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_is_enforced_whenever_debug_is_off():
    shown = settings_under(production_env())
    assert shown["DEBUG"] is False
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert shown["SESSION_COOKIE_SECURE"] is True
    assert shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert shown["SECURE_REFERRER_POLICY"] == "same-origin"
    assert shown["X_FRAME_OPTIONS"] == "DENY"
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_behind_a_proxy_only_the_redirect_goes():
    behind_proxy = settings_under(production_env(DJANGO_SECURE_SSL_REDIRECT="0"))
    assert behind_proxy["SECURE_SSL_REDIRECT"] is False
    assert {k: v for k, v in behind_proxy.items() if k != "SECURE_SSL_REDIRECT"} == {
        k: v for k, v in settings_under(production_env()).items() if k != "SECURE_SSL_REDIRECT"
    }


def test_debug_turns_https_enforcement_off():
    shown = settings_under(production_env(DJANGO_DEBUG="1"))
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SESSION_COOKIE_SECURE"] is False


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_and_proxied_https_is_served_with_hsts(client):
    response = client.get("/bodies/?q=tuv")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/bodies/?q=tuv"
    response = client.get("/bodies/?q=tuv", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_cookies_are_secure_and_http_only(client, curator):
    csrf = client.get("/admin/login/").cookies["csrftoken"]
    assert (csrf["secure"], csrf["httponly"]) == (True, True)
    response = client.post("/admin/login/", {"username": "curator", "password": "curator-password"})
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"]) == (True, True)


def assert_security_headers(response):
    assert_permissions_policy(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def assert_permissions_policy(response):
    """Every powerful browser feature is denied to the page and to anything it embeds."""
    policy = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
        assert policy[feature] == "()", feature
    assert set(policy.values()) == {"()"}


PUBLIC_URLS = [
    "/",
    "/bodies/",
    "/bodies/?standard=iso-9001&q=tuv",
    "/accreditation-bodies/",
    "/accreditation-bodies/ukas/",
    "/standards/",
    "/standards/iso-9001/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_security_headers_on_cached_and_fresh_pages(client, url):
    AccreditationFactory()
    miss = client.get(url)
    hit = client.get(url)
    assert (miss.status_code, hit.status_code) == (200, 200)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    assert_security_headers(miss)
    assert_security_headers(hit)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/healthz", "/no-such-page/", "/bodies/export.csv", "/admin/"])
def test_security_headers_on_other_responses(admin_client, url):
    assert_security_headers(admin_client.get(url))


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and event handlers."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.found += [f"<{tag} {name}=...>" for name in attrs if name.startswith("on")]
        if "style" in attrs:
            self.found.append(f"<{tag} style=...>")
        if tag == "style":
            self.found.append("<style>")
        # JSON data blocks are never executed, so CSP allows them.
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.in_inline_script = True

    def handle_data(self, data):
        if self.in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_inline_script = False


# simple-history's history table has one: a paginator without its top border. The
# browser ignores it under this CSP; nothing but that border is lost.
COSMETIC = {"<p style=...>"}


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.mark.django_db
def test_no_page_needs_inline_code(admin_client):
    accreditation = AccreditationFactory(sectors=[28])
    body = accreditation.body
    record = body.history.first()
    urls = [
        *PUBLIC_URLS,
        body.get_absolute_url(),
        "/no-such-page/",
        "/admin/",
        reverse("admin:bodies_certificationbody_changelist"),
        reverse("admin:bodies_certificationbody_add"),
        reverse("admin:bodies_certificationbody_change", args=[body.pk]),
        reverse("admin:bodies_certificationbody_history", args=[body.pk]),
        reverse("admin:bodies_certificationbody_simple_history", args=[body.pk, record.history_id]),
        reverse("admin:bodies_certificationbody_import"),
        reverse("admin:accreditation_accreditation_changelist"),
        reverse("admin:accreditation_accreditation_change", args=[accreditation.pk]),
        reverse("admin:accreditation_standard_add"),
        reverse("admin:accreditation_accreditationbody_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code in (200, 404), url
        allowed = COSMETIC if url.endswith("/history/") else set()
        assert set(inline_code(response)) <= allowed, url
    assert CertificationBody.objects.count() == 1


def test_the_login_page_needs_no_inline_code(client):
    assert inline_code(client.get("/admin/login/")) == []


def database_gone(request):
    raise OperationalError("the database went away")


# For the test below: the project's URLs and one whose view loses the database.
urlpatterns = [path("database-gone/", database_gone), *project_urls.urlpatterns]


@pytest.mark.django_db
# WhiteNoise serves static files from the finders here, as nothing is collected in tests.
@override_settings(ROOT_URLCONF=__name__, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_the_permissions_policy_is_on_every_kind_of_response(client, curator):
    responses = {
        "static file": client.get("/static/css/site.css"),
        "login page": client.get("/admin/login/"),
        "not found": client.get("/no-such-page/"),
        "too large": client.post("/", CONTENT_LENGTH=str(10 * 1024 * 1024)),
        "database gone": client.get("/database-gone/"),
    }
    for _ in range(5):
        locked = client.post("/admin/login/", {"username": "curator", "password": "x"})
    responses["locked out"] = locked
    statuses = {name: response.status_code for name, response in responses.items()}
    assert statuses == {
        "static file": 200,
        "login page": 200,
        "not found": 404,
        "too large": 413,
        "database gone": 503,
        "locked out": 429,
    }
    for response in responses.values():
        assert_permissions_policy(response)
