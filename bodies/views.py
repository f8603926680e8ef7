"""Public directory views: home, search, body pages and the CSV export."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView
from django_countries.fields import Country

from accreditation.models import Standard
from bodies.exports import bodies_csv_rows
from bodies.models import CertificationBody
from bodies.search import BodySearch
from bodies.verdicts import verdicts_for


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            popular_standards=Standard.objects.popular()[:8],
            popular_countries=[
                (Country(row["country"]), row["n"])
                for row in CertificationBody.objects.country_counts()[:8]
            ],
            body_count=CertificationBody.objects.count(),
            **kwargs,
        )


class BodyListView(TemplateView):
    template_name = "bodies/certificationbody_list.html"

    def get_context_data(self, **kwargs):
        search = BodySearch(
            self.request.GET, version=getattr(self.request, "directory_version", None)
        )
        return super().get_context_data(search=search, **kwargs)


class BodyDetailView(DetailView):
    queryset = CertificationBody.objects.for_detail()

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            verdicts=verdicts_for(self.object, today),
            summary=self.object.accreditation_summary(today),
            **kwargs,
        )


class _Echo:
    """A file-like object whose ``write`` returns the line, so csv.writer can stream."""

    def write(self, value):
        return value


def export_csv(request):
    """The bodies of a search (every page) as CSV in the import format, streamed."""
    search = BodySearch(request.GET)
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in bodies_csv_rows(search.results()))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="certdir-bodies-{stamp}.csv"'
    return response
