"""Public directory views: home, search, body pages, the CSV export, and the pages of
accreditation bodies and standards."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView
from django_countries.fields import Country

from accreditation.models import AccreditationBody, Standard
from bodies.csvio.exporter import bodies_csv_rows
from bodies.index import index_for_version
from bodies.models import CertificationBody
from bodies.search import BodySearch
from bodies.verdicts import verdicts_for


class IndexCountsMixin:
    """Counts of currently accredited bodies from the search index (no SQL aggregates)."""

    @cached_property
    def index(self):
        return index_for_version(getattr(self.request, "directory_version", None))

    @cached_property
    def today(self):
        return timezone.localdate()

    def with_counts(self, standards, accreditation_body=None):
        """``standards`` with ``body_count``: bodies currently accredited for or to each."""
        in_scope, as_casco, _ = self.index.current_body_counts(self.today, accreditation_body)
        for standard in standards:
            counts = as_casco if standard.is_casco else in_scope
            standard.body_count = counts.get(standard.pk, 0)
        return standards


class HomeView(IndexCountsMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        standards = self.with_counts(list(Standard.objects.certifiable()))
        standards.sort(key=lambda s: (-s.body_count, s.code))
        return super().get_context_data(
            popular_standards=standards[:8],
            popular_countries=[
                (Country(code), count) for code, count in self.index.country_counts()[:8]
            ],
            body_count=self.index.n_bodies,
            **kwargs,
        )


class AccreditationBodyListView(IndexCountsMixin, ListView):
    model = AccreditationBody
    template_name = "accreditation/accreditationbody_list.html"

    def get_context_data(self, **kwargs):
        _, _, counts = self.index.current_body_counts(self.today)
        for ab in self.object_list:
            ab.current_body_count = counts.get(ab.pk, 0)
        return super().get_context_data(**kwargs)


class AccreditationBodyDetailView(IndexCountsMixin, DetailView):
    model = AccreditationBody
    context_object_name = "ab"
    template_name = "accreditation/accreditationbody_detail.html"

    def get_context_data(self, **kwargs):
        _, _, counts = self.index.current_body_counts(self.today)
        by_casco = [
            s for s in self.with_counts(list(Standard.objects.casco()), self.object) if s.body_count
        ]
        by_casco.sort(key=lambda s: (-s.body_count, s.code))
        return super().get_context_data(
            current_count=counts.get(self.object.pk, 0),
            total_count=self.index.bodies_accredited_by(self.object),
            by_casco=by_casco,
            **kwargs,
        )


class StandardListView(IndexCountsMixin, ListView):
    model = Standard
    template_name = "accreditation/standard_list.html"

    def get_context_data(self, **kwargs):
        standards = self.with_counts(list(self.object_list))
        return super().get_context_data(
            certifiable=[s for s in standards if not s.is_casco],
            casco=[s for s in standards if s.is_casco],
            **kwargs,
        )


class StandardDetailView(IndexCountsMixin, DetailView):
    model = Standard
    template_name = "accreditation/standard_detail.html"

    def get_context_data(self, **kwargs):
        self.with_counts([self.object])
        return super().get_context_data(
            current_count=self.object.body_count,
            param="casco" if self.object.is_casco else "standard",
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
