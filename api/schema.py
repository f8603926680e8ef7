"""The OpenAPI description of the API's query parameters, made from the filter sets that
parse them.

Nothing here lists the search's parameters again: ``filter_parameters`` walks a filter
set's filters when the schema is generated (name, label, help text, whether it repeats,
and the allowed values, which for standards, CASCO standards and accreditation bodies
come from the reference data of the current directory version), so the published
contract cannot drift from the parser. Only the API's own parameters (``cursor``,
``page_size``, ``facets``, ``format``) are described by hand, beside their parser in
``api.options``.

Descriptions are in the language of the request for the schema (``?lang=``): the filters'
labels and the texts here are translated when the schema is made.
"""

import django_filters
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

from api.options import FORMATS, MAX_PAGE_SIZE, encode_cursor
from search.filters import MAX_QUERY_LENGTH
from search.presenter import PAGE_SIZE

# Preferred examples, used when they are allowed values (else the first allowed value).
EXAMPLES = {
    "q": "iso 27001 poland",
    "standard": "iso-iec-27001",
    "casco": "iso-iec-17021-1",
    "ab": "pca",
    "sector": "33",
    "country": "PL",
    "status": "accredited",
    "recognised": "yes",
    "literal": "yes",
    "expires": "2027-06",
    "granted": "2020",
    "sort": "name",
    "iaf_mla": "yes",
    "ilac_mra": "yes",
}
# Allowed values are spelt out with their labels in the description up to this many
# (country codes, ISO 3166-1 alpha-2, need no spelling out).
LABELLED_UP_TO = 60


def _description(name, filter_, field, choices, many):
    parts = [str(filter_.label).rstrip(".") + "."]
    help_text = filter_.extra.get("help_text")
    if help_text:
        parts.append(str(help_text))
    if name == "q":
        parts.append(
            gettext(
                "Every word must appear in the body's names, city or accreditation numbers; "
                "longer text is shortened to %(count)s characters. Words naming a standard, "
                "country, accreditation body, kind of body or IAF sector become those filters "
                "(see `understood` in the response) unless `literal=yes`."
            )
            % {"count": MAX_QUERY_LENGTH}
        )
    if many:
        parts.append(
            gettext("Repeat the parameter for several values; at most %(count)s are used.")
            % {"count": field.max_values}
        )
    if name == "country":
        parts.append(gettext("An ISO 3166-1 alpha-2 code (upper or lower case)."))
    elif name == "sector":
        parts.append(gettext("An IAF sector code; `/api/v1/sectors/` names them."))
    elif choices and len(choices) <= LABELLED_UP_TO and any(k != v for k, v in choices):
        values = "; ".join(f"`{k}`: {v}" for k, v in choices)
        parts.append(gettext("Allowed values: %(values)s.") % {"values": values})
    if choices:
        parts.append(gettext("A value that is not allowed is left out and listed in `ignored`."))
    return " ".join(parts)


def filter_parameters(filterset):
    """OpenAPI query parameters for every filter of ``filterset`` (an instance, whose
    filters carry the values this directory version accepts), in its order."""
    parameters = []
    for name, filter_ in filterset.filters.items():
        field = filter_.field
        choices = [
            (str(key), str(label)) for key, label in getattr(field, "choices", ()) if key != ""
        ]
        values = [key for key, _ in choices]
        many = isinstance(filter_, django_filters.MultipleChoiceFilter)
        example = EXAMPLES.get(name, values[0] if values else "")
        if values and example not in values:
            example = values[0]
        parameters.append(
            OpenApiParameter(
                name,
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description=_description(name, filter_, field, choices, many),
                enum=values or None,
                many=many,
                style="form" if many else None,
                explode=True if many else None,
                examples=_examples(name, [example] if many else example, many=many),
            )
        )
    return parameters


def _examples(name, value, many=False):
    """No value, then an example: Swagger UI fills "Try it out" with the first example,
    and a search with every parameter's example would find nothing."""
    return [
        OpenApiExample("not given", value=[] if many else "", summary=gettext_lazy("(not given)")),
        OpenApiExample(name, value=value, summary=str(value)),
    ]


PAGING_PARAMETERS = [
    OpenApiParameter(
        "cursor",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description=gettext_lazy(
            "Where the page starts: take it from the `next` or `previous` link of "
            "a response. Without it, the first page. A cursor this API did not make is listed "
            "in `ignored` and the first page is returned."
        ),
        examples=_examples("cursor", encode_cursor(PAGE_SIZE)),
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
        OpenApiParameter.QUERY,
        description=format_lazy(
            gettext_lazy("Bodies a page, {default} unless given; at most {max}."),
            default=PAGE_SIZE,
            max=MAX_PAGE_SIZE,
        ),
        examples=_examples("page_size", 100),
    ),
    OpenApiParameter(
        "facets",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=["0", "1"],
        description=gettext_lazy(
            "`1` adds `facets`: every filter's values with how many bodies each "
            "would give, as the search page shows them."
        ),
        examples=_examples("facets", "1"),
    ),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=list(FORMATS),
        default="json",
        description=gettext_lazy(
            "`csv`: every body of the search (all pages, in its order) as CSV in "
            "the import format, as `/bodies/export.csv` gives it."
        ),
        examples=_examples("format", "csv"),
    ),
]


class FilterSetSchema(AutoSchema):
    """An operation whose query parameters are its view's filter set's, plus its own.

    The view's ``schema_filterset()`` makes the filter set when the schema is generated,
    so the allowed values are the directory's at that moment.
    """

    def get_override_parameters(self):
        return [
            *filter_parameters(self.view.schema_filterset()),
            *super().get_override_parameters(),
        ]
