"""``POST /api/v1/checks/``: the bulk check of ``/check/`` with JSON.

The rows are validated by the page's own rules (``checks.rows``) and answered by the same
service (``checks.service``), so a row gets the verdict and sentence the page shows. The
request's size is bounded twice: by the request-body limit every anonymous request has
(1 MiB) and by ``MAX_ROWS``. Checks have their own rate limit, shared with the page.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from api.base import RATE_LIMITED, PublicAPIView
from checks.files import MAX_ROWS
from checks.rows import RowProblems, parse_rows
from checks.service import VERDICTS, check_rows
from checks.views import RATE_LIMIT

MATCHES = [
    ("number", gettext_lazy("By accreditation number")),
    ("exact", gettext_lazy("By name")),
    ("alias", gettext_lazy("By another name")),
    ("close", gettext_lazy("By a close name")),
    ("", gettext_lazy("Not matched (not found, or ambiguous)")),
]


class CheckRowSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=255,
        help_text=gettext_lazy(
            "The certification body's name, other name or accreditation number."
        ),
    )
    standard = serializers.CharField(
        max_length=60, help_text=gettext_lazy('A standard\'s code, e.g. "ISO 9001".')
    )
    country = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2,
        help_text=gettext_lazy("ISO 3166-1 alpha-2 (optional)."),
    )
    date = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text=gettext_lazy("YYYY-MM-DD; today when left out."),
    )


class CheckRequestSerializer(serializers.Serializer):
    rows = CheckRowSerializer(many=True, min_length=1, max_length=MAX_ROWS)


class BodyRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    country = serializers.CharField(help_text=gettext_lazy("ISO 3166-1 alpha-2."))
    url = serializers.SerializerMethodField(help_text=gettext_lazy("The body's page on the site."))

    @extend_schema_field(serializers.URLField())
    def get_url(self, ref):
        # The English page whatever the answer's language (``PageURLField``'s reason).
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("bodies:detail", kwargs={"slug": ref["slug"]})
        return self.context["request"].build_absolute_uri(path)


class CheckedAccreditationBodySerializer(serializers.Serializer):
    acronym = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.SlugField()


class CheckResultSerializer(serializers.Serializer):
    input = CheckRowSerializer(help_text=gettext_lazy("The row as given."))
    date = serializers.DateField(help_text=gettext_lazy("The date the verdict is for."))
    verdict = serializers.ChoiceField(
        VERDICTS, help_text=gettext_lazy("What CertDir's records say.")
    )
    match = serializers.ChoiceField(MATCHES, help_text=gettext_lazy("How the body was found."))
    body = BodyRefSerializer(
        allow_null=True, help_text=gettext_lazy("The body found, if exactly one was.")
    )
    candidates = BodyRefSerializer(
        many=True, help_text=gettext_lazy("The bodies it could be, when ambiguous.")
    )
    accreditation_body = CheckedAccreditationBodySerializer(allow_null=True)
    accreditation_number = serializers.CharField(
        help_text=gettext_lazy("Empty without a verdict for it.")
    )
    arrangement = serializers.ChoiceField(
        ["IAF MLA", "ILAC MRA"],
        allow_null=True,
        help_text=gettext_lazy("The arrangement covering it."),
    )
    recognised = serializers.BooleanField(
        allow_null=True,
        help_text=gettext_lazy(
            "Whether the accreditation body's signature of that arrangement covers it "
            "(null: not confirmed, or no accreditation)."
        ),
    )
    sentence = serializers.CharField(
        help_text=gettext_lazy("The verdict in words, in the answer's language, as on the page.")
    )


class CheckResponseSerializer(serializers.Serializer):
    results = CheckResultSerializer(many=True, help_text=gettext_lazy("One per row, in order."))


class ProblemsSerializer(serializers.Serializer):
    detail = serializers.CharField()
    problems = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=gettext_lazy("One per problem (absent when the body is not JSON)."),
    )


def _flatten(errors, prefix=""):
    """DRF's nested validation errors as "rows[3].date: ..." lines."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == "non_field_errors":
                name = prefix
            elif isinstance(key, int) or str(key).isdigit():
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, name)
    elif isinstance(errors, list) and errors and not isinstance(errors[0], str):
        for position, value in enumerate(errors):
            if value:
                yield from _flatten(value, f"{prefix}[{position}]")
    else:
        for message in errors:
            yield f"{prefix}: {message}" if prefix else str(message)


class CheckView(PublicAPIView):
    http_method_names = ["post", "options"]
    parser_classes = [JSONParser]
    rate_limit = RATE_LIMIT
    etag = False

    @extend_schema(
        operation_id="checks_create",
        summary=gettext_lazy("Check bodies in bulk"),
        description=format_lazy(
            gettext_lazy(
                "Up to {rows} rows, each a body (name, other name or accreditation number), a "
                "standard and optionally a country and a date; one result per row, in order. "
                '`not_found` means not in CertDir\'s records, never "not accredited".'
            ),
            rows=lazy(number_format, str)(MAX_ROWS, force_grouping=True),
        ),
        request=CheckRequestSerializer,
        responses={
            (200, "application/json"): CheckResponseSerializer,
            (400, "application/json"): OpenApiResponse(
                ProblemsSerializer,
                description=gettext_lazy("Rows the check cannot use, each named."),
            ),
            (429, "application/json"): RATE_LIMITED,
        },
        examples=[
            OpenApiExample(
                "One row",
                request_only=True,
                value={"rows": [{"body": "Example Certification Ltd", "standard": "ISO 9001"}]},
            )
        ],
    )
    def post(self, request):
        request_data = CheckRequestSerializer(data=request.data)
        if not request_data.is_valid():
            problems = list(_flatten(request_data.errors))
            return Response(
                {"detail": _("The request cannot be checked."), "problems": problems}, 400
            )
        raw = list(enumerate(request_data.validated_data["rows"]))
        try:
            rows = parse_rows(raw, timezone.localdate(), where=lambda i: f"rows[{i}]")
        except RowProblems as exc:
            more = [_("… and %(count)s more") % {"count": exc.more}] if exc.more else []
            return Response(
                {"detail": _("Some rows cannot be checked."), "problems": [*exc.problems, *more]},
                400,
            )
        results = CheckResponseSerializer(
            {"results": check_rows(rows)}, context={"request": request}
        )
        return Response(results.data)
