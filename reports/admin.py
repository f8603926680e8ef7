"""Curators' handling of reports: read, set a status (which records who handled it), fix
the record itself in its own admin page."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reports.models import Report
from reports.services import reports_set_status


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "body", "problem", "summary", "status", "handled_by"]
    list_display_links = ["created_at"]
    list_filter = ["status", "problem", "created_at"]
    list_select_related = ["body", "handled_by"]
    search_fields = ["body__name", "details", "email"]
    date_hierarchy = "created_at"
    fields = [
        "record",
        "problem",
        "details",
        "source",
        "email",
        "status",
        "handled_by",
        "created_at",
        "updated_at",
    ]
    # What the public sent is evidence: curators set its status, never rewrite it.
    readonly_fields = [
        "record",
        "problem",
        "details",
        "source",
        "email",
        "handled_by",
        "created_at",
        "updated_at",
    ]
    actions = ["mark_confirmed", "mark_rejected", "mark_fixed"]

    def has_add_permission(self, request):
        return False  # reports come from the public form only

    @admin.display(description=gettext_lazy("details"))
    def summary(self, report):
        return Truncator(report.details).chars(80)

    @admin.display(description=gettext_lazy("record"))
    def record(self, report):
        body = report.body
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            reverse("admin:bodies_certificationbody_change", args=[body.pk]),
            body.name,
            body.get_absolute_url(),
            _("public page"),
        )

    @admin.display(description=gettext_lazy("source"))
    def source(self, report):
        if not report.source_url:
            return "-"
        # rel="noreferrer": the curator's admin address is nobody else's business.
        return format_html(
            '<a href="{}" rel="nofollow noopener noreferrer">{}</a>',
            report.source_url,
            report.source_url,
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    def _mark(self, request, queryset, status):
        changed = reports_set_status(reports=queryset, status=status, curator=request.user)
        label = Report.Status(status).label.lower()
        message = ngettext(
            "%(count)d report marked %(status)s.", "%(count)d reports marked %(status)s.", changed
        )
        self.message_user(request, message % {"count": changed, "status": label}, messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Mark selected reports confirmed"), permissions=["change"]
    )
    def mark_confirmed(self, request, queryset):
        self._mark(request, queryset, Report.Status.CONFIRMED)

    @admin.action(
        description=gettext_lazy("Mark selected reports rejected"), permissions=["change"]
    )
    def mark_rejected(self, request, queryset):
        self._mark(request, queryset, Report.Status.REJECTED)

    @admin.action(description=gettext_lazy("Mark selected reports fixed"), permissions=["change"])
    def mark_fixed(self, request, queryset):
        self._mark(request, queryset, Report.Status.FIXED)
