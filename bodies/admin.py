"""Curation of conformity assessment bodies, with their accreditations inline."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django_countries.filters import CountryFilter

from accreditation.admin import SCOPE_FIELDS, URL_FIELDS_ASSUME_HTTPS, ScopeFieldsMixin
from accreditation.models import Accreditation
from bodies.models import AccreditationSummary, CertificationBody


class AccreditationInline(ScopeFieldsMixin, admin.StackedInline):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = Accreditation
    extra = 0
    show_change_link = True
    autocomplete_fields = ["accreditation_body", "casco_standard", *SCOPE_FIELDS]

    def get_queryset(self, request):
        # Each form's title and initial scope; the autocomplete widgets still query per form.
        return super().get_queryset(request).for_display()


@admin.register(CertificationBody)
class CertificationBodyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "name",
        "country",
        "city",
        "accreditation_count",
        "standing",
        "is_demo",
        "updated_at",
    ]
    list_filter = [("country", CountryFilter), "is_demo"]
    # search_text adds accreditation numbers and accent-free matching ("tuv" finds "TÜV").
    search_fields = ["name", "aliases", "city", "slug", "search_text"]
    date_hierarchy = "updated_at"
    # Explicit, because a query with an aggregate annotation drops Meta.ordering.
    ordering = ["name", "country"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["search_text", "created_at", "updated_at"]
    fieldsets = [
        ("Identity", {"fields": ["name", "aliases", "slug", "country", "is_demo"]}),
        ("Contact", {"fields": ["city", "address", "website", "email", "phone"]}),
        ("Description", {"fields": ["description"]}),
        (
            "Record",
            {"fields": ["search_text", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]
    inlines = [AccreditationInline]

    def get_queryset(self, request):
        # Only what accreditation_summary() reads, for the standing column.
        statuses = Accreditation.objects.order_by().only("body", "status", "valid_until")
        return (
            super()
            .get_queryset(request)
            .annotate(accreditation_count=Count("accreditations"))
            .prefetch_related(Prefetch("accreditations", queryset=statuses))
        )

    @admin.display(description="accreditations", ordering="accreditation_count")
    def accreditation_count(self, obj):
        return obj.accreditation_count

    @admin.display(description="standing")
    def standing(self, obj):
        return AccreditationSummary(obj.accreditation_summary()).label

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # save() read the accreditation numbers before the inline ones were saved.
        form.instance.save(update_fields=["search_text"])
