"""``{{ text|source_links }}``: a source field's parts, each a web address or a description."""

from django import template

from accreditation.recognition import split_sources

register = template.Library()


@register.filter
def source_links(text):
    return split_sources(text)
