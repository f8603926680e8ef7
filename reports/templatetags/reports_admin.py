"""The admin index's block of open reports."""

from django import template

from reports.models import Report

register = template.Library()

# The index lists the newest open reports; the rest are a click away.
SHOWN = 10


@register.inclusion_tag("reports/includes/_open_reports.html")
def open_reports(user):
    """The newest open reports and how many are open, for users who may see reports."""
    if not user.has_perm("reports.view_report"):
        return {"allowed": False}
    reports = Report.objects.for_admin_index()
    return {"allowed": True, "reports": reports[:SHOWN], "count": reports.count()}
