"""The accreditation-body list's parameters: ``?iaf_mla=&ilac_mra=&sort=``."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accreditation.models import AccreditationBody, Signatory

SORT_CHOICES = [
    ("acronym", _("Acronym")),
    ("country", _("Country")),
    ("iaf_mla", _("IAF MLA status")),
    ("ilac_mra", _("ILAC MRA status")),
    ("bodies", _("Most accredited bodies")),
]
# Signatories first, then unconfirmed, then non-signatories.
SIGNATORY_RANK = {Signatory.YES: 0, Signatory.UNKNOWN: 1, Signatory.NO: 2}


class AccreditationBodyFilterSet(django_filters.FilterSet):
    iaf_mla = django_filters.ChoiceFilter(
        label="IAF MLA", choices=Signatory.choices, empty_label=_("Any")
    )
    ilac_mra = django_filters.ChoiceFilter(
        label="ILAC MRA", choices=Signatory.choices, empty_label=_("Any")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="no_filter"
    )

    class Meta:
        model = AccreditationBody
        fields = ["iaf_mla", "ilac_mra"]

    def no_filter(self, queryset, name, value):
        """Sorting happens after counting (see ``sorted_bodies``); it filters nothing."""
        return queryset

    @property
    def cleaned(self):
        """The valid parameters (invalid ones are dropped rather than failing the page)."""
        self.form.is_valid()
        return {
            name: "" if name in self.form.errors else self.form.cleaned_data.get(name) or ""
            for name in self.filters
        }

    def canonical(self):
        """The parameters as the page uses them, for the page cache's key."""
        return "&".join(f"{name}={value}" for name, value in sorted(self.cleaned.items()))

    def sorted_bodies(self, bodies):
        """``bodies`` (with ``current_body_count``) in the requested order."""
        sort = self.cleaned.get("sort") or "acronym"
        keys = {
            "acronym": lambda ab: ab.acronym.lower(),
            "country": lambda ab: (ab.country.name, ab.acronym.lower()),
            "iaf_mla": lambda ab: (SIGNATORY_RANK[ab.iaf_mla], ab.acronym.lower()),
            "ilac_mra": lambda ab: (SIGNATORY_RANK[ab.ilac_mra], ab.acronym.lower()),
            "bodies": lambda ab: (-ab.current_body_count, ab.acronym.lower()),
        }
        return sorted(bodies, key=keys[sort])
