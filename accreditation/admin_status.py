"""The admin's status actions (suspend, withdraw, reinstate) and the events of edits.

Each action first asks for the date the change took effect (today by default) and a link
to the accreditation body's notice, then changes the status and records the event of
each accreditation (``accreditation.services``).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accreditation.events import AccreditationEvent, EventOrigin
from accreditation.models import Accreditation, AccreditationStatus
from accreditation.services import accreditation_change_status, edit_events


class StatusChangeForm(forms.Form):
    effective_on = forms.DateField(
        label=gettext_lazy("Effective date"),
        help_text=gettext_lazy(
            "When the change took effect, as the accreditation body says (YYYY-MM-DD)."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source_url = forms.URLField(
        label=gettext_lazy("Source"),
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text=gettext_lazy("A link to the accreditation body's notice or register entry."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_effective_on(self):
        value = self.cleaned_data["effective_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The effective date cannot be in the future."))
        return value


class StatusActionsMixin:
    """Suspend, withdraw and reinstate, each asking for the effective date and a source."""

    actions = ["suspend", "withdraw", "reinstate"]

    def _change_status(self, request, queryset, status, action):
        if "apply" in request.POST:
            form = StatusChangeForm(request.POST)
            if form.is_valid():
                return self._set_status(request, queryset, status, **form.cleaned_data)
        else:
            form = StatusChangeForm(initial={"effective_on": timezone.localdate()})
        label = AccreditationStatus(status).label.lower()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Status %(status)s: when did it take effect?") % {"status": label},
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action": action,
            "status_label": label,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accreditation/status_change.html", context)

    def _set_status(self, request, queryset, status, effective_on, source_url="", note=""):
        """Store ``status`` on the selected accreditations, logging and recording each change."""
        changed = accreditation_change_status(
            accreditations=list(queryset),
            status=status,
            effective_on=effective_on,
            source_url=source_url,
            note=note,
            origin=EventOrigin.ADMIN,
            user=request.user,
        )
        if changed:
            message = f"Status set to {AccreditationStatus(status).label} by action."
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changed,
                action_flag=CHANGE,
                change_message=message,
            )
            record_bulk_history = import_string(settings.BULK_HISTORY_WRITER)
            record_bulk_history(
                Accreditation,
                [a.pk for a in changed],
                update=True,
                user=request.user,
                reason=message,
            )
        self.message_user(
            request,
            ngettext(
                "%(status)s: %(count)d accreditation changed.",
                "%(status)s: %(count)d accreditations changed.",
                len(changed),
            )
            % {"status": AccreditationStatus(status).label, "count": len(changed)},
            messages.SUCCESS,
        )
        today = timezone.localdate()
        lapsed = [a for a in changed if a.valid_until and a.valid_until < today]
        if status == AccreditationStatus.ACTIVE and lapsed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d reinstated accreditation is past its valid-until date and still "
                    "counts as expired: %(list)s",
                    "%(count)d reinstated accreditations are past their valid-until date and "
                    "still count as expired: %(list)s",
                    len(lapsed),
                )
                % {"count": len(lapsed), "list": ", ".join(str(a) for a in lapsed)},
                messages.WARNING,
            )
        return None

    @admin.action(
        description=gettext_lazy("Suspend selected accreditations"), permissions=["change"]
    )
    def suspend(self, request, queryset):
        return self._change_status(request, queryset, AccreditationStatus.SUSPENDED, "suspend")

    @admin.action(
        description=gettext_lazy("Withdraw selected accreditations"), permissions=["change"]
    )
    def withdraw(self, request, queryset):
        return self._change_status(request, queryset, AccreditationStatus.WITHDRAWN, "withdraw")

    @admin.action(
        description=gettext_lazy("Reinstate selected accreditations (active)"),
        permissions=["change"],
    )
    def reinstate(self, request, queryset):
        return self._change_status(request, queryset, AccreditationStatus.ACTIVE, "reinstate")


def stored_before(accreditation):
    """``(status, standard pks)`` as stored, for ``edit_events``; None for a new one."""
    if accreditation.pk is None:
        return None
    stored = Accreditation.objects.filter(pk=accreditation.pk).values_list("status", flat=True)
    standards = Accreditation.standards.through.objects.filter(accreditation=accreditation)
    return (stored.first(), list(standards.values_list("standard_id", flat=True)))


def record_edit(request, accreditation, before):
    """Record the events an admin edit of ``accreditation`` implies (date not on record)."""
    AccreditationEvent.objects.bulk_create(
        edit_events(accreditation, before, origin=EventOrigin.ADMIN, user=request.user)
    )
