"""Curation of reference data and accreditations in the Django admin.

Every curated model keeps its history (django-simple-history): who changed what and
when, viewable per record under "History", where any earlier version can be restored.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries.filters import CountryFilter
from modeltranslation.admin import TranslationAdmin
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import NotRegistered, translator
from simple_history.admin import SimpleHistoryAdmin

from accreditation.admin_status import StatusActionsMixin, record_edit, stored_before
from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    Recognition,
    SectorCode,
    Standard,
    stale_before,
    standard_slug,
)

SCOPE_FIELDS = ("standards", "sectors")


def in_every_language(field):
    """``field``'s column per language (accreditation/translation.py): searching the plain
    name would search the curator's language only."""
    return [f"{field}_{language}" for language in AVAILABLE_LANGUAGES]


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


EDIT_STAMP = "edit_stamp"


def edited_fields(model):
    """The fields a change form writes: editable concrete fields and many-to-many scope.

    Fields nobody edits (``updated_at``, the derived ``search_text``) are left out: a form
    cannot overwrite them, and they change with every save.
    """
    concrete = [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in translated_fields(model)
    ]
    return [*concrete, *(f for f in model._meta.many_to_many if f.editable)]


def translated_fields(model):
    """The fields kept per language (accreditation/translation.py): their plain column is
    not edited, their column per language ("title_fr") is."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def record_state(obj, scope=None):
    """``obj``'s edited fields as JSON-ready values: strings, None, sorted lists of keys.

    ``scope`` gives many-to-many values that are not (yet) stored, such as a form's.
    """
    state = {}
    for field in edited_fields(type(obj)):
        if field.many_to_many:
            related = (scope or {}).get(field.name)
            if related is None:
                related = getattr(obj, field.name).all()
            state[field.name] = sorted(str(item.pk) for item in related)
        elif field.value_from_object(obj) is None:
            state[field.name] = None
        else:
            state[field.name] = field.value_to_string(obj)
    return state


def stored_state(model, pk, *, lock=False):
    """The record's state as stored now, or None if there is no such record.

    With ``lock``, inside a transaction (the admin's change view is one), the row stays
    locked until the save is done, so nobody changes it between the check and the write.
    """
    queryset = model._base_manager.filter(pk=pk)
    if lock and transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        queryset = queryset.select_for_update()
    obj = queryset.first()
    return None if obj is None else record_state(obj)


def _stamp_salt(model, pk):
    return f"certdir.edit-stamp:{model._meta.label_lower}:{pk}"


def describe(field, value):
    """A stored value (from ``record_state``) as a curator reads it."""
    if value is None or value in ("", []):
        return _("empty")
    if field.many_to_many:
        items = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in items))
    if field.is_relation:
        item = field.related_model._base_manager.filter(pk=value).first()
        return str(item) if item is not None else _("a deleted record (#%(pk)s)") % {"pk": value}
    if isinstance(field, models.BooleanField):
        return _("yes") if value == "True" else _("no")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value


def conflict_message(model, then, now):
    if now is None:
        return _("Someone else deleted this record while you were editing. Nothing was saved.")
    if then is None:
        return _(
            "Someone else restored this record while you were editing. Nothing was saved. "
            "Reload to see it."
        )
    changes = [
        _("%(field)s is now %(now)s (was %(then)s)")
        % {
            "field": field.verbose_name,
            "now": describe(field, now.get(field.name)),
            "then": describe(field, then.get(field.name)),
        }
        for field in edited_fields(model)
        if then.get(field.name) != now.get(field.name)
    ]
    return _(
        "Someone else changed this record while you were editing: %(changes)s. "
        "Nothing was saved. Reload to see their changes, then make yours again."
    ) % {"changes": "; ".join(changes)}


class EditStampField(forms.CharField):
    """The signed state of the record when its form was shown, carried in a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        # The curator never edits it: an inline form whose only difference is its stamp
        # is unchanged and, as Django does for unchanged inline forms, not saved.
        return False


class EditStampForm(forms.ModelForm):
    """Optimistic locking: refuse to save over changes made since the form was shown.

    The form carries the state of its record (fields and scope) from when it was shown;
    ``clean()`` compares it with the state stored now and, if they differ, refuses the
    save with an error naming what changed. Nothing is overwritten: the curator reloads.
    """

    edit_stamp = EditStampField(label=gettext_lazy("Edit stamp"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state_now = None
        if self.instance.pk is not None and not self.is_bound:
            self.initial[EDIT_STAMP] = signing.dumps(
                self.shown_state(),
                salt=_stamp_salt(self._meta.model, self.instance.pk),
                compress=True,
            )

    def shown_state(self):
        model = self._meta.model
        # Reverting shows a past version (``_history``), not what is stored.
        if getattr(self.instance, "_history", None) is not None:
            return stored_state(model, self.instance.pk)
        # Otherwise the instance was read from the database for this very page.
        return record_state(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        model, pk = self._meta.model, self.instance.pk
        if pk is None:
            return cleaned_data
        self.state_now = stored_state(model, pk, lock=True)
        try:
            shown = signing.loads(cleaned_data.get(EDIT_STAMP) or "", salt=_stamp_salt(model, pk))
        except signing.BadSignature:
            raise ValidationError(
                _(
                    "This form lacks the stamp that tells whether someone else changed the "
                    "record meanwhile, or it is damaged. Nothing was saved. Reload the page and "
                    "make your changes again."
                ),
                code="edit_stamp",
            ) from None
        if shown != self.state_now:
            raise ValidationError(
                conflict_message(model, shown, self.state_now), code="edit_conflict"
            )
        return cleaned_data

    def changes_record(self):
        """Whether saving this valid form would change the stored record."""
        if self.instance.pk is None or self.state_now is None:
            return True
        scope = {
            field.name: self.cleaned_data[field.name]
            for field in self._meta.model._meta.many_to_many
            if field.name in self.cleaned_data
        }
        return record_state(self.instance, scope) != self.state_now


def with_edit_stamp(form_class):
    """``form_class`` with ``EditStampForm``'s stamp and check."""
    if issubclass(form_class, EditStampForm):
        return form_class
    return type(form_class.__name__, (EditStampForm, form_class), {})


class OptimisticLockInlineMixin:
    """For an inline: its forms carry an edit stamp (``EditStampForm``).

    The stamp goes in the first fieldset as a hidden input, only where the record can be
    changed (a view-only page would show it as an empty line).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = with_edit_stamp(self.form)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != EDIT_STAMP]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if obj is not None and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], EDIT_STAMP]})
        return fieldsets


class OptimisticLockMixin(OptimisticLockInlineMixin):
    """For a ModelAdmin: the change form carries an edit stamp (``EditStampForm``).

    An unchanged record is not saved: the save would only bump ``updated_at``, add an
    empty history record and flush every cached page. Unless one of its inlines changed:
    the record then counts as changed, as it always did.
    """

    def save_model(self, request, obj, form, change):
        if change and not getattr(form, "save_anyway", False) and not form.changes_record():
            form.save_skipped = True
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(form, "save_skipped", False) and any(f.has_changed() for f in formsets):
            form.save_skipped = False
            form.save_anyway = True
            self.save_model(request, form.instance, form, change)
        super().save_related(request, form, formsets, change)


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
        slug.help_text = _(
            'Leave blank to derive it from the code ("ISO/IEC 27001": "iso-iec-27001").'
        )

    def clean_slug(self):
        # Filled in here rather than by Standard.save() so the unique check sees it.
        return self.cleaned_data["slug"] or standard_slug(self.cleaned_data.get("code", ""))


# TranslationAdmin shows a translated field as one input per language ("Title [fr]"), with no
# script; its tabbed variants load jQuery UI from another host, which the CSP (and the rule of
# no request to another host) refuses.
@admin.register(Standard)
class StandardAdmin(OptimisticLockMixin, SimpleHistoryAdmin, TranslationAdmin):
    form = StandardAdminForm
    list_display = ["code", "edition", "title", "kind", "applies_to"]
    list_filter = ["kind", "applies_to"]
    search_fields = ["code", *in_every_language("title"), "slug"]


@admin.register(SectorCode)
class SectorCodeAdmin(OptimisticLockMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code__exact", *in_every_language("name")]


class RecognitionInline(OptimisticLockInlineMixin, ScopeFieldsMixin, admin.StackedInline):
    """The body's recognition claims, each with its source and quote."""

    model = Recognition
    extra = 0
    autocomplete_fields = ["casco_standard", "standards"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("casco_standard")


@admin.register(AccreditationBody)
class AccreditationBodyAdmin(OptimisticLockMixin, SimpleHistoryAdmin, TranslationAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "acronym",
        "name",
        "country",
        "region",
        "iaf_mla",
        "ilac_mra",
        "membership",
        "accreditation_count",
    ]
    list_filter = ["region", "iaf_mla", "ilac_mra", "membership", ("country", CountryFilter)]
    search_fields = ["acronym", *in_every_language("name")]
    prepopulated_fields = {"slug": ["acronym"]}
    # Explicit, because a query with an aggregate annotation drops Meta.ordering.
    ordering = ["acronym"]
    fields = [
        "acronym",
        "slug",
        "name",
        "country",
        "website",
        "complaints_url",
        "region",
        "iaf_mla",
        "ilac_mra",
        "membership",
        "membership_source",
        "membership_quote",
    ]
    inlines = [RecognitionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(accreditation_count=Count("accreditations"))

    @admin.display(description=gettext_lazy("accreditations"), ordering="accreditation_count")
    def accreditation_count(self, obj):
        return obj.accreditation_count


class CheckedFilter(admin.SimpleListFilter):
    """Records not checked against the register for over 12 months (or never), for curators."""

    title = gettext_lazy("last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", _("Over 12 months ago or never")), ("recent", _("In the last 12 months"))]

    def queryset(self, request, queryset):
        recent = Q(last_verified_on__gte=stale_before())
        if self.value() == "stale":
            return queryset.exclude(recent)
        if self.value() == "recent":
            return queryset.filter(recent)
        return queryset


class CurrentStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("current status")
    parameter_name = "current_status"

    def lookups(self, request, model_admin):
        return AccreditationStatus.choices

    def queryset(self, request, queryset):
        if self.value() in AccreditationStatus.values:
            return queryset.with_status(self.value())
        return queryset


@admin.register(Accreditation)
class AccreditationAdmin(
    StatusActionsMixin, OptimisticLockMixin, ScopeFieldsMixin, SimpleHistoryAdmin
):
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
        CheckedFilter,
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

    @admin.display(description=gettext_lazy("standards in scope"))
    def scope_standards(self, obj):
        return ", ".join(standard.code for standard in obj.standards.all())

    @admin.display(description=gettext_lazy("IAF sectors"))
    def scope_sectors(self, obj):
        return ", ".join(str(sector.code) for sector in obj.sectors.all())

    @admin.display(description=gettext_lazy("current status"), ordering="effective_status")
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
        obj.stored_before_edit = stored_before(obj)
        super().save_model(request, obj, form, change)
        if getattr(form, "save_skipped", False):
            return
        # Here rather than in save_related, which reverting to a past version skips.
        refresh_body_search_text(body_ids | {obj.body_id})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not getattr(form, "save_skipped", False):
            record_edit(request, form.instance, form.instance.stored_before_edit)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_body_search_text([obj.body_id])

    def delete_queryset(self, request, queryset):
        body_ids = set(queryset.values_list("body_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_body_search_text(body_ids)
