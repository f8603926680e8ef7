"""The search page's facet options as HTML, in one tag.

A page lists up to some 250 options. Through a template partial each cost a dozen
variable lookups, two filters and an include (about a quarter of the page's render at
100,000 bodies); here each is one ``format_html``, with the same markup.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

OPTION = (
    '<li>\n  <input type="{}" form="search-form" name="{}" value="{}" id="f-{}-{}"{}>\n'
    '  <label for="f-{}-{}"{}>{} <span class="count">({})</span></label>\n</li>'
)
CHECKED = mark_safe(" checked")


@register.simple_tag
def facet_options(facet, options):
    """One ``<li>`` per option: its checkbox (or radio button), and its label with the count."""
    return format_html_join(
        "\n",
        OPTION,
        (
            (
                facet.input_type,
                facet.param,
                option.value,
                facet.param,
                option.dom_id,
                CHECKED if option.selected else "",
                facet.param,
                option.dom_id,
                format_html(' title="{}"', option.hint) if option.hint else "",
                option.label,
                localize(option.count),
            )
            for option in options
        ),
    )
