"""``<td{{ standard|lang_if_english:"title" }}>``: marks a title or name shown in English for
want of a translation in the page's language (accreditation/translation.py), so that screen
readers read it as English and the language tests know it is not untranslated interface."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lang_if_english(obj, field):
    language = get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return ""
    if getattr(obj, f"{field}_{language}", None):
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
