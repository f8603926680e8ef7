"""The Content-Security-Policy header is django-csp's, built once from the settings; a
response or request that changes it still gets django-csp's own per-response policy."""

import pytest
from csp.constants import HEADER, NONE, SELF
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from certdir.middleware import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db


def served(response, request=None):
    request = request or RequestFactory().get("/bodies/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    middleware.process_request(request)
    return middleware.process_response(request, response)


@pytest.mark.parametrize("url", ["/", "/bodies/", "/fr/bodies/", "/admin/login/", "/no-such-page/"])
def test_every_page_has_the_settings_policy(client, url):
    assert client.get(url)[HEADER] == build_policy()


def test_a_response_that_changes_the_policy_gets_its_own():
    response = HttpResponse()
    response._csp_update = {"img-src": [SELF, "https://example.org"]}
    header = served(response)[HEADER]
    assert "img-src 'self' https://example.org" in header
    assert header != build_policy()


def test_a_response_that_replaces_a_directive_gets_it_replaced():
    response = HttpResponse()
    response._csp_replace = {"frame-ancestors": [SELF]}
    header = served(response)[HEADER]
    assert "frame-ancestors 'self'" in header
    assert f"frame-ancestors {NONE}" not in header


def test_a_nonce_taken_before_the_header_is_built_into_it_by_django_csp():
    request = RequestFactory().get("/bodies/")
    response = HttpResponse()
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    middleware.process_request(request)
    nonce = str(request.csp_nonce)
    header = middleware.process_response(request, response)[HEADER]
    assert header == build_policy(nonce=nonce)


def test_an_exempt_response_has_no_policy():
    response = HttpResponse()
    response._csp_exempt = True
    assert HEADER not in served(response)
