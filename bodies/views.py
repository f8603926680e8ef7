"""A body's page: its accreditations and a plain verdict per standard."""

from django.utils import timezone
from django.views.generic import DetailView

from bodies.models import CertificationBody
from bodies.verdicts import verdicts_for


class BodyDetailView(DetailView):
    queryset = CertificationBody.objects.for_detail()

    @classmethod
    def page_cache_variant(cls, request):
        """The body page reads no parameter."""
        return ""

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            verdicts=verdicts_for(self.object, today),
            summary=self.object.accreditation_summary(today),
            **kwargs,
        )
