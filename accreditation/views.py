"""Public pages for accreditation bodies and standards."""

from django.views.generic import DetailView, ListView

from accreditation.models import Accreditation, AccreditationBody, Standard


class AccreditationBodyListView(ListView):
    queryset = AccreditationBody.objects.with_body_counts()


class AccreditationBodyDetailView(DetailView):
    model = AccreditationBody
    context_object_name = "ab"

    def get_context_data(self, **kwargs):
        accreditations = Accreditation.objects.filter(accreditation_body=self.object)
        by_casco = (
            Standard.objects.casco()
            .with_body_counts(accreditation_body=self.object)
            .filter(body_count__gt=0)
            .order_by("-body_count", "code")
        )
        return super().get_context_data(
            current_count=accreditations.current().values("body").distinct().count(),
            total_count=accreditations.values("body").distinct().count(),
            by_casco=by_casco,
            **kwargs,
        )


class StandardListView(ListView):
    queryset = Standard.objects.with_body_counts()

    def get_context_data(self, **kwargs):
        standards = list(self.object_list)
        return super().get_context_data(
            certifiable=[s for s in standards if not s.is_casco],
            casco=[s for s in standards if s.is_casco],
            **kwargs,
        )


class StandardDetailView(DetailView):
    queryset = Standard.objects.with_body_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            current_count=self.object.body_count,
            param="casco" if self.object.is_casco else "standard",
            **kwargs,
        )
