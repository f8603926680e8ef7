"""``/api/v1/compare/?body=<slug>&body=<slug>``: the comparison page's rows as JSON (or CSV).

The same ``Selection`` and ``Comparison`` as ``/compare/``: the same bodies, the same
ignored values and the same verdicts, in four queries after the page cache's.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.response import Response

from api.base import PublicAPIView, origin, responses
from api.serializers import (
    BodySummarySerializer,
    IgnoredSerializer,
    VerdictSerializer,
    verdict_rows,
)
from compare.comparison import MAX_BODIES, MAX_VALUES, PARAM, Comparison, find_bodies
from compare.views import csv_response, parse_format, recognitions, selection

FORMATS = ("json", "csv")


class ComparedStandardSerializer(serializers.Serializer):
    standard = serializers.CharField(help_text=gettext_lazy("The standard's code."))
    everyone = serializers.BooleanField(
        help_text=gettext_lazy("Every body compared is accredited for it, whatever the status.")
    )
    differs = serializers.BooleanField(
        help_text=gettext_lazy("The bodies' statuses or recognition for it are not all alike.")
    )
    verdicts = serializers.ListField(
        child=VerdictSerializer(allow_null=True),
        help_text=gettext_lazy(
            "One per body, in `bodies` order: null where the body is not accredited "
            "for the standard."
        ),
    )


class ComparedRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    differs = serializers.BooleanField()
    values = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("One list per body, in `bodies` order (empty: none on record)."),
    )


class ComparisonSerializer(serializers.Serializer):
    bodies = BodySummarySerializer(
        many=True,
        help_text=format_lazy(gettext_lazy("2 to {max}, in the query's order."), max=MAX_BODIES),
    )
    standards = ComparedStandardSerializer(
        many=True, help_text=gettext_lazy("Standards every body covers first, then by code.")
    )
    rows = ComparedRowSerializer(
        many=True,
        help_text=gettext_lazy(
            "Country and city, CASCO standards, IAF sectors, accreditation bodies, last verified."
        ),
    )
    ignored = IgnoredSerializer(many=True)
    ignored_more = serializers.IntegerField(
        help_text=gettext_lazy("Values beyond the first 20, not read.")
    )


def comparison_data(comparison):
    """The comparison as ``ComparisonSerializer`` reads it."""
    by_code = [
        {row["standard"]: row for row in verdict_rows(set(column.verdicts.values()))}
        for column in comparison.columns
    ]
    standards = [
        {
            "standard": row.code,
            "everyone": row.everyone,
            "differs": row.differs,
            "verdicts": [rows.get(row.code) for rows in by_code],
        }
        for row in comparison.standard_rows()
    ]
    facts = [comparison.place_row(), *comparison.fact_rows()]
    return {
        "bodies": comparison.bodies,
        "standards": standards,
        "rows": [
            {"label": row.label, "differs": row.differs, "values": [list(v) for v in row.values]}
            for row in facts
        ],
    }


EXAMPLE_SLUGS = ["tuv-sud", "bureau-veritas"]
BODY_PARAMETER = OpenApiParameter(
    PARAM,
    OpenApiTypes.STR,
    many=True,
    explode=True,
    description=format_lazy(
        gettext_lazy(
            "A body's slug, repeated for each body: 2 to {max} bodies. Unknown, repeated and "
            "surplus slugs are left out and listed in `ignored`; at most {values} values are read."
        ),
        max=MAX_BODIES,
        values=MAX_VALUES,
    ),
    examples=[
        OpenApiExample("not given", value=[], summary=gettext_lazy("(not given)")),
        OpenApiExample("body", value=EXAMPLE_SLUGS, summary=", ".join(EXAMPLE_SLUGS)),
    ],
)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=list(FORMATS),
    default="json",
    description=gettext_lazy("`csv` for the comparison as CSV (one column per body)."),
    examples=[
        OpenApiExample("not given", value="", summary=gettext_lazy("(not given)")),
        OpenApiExample("format", value="csv", summary="csv"),
    ],
)


class CompareView(PublicAPIView):
    @classmethod
    def page_cache_variant(cls, request):
        """The parsed selection and format, never the raw query string."""
        format_, ignored = parse_format(request, FORMATS)
        parts = [origin(request), format_, selection(request).cache_key()]
        return "|".join([*parts, *(i.value for i in ignored)])

    @extend_schema(
        operation_id="compare",
        summary=gettext_lazy("Compare bodies"),
        description=gettext_lazy(
            "Two to four bodies side by side, as on `/compare/`: each body's verdict "
            "for every standard any of them is accredited for, and their scope."
        ),
        parameters=[BODY_PARAMETER, FORMAT_PARAMETER],
        responses=responses(
            {
                (200, "application/json"): ComparisonSerializer,
                (200, "text/csv"): OpenApiResponse(
                    OpenApiTypes.STR, description=gettext_lazy("With `format=csv`.")
                ),
            }
        ),
    )
    def get(self, request):
        django_request = request._request
        format_, ignored_format = parse_format(django_request, FORMATS)
        parsed = selection(django_request)
        bodies, ignored = find_bodies(parsed)
        context = self.serializer_context()
        comparison = Comparison(bodies, context["today"], recognitions(django_request))
        if format_ == "csv":
            return csv_response(django_request, comparison)
        data = {
            **comparison_data(comparison),
            "ignored": [*ignored, *ignored_format],
            "ignored_more": parsed.ignored_more,
        }
        return Response(ComparisonSerializer(data, context=context).data)
