"""The public report form: stored for curators, never published, bounded and rate-limited."""

import pytest
from django.core import mail
from pytest_django.asserts import assertContains, assertNotContains

from reports.models import DETAILS_MAX_LENGTH, Report

pytestmark = pytest.mark.django_db

VALID = {
    "problem": "status",
    "details": "The accreditation was withdrawn in March.",
    "source_url": "https://www.dakks.de/register",
    "email": "reader@example.org",
    "nickname": "",
}


def form_url(body):
    return f"/bodies/{body.slug}/report/"


def test_the_body_page_links_to_the_form_and_offers_a_comparison(client, body):
    response = client.get(body.get_absolute_url())
    assertContains(response, f'href="{form_url(body)}">Report a problem with this record</a>')
    assertContains(response, f'<input type="hidden" name="body" value="{body.slug}">')


def test_the_form_page_renders_in_two_queries(client, body, django_assert_num_queries):
    # The body, and whether demo records exist (base.html's site-wide notice).
    with django_assert_num_queries(2):
        response = client.get(form_url(body))
    assert response.status_code == 200
    assertContains(response, "csrfmiddlewaretoken")
    assertContains(response, "<legend>What is wrong?</legend>", html=False)


def test_a_report_is_stored_new_and_the_sender_sees_a_confirmation(client, body):
    before = body.updated_at
    response = client.post(form_url(body), VALID)
    assert response.status_code == 302
    assert response["Location"] == f"/bodies/{body.slug}/report/sent/"
    report = Report.objects.get()
    assert (report.body, report.status, report.problem) == (body, "new", "status")
    assert report.details == VALID["details"]
    assert report.handled_by is None
    body.refresh_from_db()
    assert body.updated_at == before  # nothing about the record changed
    confirmation = client.get(response["Location"])
    assertContains(confirmation, "Thank you: your report was sent")
    assert mail.outbox == []


def test_the_honeypot_is_thanked_but_stores_nothing(client, body):
    response = client.post(form_url(body), {**VALID, "nickname": "robot"})
    assert response.status_code == 302
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"problem": "nonsense"}, "problem", "Select a valid choice"),
        ({"details": ""}, "details", "This field is required"),
        ({"details": "x" * (DETAILS_MAX_LENGTH + 1)}, "details", "at most 2000 characters"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "Enter a valid URL"),
        ({"source_url": "https://e.example/" + "a" * 600}, "source_url", "at most 500"),
        ({"email": "not an address"}, "email", "Enter a valid email address"),
        ({"details": "null \x00 byte"}, "details", "Null characters are not allowed"),
    ],
)
def test_bad_values_are_explained_and_nothing_is_stored(client, body, change, field, message):
    response = client.post(form_url(body), {**VALID, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assertContains(response, message)
    assert Report.objects.count() == 0


def test_sent_text_is_escaped_when_the_form_comes_back(client, body):
    response = client.post(
        form_url(body), {**VALID, "details": "<script>alert(1)</script>", "email": "bad"}
    )
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)</script>")


def test_an_unknown_body_is_a_404(client, db):
    assert client.get("/bodies/no-such-body/report/").status_code == 404
    assert client.post("/bodies/no-such-body/report/", VALID).status_code == 404


def test_posts_are_rate_limited_per_address_but_reading_the_form_is_not(client, body):
    for _ in range(5):
        assert client.post(form_url(body), VALID, REMOTE_ADDR="203.0.113.9").status_code == 302
    refused = client.post(form_url(body), VALID, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert client.get(form_url(body), REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.post(form_url(body), VALID, REMOTE_ADDR="203.0.113.10").status_code == 302
    assert Report.objects.count() == 6


def test_the_form_requires_a_csrf_token(body):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(form_url(body), VALID)
    assert response.status_code == 403
    assert Report.objects.count() == 0
