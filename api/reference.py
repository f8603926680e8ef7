"""The reference data: accreditation bodies, standards and IAF sectors, with how many bodies
each vouches for today, counted as their pages count them (``AccreditationQuerySet``)."""

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accreditation.filters import AccreditationBodyFilterSet
from accreditation.models import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    SectorCode,
    Standard,
)
from api.base import SLUG_PARAMETER, PublicAPIView, origin, responses
from api.schema import FilterSetSchema
from api.serializers import (
    AccreditationBodyDetailSerializer,
    AccreditationBodySerializer,
    SectorSerializer,
    StandardSerializer,
    list_serializer,
)
from search.criteria import Ignored

AccreditationBodyList = list_serializer("AccreditationBodyList", AccreditationBodySerializer)
StandardList = list_serializer("StandardList", StandardSerializer)
SectorList = list_serializer("SectorList", SectorSerializer)


class CurrentCounts(PublicAPIView):
    @cached_property
    def current(self):
        """Accreditations active today (not past their valid-until date)."""
        return Accreditation.objects.with_status(AccreditationStatus.ACTIVE, timezone.localdate())

    def with_counts(self, standards, accreditations=None):
        """``standards`` with ``current_body_count``, as the standards' pages count."""
        accreditations = self.current if accreditations is None else accreditations
        counts = accreditations.standard_body_counts(standards)
        for standard in standards:
            standard.current_body_count = counts.get(standard.pk, 0)
        return standards


def ab_filterset(request):
    """The accreditation-body list's filter set for the request, and the values it left
    out (as the search lists them: the page drops them silently)."""
    filterset = getattr(request, "api_ab_filterset", None)
    if filterset is None:
        filterset = AccreditationBodyFilterSet(
            request.GET, queryset=AccreditationBody.objects.all()
        )
        filterset.cleaned  # noqa: B018 (validates the form)
        filterset.ignored = [
            Ignored(name, request.GET.get(name, "")[:60], "unknown value")
            for name in filterset.form.errors
        ]
        request.api_ab_filterset = filterset
    return filterset


class AccreditationBodyListView(CurrentCounts):
    schema = FilterSetSchema()

    @classmethod
    def page_cache_variant(cls, request):
        """The valid parameters and the ignored ones, never the raw query string."""
        filterset = ab_filterset(request)
        ignored = "".join(f"\x1f{i.param}={i.value}" for i in filterset.ignored)
        return f"{origin(request)}|{filterset.canonical()}{ignored}"

    @staticmethod
    def schema_filterset():
        """The filter set whose filters the schema describes: the list page's own."""
        return AccreditationBodyFilterSet()

    @extend_schema(
        operation_id="accreditation_bodies_list",
        summary=gettext_lazy("Accreditation bodies"),
        description=gettext_lazy(
            "Every accreditation body, with its IAF MLA and ILAC MRA status and how "
            "many bodies it accredits today; the parameters of `/accreditation-bodies/`."
        ),
        responses=responses(AccreditationBodyList),
    )
    def get(self, request):
        filterset = ab_filterset(request._request)
        counts = self.current.body_counts("accreditation_body")
        abs_ = list(filterset.qs)
        for ab in abs_:
            ab.current_body_count = counts.get(ab.pk, 0)
        data = {
            "count": len(abs_),
            "results": filterset.sorted_bodies(abs_),
            "ignored": filterset.ignored,
        }
        return Response(AccreditationBodyList(data, context=self.serializer_context()).data)


class AccreditationBodyDetailView(CurrentCounts):
    @extend_schema(
        operation_id="accreditation_bodies_retrieve",
        summary=gettext_lazy("One accreditation body"),
        description=gettext_lazy(
            "The accreditation body, how many bodies it accredits today and has "
            "ever accredited, and today's by CASCO standard (kind of body)."
        ),
        parameters=[SLUG_PARAMETER],
        responses=responses(AccreditationBodyDetailSerializer, not_found=True),
    )
    def get(self, request, slug):
        ab = AccreditationBody.objects.filter(slug=slug).first()
        if ab is None:
            raise NotFound(_("No accreditation body has the slug %(slug)s.") % {"slug": repr(slug)})
        by_this = self.current.filter(accreditation_body=ab)
        ab.current_body_count = by_this.body_count()
        ab.total_body_count = ab.accreditations.body_count()
        by_casco = [
            s
            for s in self.with_counts(list(Standard.objects.casco()), by_this)
            if s.current_body_count
        ]
        ab.by_casco = sorted(by_casco, key=lambda s: (-s.current_body_count, s.code))
        context = self.serializer_context()
        return Response(AccreditationBodyDetailSerializer(ab, context=context).data)


class StandardListView(CurrentCounts):
    @extend_schema(
        operation_id="standards_list",
        summary=gettext_lazy("Standards"),
        description=gettext_lazy(
            "The certifiable standards, then the CASCO standards bodies are "
            "accredited to, each with how many bodies are accredited for (or to) it today."
        ),
        responses=responses(StandardList),
    )
    def get(self, request):
        standards = self.with_counts(list(Standard.objects.all()))
        data = {"count": len(standards), "results": standards}
        return Response(StandardList(data, context=self.serializer_context()).data)


class StandardDetailView(CurrentCounts):
    @extend_schema(
        operation_id="standards_retrieve",
        summary=gettext_lazy("One standard"),
        parameters=[SLUG_PARAMETER],
        responses=responses(StandardSerializer, not_found=True),
    )
    def get(self, request, slug):
        standard = Standard.objects.filter(slug=slug).first()
        if standard is None:
            raise NotFound(_("No standard has the slug %(slug)s.") % {"slug": repr(slug)})
        field = "casco_standard" if standard.is_casco else "standards"
        standard.current_body_count = self.current.filter(**{field: standard}).body_count()
        return Response(StandardSerializer(standard, context=self.serializer_context()).data)


class SectorListView(PublicAPIView):
    @extend_schema(
        operation_id="sectors_list",
        summary=gettext_lazy("IAF sectors"),
        description=gettext_lazy(
            "The 39 IAF/EA sector codes (IAF ID 1) the `sector` parameter takes."
        ),
        responses=responses(SectorList),
    )
    def get(self, request):
        sectors = list(SectorCode.objects.all())
        data = {"count": len(sectors), "results": sectors}
        return Response(SectorList(data, context=self.serializer_context()).data)
