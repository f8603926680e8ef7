"""Curation of reference data and accreditations in the Django admin.

Every curated model keeps its history (django-simple-history): who changed what and
when, viewable per record under "History", where any earlier version can be restored.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Standard,
    standard_slug,
)
from certdir.history import record_bulk_history

SCOPE_FIELDS = ("standards", "sectors")


def refresh_body_search_text(body_ids):
    """Recompute the stored search text of these bodies, which holds their accreditation numbers."""
    # Resolved through the relation because this app must not import ``bodies``.
    body_model = Accreditation._meta.get_field("body").related_model
    for body in body_model.objects.filter(pk__in=body_ids):
        # search_text is derived and left out of the history: this save is no change.
        body.skip_history_when_saving = True
        body.save(update_fields=["search_text"])


# Links are entered without a scheme as often as with one; https is the safe guess
# (and Django 6's default).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ScopeFieldsMixin:
    """Edit the scope (standards and IAF sectors) with autocomplete widgets.

    Django admin leaves out many-to-many fields with an explicit through model and
    refuses them in ``fields``/``fieldsets``. The through models here carry no extra
    columns, so the form's ``.set()`` saves them; the fields come from the form itself.
    """

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name not in SCOPE_FIELDS:
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        kwargs.setdefault(
            "widget",
            AutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
        )
        return db_field.formfield(**kwargs)


class StandardAdminForm(forms.ModelForm):
    class Meta:
        model = Standard
        fields = ["code", "slug", "edition", "title", "kind", "applies_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = (
            'Leave blank to derive it from the code ("ISO/IEC 27001": "iso-iec-27001").'
        )

    def clean_slug(self):
        # Filled in here rather than by Standard.save() so the unique check sees it.
        return self.cleaned_data["slug"] or standard_slug(self.cleaned_data.get("code", ""))


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    form = StandardAdminForm
    list_display = ["code", "edition", "title", "kind", "applies_to"]
    list_filter = ["kind", "applies_to"]
    search_fields = ["code", "title", "slug"]


@admin.register(SectorCode)
class SectorCodeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code__exact", "name"]


@admin.register(AccreditationBody)
class AccreditationBodyAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "acronym",
        "name",
        "country",
        "region",
        "iaf_mla",
        "ilac_mra",
        "accreditation_count",
    ]
    list_filter = ["region", "iaf_mla", "ilac_mra", ("country", CountryFilter)]
    search_fields = ["acronym", "name"]
    prepopulated_fields = {"slug": ["acronym"]}
    # Explicit, because a query with an aggregate annotation drops Meta.ordering.
    ordering = ["acronym"]
    fields = ["acronym", "slug", "name", "country", "website", "region", "iaf_mla", "ilac_mra"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(accreditation_count=Count("accreditations"))

    @admin.display(description="accreditations", ordering="accreditation_count")
    def accreditation_count(self, obj):
        return obj.accreditation_count


class CurrentStatusFilter(admin.SimpleListFilter):
    title = "current status"
    parameter_name = "current_status"

    def lookups(self, request, model_admin):
        return AccreditationStatus.choices

    def queryset(self, request, queryset):
        if self.value() in AccreditationStatus.values:
            return queryset.with_status(self.value())
        return queryset


@admin.register(Accreditation)
class AccreditationAdmin(ScopeFieldsMixin, SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "number",
        "body",
        "accreditation_body",
        "casco_standard",
        "scope_standards",
        "scope_sectors",
        "current_status",
        "valid_until",
        "last_verified_on",
    ]
    list_filter = [
        CurrentStatusFilter,
        "status",
        "accreditation_body",
        "casco_standard",
        ("standards", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["body", "accreditation_body", "casco_standard"]
    search_fields = ["number", "body__name", "accreditation_body__acronym"]
    autocomplete_fields = ["body", "accreditation_body", "casco_standard", *SCOPE_FIELDS]
    readonly_fields = ["current_status", "created_at", "updated_at"]
    date_hierarchy = "valid_until"
    actions = ["suspend", "withdraw", "reinstate"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_effective_status()
            .prefetch_related("standards", "sectors")
        )

    @admin.display(description="standards in scope")
    def scope_standards(self, obj):
        return ", ".join(standard.code for standard in obj.standards.all())

    @admin.display(description="IAF sectors")
    def scope_sectors(self, obj):
        return ", ".join(str(sector.code) for sector in obj.sectors.all())

    @admin.display(description="current status", ordering="effective_status")
    def current_status(self, obj):
        return obj.get_current_status_display()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # SimpleHistoryAdmin passes a past version as ``obj`` when reverting: its form
        # starts from the scope of that version, not from the current one.
        record = getattr(obj, "_history", None)
        if record is None:
            return form
        scope = {
            "standards": [row.standard_id for row in record.standards.all()],
            "sectors": [row.sector_id for row in record.sectors.all()],
        }

        class PastVersionForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**scope, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return PastVersionForm

    def save_model(self, request, obj, form, change):
        # The body it had until now: a revert's form starts from the past version's body.
        stored = Accreditation.objects.filter(pk=obj.pk).values_list("body_id", flat=True)
        body_ids = set(stored) if change else set()
        super().save_model(request, obj, form, change)
        # Here rather than in save_related, which reverting to a past version skips.
        refresh_body_search_text(body_ids | {obj.body_id})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_body_search_text([obj.body_id])

    def delete_queryset(self, request, queryset):
        body_ids = set(queryset.values_list("body_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_body_search_text(body_ids)

    def _set_status(self, request, queryset, status):
        """Store ``status`` on the selected accreditations, logging each change."""
        to_change = queryset.exclude(status=status)
        changed = list(to_change)
        to_change.update(status=status, updated_at=timezone.now())
        if changed:
            message = f"Status set to {AccreditationStatus(status).label} by action."
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changed,
                action_flag=CHANGE,
                change_message=message,
            )
            record_bulk_history(
                Accreditation,
                [a.pk for a in changed],
                update=True,
                user=request.user,
                reason=message,
            )
        self.message_user(
            request,
            f"{AccreditationStatus(status).label}: {len(changed)} accreditation(s) changed.",
            messages.SUCCESS,
        )
        return changed

    @admin.action(description="Suspend selected accreditations", permissions=["change"])
    def suspend(self, request, queryset):
        self._set_status(request, queryset, AccreditationStatus.SUSPENDED)

    @admin.action(description="Withdraw selected accreditations", permissions=["change"])
    def withdraw(self, request, queryset):
        self._set_status(request, queryset, AccreditationStatus.WITHDRAWN)

    @admin.action(description="Reinstate selected accreditations (active)", permissions=["change"])
    def reinstate(self, request, queryset):
        changed = self._set_status(request, queryset, AccreditationStatus.ACTIVE)
        today = timezone.localdate()
        lapsed = [a for a in changed if a.valid_until and a.valid_until < today]
        if lapsed:
            self.message_user(
                request,
                f"{len(lapsed)} reinstated accreditation(s) are past their valid-until date "
                "and still count as expired: " + ", ".join(str(a) for a in lapsed),
                messages.WARNING,
            )
