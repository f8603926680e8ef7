"""A body's page: its accreditations, a plain verdict per standard and a summary of them."""

from django.utils import timezone
from django.views.generic import DetailView

from accreditation.lookup import reference_rows
from accreditation.recognition import recognitions_for_version
from bodies.complaints import complaints_for
from bodies.loading import bodies_load_histories, body_by_slug
from bodies.models import CertificationBody
from bodies.ondate import histories, parse_on
from bodies.verdicts import summarise, verdicts_for


class BodyDetailView(DetailView):
    model = CertificationBody

    @classmethod
    def page_cache_variant(cls, request):
        """The date asked for (``on``), as parsed."""
        return parse_on(request.GET.get("on"), timezone.localdate()).cache_variant()

    def get_object(self, queryset=None):
        body = body_by_slug(self.kwargs[self.slug_url_kwarg])
        if body is None:
            # DetailView's own lookup, for its usual 404 (one query more, on a miss only).
            body = super().get_object(queryset)
        version = getattr(self.request, "directory_version", None)
        bodies_load_histories([body], reference_rows(version))
        return body

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        as_of = parse_on(self.request.GET.get("on"), today)
        version = getattr(self.request, "directory_version", None)
        recognitions = recognitions_for_version(version) if version is not None else None
        verdicts = verdicts_for(self.object, as_of.on, recognitions)
        # The headline is computed from the verdicts, so it cannot contradict them.
        return super().get_context_data(
            verdicts=verdicts,
            summary=summarise(verdicts),
            complaints=complaints_for(self.object, today),
            as_of=as_of,
            accreditations=histories(self.object, as_of),
            **kwargs,
        )
