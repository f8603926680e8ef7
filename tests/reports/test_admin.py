"""Curators and reports in the admin: open reports on the index, statuses and who set them."""

import pytest
from django.contrib.auth.models import Group
from pytest_django.asserts import assertContains, assertNotContains

from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(body):
    return Report.objects.create(
        body=body, problem="contact", details="<script>alert(1)</script> wrong phone"
    )


def test_curators_may_view_and_change_reports_but_not_add_or_delete(curator):
    codenames = set(
        Group.objects.get(name="Curator")
        .permissions.filter(content_type__app_label="reports")
        .values_list("codename", flat=True)
    )
    assert codenames == {"view_report", "change_report"}
    assert curator.has_perm("reports.change_report")
    assert not curator.has_perm("reports.delete_report")


def test_open_reports_are_on_the_admin_index_escaped(
    curator_client, report, django_assert_max_num_queries
):
    Report.objects.create(body=report.body, problem="other", details="done", status="fixed")
    response = curator_client.get("/admin/")
    assertContains(response, "Open reports of wrong records (1)")
    assertContains(response, f"/admin/reports/report/{report.pk}/change/")
    assertContains(response, "The name, address, website or contact details are wrong")


def test_staff_without_the_permission_see_no_reports(client, django_user_model, report):
    user = django_user_model.objects.create_user("helper", password="x", is_staff=True)
    client.force_login(user)
    assertNotContains(client.get("/admin/"), "Open reports")


def test_the_change_page_escapes_what_the_public_sent(curator_client, report):
    response = curator_client.get(f"/admin/reports/report/{report.pk}/change/")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt; wrong phone")
    assertNotContains(response, "<script>alert(1)</script>")
    assert curator_client.get("/admin/reports/report/add/").status_code == 403


def test_setting_a_status_records_the_curator(curator_client, curator, report):
    response = curator_client.post(
        f"/admin/reports/report/{report.pk}/change/", {"status": "confirmed"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by) == ("confirmed", curator)
    assert report.details.startswith("<script>")  # the public's text is never rewritten


def test_actions_mark_reports_and_the_list_filters_by_status(curator_client, curator, report):
    other = Report.objects.create(body=report.body, problem="other", details="x")
    response = curator_client.post(
        "/admin/reports/report/",
        {"action": "mark_rejected", "_selected_action": [report.pk, other.pk]},
    )
    assert response.status_code == 302
    assert set(Report.objects.values_list("status", "handled_by")) == {("rejected", curator.pk)}
    listed = curator_client.get("/admin/reports/report/?status__exact=rejected")
    assertContains(listed, "2 reports")
    assert curator_client.get("/admin/reports/report/?status__in=new,confirmed").status_code == 200


def test_the_list_takes_a_fixed_number_of_queries(
    curator_client, body, django_assert_max_num_queries
):
    for i in range(20):
        Report.objects.create(body=body, problem="other", details=f"report {i}")
    with django_assert_max_num_queries(12):
        response = curator_client.get("/admin/reports/report/")
    assertContains(response, "20 reports")
