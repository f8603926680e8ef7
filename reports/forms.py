"""The public's form for reporting a wrong record: bounded, and with a trap for robots."""

from django import forms
from django.core.validators import URLValidator
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from reports.models import DETAILS_MAX_LENGTH, URL_MAX_LENGTH, Report

# The field robots fill in and people never see (hidden by the stylesheet).
TRAP_FIELD = "nickname"


class ReportForm(forms.ModelForm):
    problem = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Problem.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("What should the record say?"),
        help_text=format_lazy(
            _("What is wrong and what is right, in at most {count} characters."),
            # Grouped as the reader's language groups digits ("2,000", "2 000", "2.000").
            count=lazy(number_format, str)(DETAILS_MAX_LENGTH, force_grouping=True),
        ),
        max_length=DETAILS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": DETAILS_MAX_LENGTH}),
    )
    source_url = forms.URLField(
        label=_("Source (optional)"),
        help_text=_(
            "A link to where this can be checked, such as the accreditation body's register."
        ),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        help_text=_("Only if you would like a reply. It is never published."),
        required=False,
    )
    nickname = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Report
        fields = ["problem", "details", "source_url", "email"]

    @property
    def trapped(self):
        """Whether a robot filled in the field people never see."""
        return bool(self.cleaned_data.get(TRAP_FIELD))
