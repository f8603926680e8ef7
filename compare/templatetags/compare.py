"""Links into the comparison from other apps' pages."""

from django import template

from compare.comparison import MAX_BODIES, MIN_BODIES, compare_url

register = template.Library()


@register.simple_tag
def compare_these_url(bodies, total):
    """The comparison of a search's results when it found two to four bodies, else ""."""
    if not MIN_BODIES <= total <= MAX_BODIES:
        return ""
    return compare_url([body.slug for body in bodies])
