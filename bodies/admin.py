"""Curation of conformity assessment bodies, with their accreditations inline."""

import functools

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from accreditation.admin import (
    SCOPE_FIELDS,
    URL_FIELDS_ASSUME_HTTPS,
    OptimisticLockInlineMixin,
    OptimisticLockMixin,
    ScopeFieldsMixin,
)
from accreditation.admin_status import stored_before
from accreditation.events import EventDating, EventOrigin
from accreditation.models import Accreditation
from accreditation.services import save_with_events
from bodies.csvio.format import COLUMNS
from bodies.csvio.importer import ImportBusy, import_bodies_csv
from bodies.csvio.staging import (
    COLUMN_HELP,
    ImportConfirmForm,
    ImportUploadForm,
    StagedUpload,
    StaleUpload,
    discard_pending,
)
from bodies.models import AccreditationSummary, CertificationBody


class EffectiveDateField(forms.DateField):
    """When the changes of a form took effect; not a change of the record in itself."""

    def has_changed(self, initial, data):
        # A date alone changes nothing: the form is saved (and its events recorded)
        # only when the record changes.
        return False


class AccreditationInlineForm(forms.ModelForm):
    effective_on = EffectiveDateField(
        label=gettext_lazy("Change took effect on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "When a change of status or scope made here took effect, as the "
            "accreditation body says (YYYY-MM-DD). Empty: today."
        ),
    )

    def clean_effective_on(self):
        value = self.cleaned_data["effective_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The effective date cannot be in the future."))
        return value


class AccreditationInline(OptimisticLockInlineMixin, ScopeFieldsMixin, admin.StackedInline):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = Accreditation
    form = AccreditationInlineForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["accreditation_body", "casco_standard", *SCOPE_FIELDS]

    def get_queryset(self, request):
        # Each form's title and initial scope; the autocomplete widgets still query per form.
        return super().get_queryset(request).for_display()


@admin.register(CertificationBody)
class CertificationBodyAdmin(OptimisticLockMixin, SimpleHistoryAdmin):
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
        (gettext_lazy("Identity"), {"fields": ["name", "aliases", "slug", "country", "is_demo"]}),
        (
            gettext_lazy("Contact"),
            {"fields": ["city", "address", "website", "email", "phone", "complaints_url"]},
        ),
        (gettext_lazy("Description"), {"fields": ["description"]}),
        (
            gettext_lazy("Record"),
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

    @admin.display(description=gettext_lazy("accreditations"), ordering="accreditation_count")
    def accreditation_count(self, obj):
        return obj.accreditation_count

    @admin.display(description=gettext_lazy("standing"))
    def standing(self, obj):
        return AccreditationSummary(obj.accreditation_summary()).label

    def save_formset(self, request, form, formset, change):
        """Save the accreditations inline and record the events of their changes.

        A changed status and each standard added or removed is an event of the date the
        curator gives, or of today; a new accreditation's is its grant.
        """
        if formset.model is not Accreditation:
            return super().save_formset(request, form, formset, change)
        edits = []
        for inline in formset.forms:
            if not inline.has_changed() or inline in formset.deleted_forms:
                continue
            before = stored_before(inline.instance)
            on = inline.cleaned_data.get("effective_on")
            dated = EventDating.AS_GIVEN
            if before is not None and on is None:
                on, dated = timezone.localdate(), EventDating.EDIT_DAY
            edits.append((inline.instance, before, on, dated))
        save_with_events(
            functools.partial(super().save_formset, request, form, formset, change),
            edits,
            origin=EventOrigin.ADMIN,
            user=request.user,
        )
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # save() read the accreditation numbers before the inline ones were saved. Only
        # the derived search_text changes, which the history leaves out.
        form.instance.skip_history_when_saving = True
        try:
            form.instance.save(update_fields=["search_text"])
        finally:
            del form.instance.skip_history_when_saving

    def get_urls(self):
        # Before the default URLs, whose "<path:object_id>/" would take "import/".
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        # An import both creates and changes bodies.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_import_permission": self.has_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def import_csv_view(self, request):
        """Upload a bodies CSV file, preview what it would change, then confirm to import it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_import(request)
        context = {"upload_form": ImportUploadForm()}
        if request.method == "POST":
            context = self._preview_import(request)
        return self._render_import(request, context)

    def _preview_import(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return {"upload_form": form}
        staged = StagedUpload.create(form.cleaned_data["file"], request.session)
        report = staged.run_import(dry_run=True)
        if not report.ok:
            discard_pending(request.session)
            return {"upload_form": ImportUploadForm(), "report": report, "staged": staged}
        confirm_form = ImportConfirmForm(initial={"token": staged.token}, session=request.session)
        return {"confirm_form": confirm_form, "report": report, "staged": staged}

    def _confirm_import(self, request):
        form = ImportConfirmForm(request.POST, session=request.session)
        if not form.is_valid():
            for error in form.non_field_errors():
                messages.error(request, error)
            return redirect(request.path)
        staged = form.cleaned_data["upload"]
        try:
            # Opened here rather than through staged.run_import() so that the history
            # and the events record the curator and the name of the uploaded file.
            with staged.open() as file:
                report = import_bodies_csv(file=file, user=request.user, name=staged.name)
        except StaleUpload as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        except ImportBusy as exc:
            messages.error(
                request,
                _("%(problem)s Nothing was imported from %(name)s.")
                % {"problem": exc, "name": staged.name},
            )
            return redirect(request.path)
        finally:
            discard_pending(request.session)
        if not report.ok:
            # The database changed since the preview (reference data, most likely).
            context = {"upload_form": ImportUploadForm(), "report": report, "staged": staged}
            return self._render_import(request, context)
        messages.success(request, report.summary())
        changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        return redirect(reverse(changelist, current_app=self.admin_site.name))

    def _render_import(self, request, context):
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import bodies from CSV"),
            "columns": [(column, COLUMN_HELP[column]) for column in COLUMNS],
            **context,
        }
        return TemplateResponse(request, "admin/bodies/certificationbody/import_csv.html", context)
