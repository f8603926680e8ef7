"""Small statistics sections for other apps' pages, included from their templates.

``accreditation`` may import no other app, so its standard page asks for its section
here, in the template (``{% load stats %}``), rather than in its view; the search page
does the same, so both sections are drawn by this app alone.
"""

from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries

from accreditation.models import DirectoryVersion
from search.filters import BodyFilterSet
from search.reference import reference_for_version
from stats.presenter import StatisticsPage

register = template.Library()

TOP_STANDARDS = 6
TOP_COUNTRIES = 8


@register.inclusion_tag("stats/includes/_summary.html")
def country_statistics(search):
    """Key numbers and the top standards of a search page that names one country."""
    if len(search.criteria.countries) != 1:
        return {"statistics": None}
    page = StatisticsPage(
        search.filterset, version=search.version, summary=True, text=search.text_mask
    )
    return {
        "statistics": page,
        "heading": _("%(country)s at a glance")
        % {"country": countries.name(search.criteria.countries[0])},
        "chart": page.top(page.chart("standards"), TOP_STANDARDS),
    }


@register.inclusion_tag("stats/includes/_summary.html", takes_context=True)
def standard_statistics(context, standard):
    """Key numbers and the top countries of the search for one standard (or CASCO one)."""
    request = context["request"]
    version = getattr(request, "directory_version", None)
    if version is None:
        version = DirectoryVersion.current()
    param = "casco" if standard.is_casco else "standard"
    filterset = BodyFilterSet(
        QueryDict(urlencode({param: standard.slug})), reference=reference_for_version(version)
    )
    page = StatisticsPage(filterset, version=version, summary=True)
    return {
        "statistics": page,
        "heading": _("%(code)s in numbers") % {"code": standard.code},
        "chart": page.top(page.countries, TOP_COUNTRIES),
    }
