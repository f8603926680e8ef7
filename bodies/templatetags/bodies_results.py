"""A search result, an accreditation's status badge and its recognition tag, as HTML.

A search page lists 20 bodies with two accreditations each on average. Through template
partials (the result, then a badge and a tag per accreditation) that made some 80
includes and 1,200 variable lookups a page; here each result is a few ``format_html``
calls, with the same markup. Its fixed words are translated once per language and the
date read once per page (each cost a thread-local lookup per use).
"""

import functools

from django import template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from accreditation.models import AccreditationStatus, stale_before
from bodies.text import country_name

register = template.Library()

RESULT = (
    '<li class="result">\n'
    '  <h3 class="result__name"><a href="{}{}{}">{}</a>{}</h3>\n'
    '  <p class="result__place">{}</p>\n'
    '  <p class="result__compare"><input type="checkbox" name="body" value="{}" '
    'id="compare-{}"> <label for="compare-{}">{}<span class="visually-hidden"> {}</span>'
    "</label></p>\n"
    "  {}\n"
    "</li>"
)
ACCREDITATION = (
    "<li>\n"
    "            {}\n"
    '            <span class="result__ab">{}</span>\n'
    "            {}\n"
    '            <span class="result__casco">{}</span>{}{}\n'
    "          </li>"
)
# A slug no row has, where a row's slug goes in its page's URL.
SLUG = "0"


def around_slug(viewname):
    """(before, after): the URL of the page ``viewname`` around its slug, in the active
    language; a page's URL is then ``before + slug + after``, without reversing it."""
    before, _, after = reverse(viewname, kwargs={"slug": SLUG}).rpartition(SLUG)
    return before, after


def status_labels():
    """{status: its label in the active language}."""
    return {status: str(status.label) for status in AccreditationStatus}


@functools.lru_cache(maxsize=8)
def _texts(language):
    """The fixed words of a result in ``language``, and the URL of a body page around its
    slug."""
    with translation.override(language):
        return {
            "url": around_slug("bodies:detail"),
            "compare": gettext("Compare"),
            "demo": format_html(
                ' <span class="tag tag--demo" title="{}">{}</span>',
                gettext("A fictional demo record, not a real body"),
                gettext("Demo"),
            ),
            "none": format_html(
                '<p class="result__none">{}</p>', gettext("No accreditation on record.")
            ),
            "never": gettext("never checked"),
            "status": status_labels(),
        }


@register.simple_tag
def status_badge(status, label):
    """An accreditation status as a badge."""
    return format_html('<span class="badge badge--{}">{}</span>', status, label)


@register.simple_tag
def recognition_tag(accreditation_body, recognised=False):
    """ "Recognised" for a scope the body's signature covers, "Not recognised" for an
    accreditation body outside IAF and ILAC, else nothing."""
    if recognised:
        title = gettext(
            "%(ab)s signs the IAF MLA or the ILAC MRA (now under Global Accreditation "
            "Cooperation) for this scope"
        ) % {"ab": accreditation_body.acronym}
        return format_html('<span class="tag" title="{}">{}</span>', title, gettext("Recognised"))
    if accreditation_body.is_not_member:
        title = gettext("%(ab)s is not a member of IAF or ILAC") % {
            "ab": accreditation_body.acronym
        }
        return format_html(
            '<span class="tag tag--warning" title="{}">{}</span>', title, gettext("Not recognised")
        )
    return ""


@register.simple_tag
def search_result(body, today=None):
    """One body of a search page: its name, place, compare box and accreditations
    (``today``: the date their statuses are for, by default the day's)."""
    texts = _texts(translation.get_language())
    today = today or timezone.localdate()
    country = country_name(body.country, translation.get_language())
    place = format_html("{}, {}", body.city, country) if body.city else country
    accreditations = body.accreditations.all()
    if accreditations:
        stale = stale_before(today)
        listed = format_html(
            '<ul class="result__accreditations">\n          {}\n      </ul>',
            format_html_join(
                "\n          ",
                "{}",
                ((_accreditation(a, today, stale, texts),) for a in accreditations),
            ),
        )
    else:
        listed = texts["none"]
    before, after = texts["url"]
    return format_html(
        RESULT,
        before,
        body.slug,
        after,
        body.name,
        texts["demo"] if body.is_demo else "",
        place,
        body.slug,
        body.slug,
        body.slug,
        texts["compare"],
        body.name,
        listed,
    )


def _accreditation(accreditation, today, stale_before, texts):
    scope = ""
    if accreditation.scope_standards:
        scope = format_html(
            '<span class="result__scope">: {}</span>',
            ", ".join(standard.code for standard in accreditation.scope_standards),
        )
    stale = ""
    checked = accreditation.last_verified_on
    if checked is None or checked < stale_before:
        if checked:
            note = gettext("not checked since %(date)s") % {
                "date": date_format(checked, "SHORT_DATE_FORMAT")
            }
        else:
            note = texts["never"]
        stale = format_html(' <span class="flag flag--stale">{}</span>', note)
    status = accreditation.effective_status_on(today)
    return format_html(
        ACCREDITATION,
        status_badge(status, texts["status"][status]),
        accreditation.accreditation_body.acronym,
        recognition_tag(accreditation.accreditation_body, accreditation.recognised),
        accreditation.casco_standard.code,
        scope,
        stale,
    )
