"""The pages of accreditation bodies and standards, with how many bodies each vouches for."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView

from accreditation.filters import AccreditationBodyFilterSet
from accreditation.models import Accreditation, AccreditationBody, AccreditationStatus, Standard
from accreditation.recognition import claims, international_standing


class CurrentCountsMixin:
    """Counts of bodies currently accredited, from the accreditations (one query each)."""

    @classmethod
    def page_cache_variant(cls, request):
        """These pages read no parameter: one cached page per path."""
        return ""

    @cached_property
    def current(self):
        """Accreditations active today (not past their valid-until date)."""
        return Accreditation.objects.with_status(AccreditationStatus.ACTIVE, timezone.localdate())

    def with_counts(self, standards, accreditations=None):
        """``standards`` with ``body_count``: bodies currently accredited for or to each."""
        accreditations = self.current if accreditations is None else accreditations
        counts = accreditations.standard_body_counts(standards)
        for standard in standards:
            standard.body_count = counts.get(standard.pk, 0)
        return standards


class AccreditationBodyListView(CurrentCountsMixin, ListView):
    model = AccreditationBody
    template_name = "accreditation/accreditationbody_list.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The valid filter and sort parameters, never the raw query string."""
        return AccreditationBodyFilterSet(request.GET).canonical()

    def get_queryset(self):
        self.filterset = AccreditationBodyFilterSet(
            self.request.GET, queryset=AccreditationBody.objects.all()
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        counts = self.current.body_counts("accreditation_body")
        for ab in self.object_list:
            ab.current_body_count = counts.get(ab.pk, 0)
        return super().get_context_data(
            filterset=self.filterset,
            bodies=self.filterset.sorted_bodies(self.object_list),
            **kwargs,
        )


class AccreditationBodyDetailView(CurrentCountsMixin, DetailView):
    model = AccreditationBody
    context_object_name = "ab"
    template_name = "accreditation/accreditationbody_detail.html"

    def get_context_data(self, **kwargs):
        by_this = self.current.filter(accreditation_body=self.object)
        by_casco = [
            s for s in self.with_counts(list(Standard.objects.casco()), by_this) if s.body_count
        ]
        by_casco.sort(key=lambda s: (-s.body_count, s.code))
        recognition = claims(self.object)
        return super().get_context_data(
            claims=recognition,
            standing=international_standing(self.object, recognition),
            current_count=by_this.body_count(),
            total_count=self.object.accreditations.body_count(),
            by_casco=by_casco,
            **kwargs,
        )


class AboutDataView(TemplateView):
    """Where the records come from, how fresh they are and how verdicts are worked out."""

    template_name = "accreditation/about_data.html"

    @classmethod
    def page_cache_variant(cls, request):
        """The page reads no parameter."""
        return ""


class StandardListView(CurrentCountsMixin, ListView):
    model = Standard
    template_name = "accreditation/standard_list.html"

    def get_context_data(self, **kwargs):
        standards = self.with_counts(list(self.object_list))
        return super().get_context_data(
            certifiable=[s for s in standards if not s.is_casco],
            casco=[s for s in standards if s.is_casco],
            **kwargs,
        )


class StandardDetailView(CurrentCountsMixin, DetailView):
    model = Standard
    template_name = "accreditation/standard_detail.html"

    def get_context_data(self, **kwargs):
        field = "casco_standard" if self.object.is_casco else "standards"
        count = self.current.filter(**{field: self.object}).body_count()
        return super().get_context_data(
            current_count=count,
            param="casco" if self.object.is_casco else "standard",
            **kwargs,
        )
