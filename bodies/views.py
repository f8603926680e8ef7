"""A body's page: its accreditations, a plain verdict per standard and a summary of them."""

from django.utils import timezone
from django.views.generic import DetailView

from bodies.models import CertificationBody
from bodies.verdicts import summarise, verdicts_for


class BodyDetailView(DetailView):
    queryset = CertificationBody.objects.for_detail()

    @classmethod
    def page_cache_variant(cls, request):
        """The body page reads no parameter."""
        return ""

    def get_context_data(self, **kwargs):
        verdicts = verdicts_for(self.object, timezone.localdate())
        # The headline is computed from the verdicts, so it cannot contradict them.
        return super().get_context_data(verdicts=verdicts, summary=summarise(verdicts), **kwargs)
