"""The pages of accreditation bodies and standards, for search engines.

``TranslatedSitemap`` is the base of every section: each public page exists in every
language (English unprefixed, the others under /fr/, /es/, /ru/), and each version gets
an entry listing all of them and ``x-default`` (English) as alternates (hreflang).
"""

import datetime
from html import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from accreditation.models import AccreditationBody, Standard


class PerLanguage:
    """The (item, language) pairs of ``items``, counted and sliced without reading them all.

    Django's i18n sitemap makes a list of every pair before paging: a page of bodies would
    read every body. The paginator only needs the length and one slice.
    """

    def __init__(self, items, languages):
        self.items = items
        self.languages = languages

    def __len__(self):
        items = self.items
        return (items.count() if isinstance(items, QuerySet) else len(items)) * len(self.languages)

    def __getitem__(self, window):
        n = len(self.languages)
        first = window.start // n
        rows = self.items[first : -(-window.stop // n)]
        pairs = [(item, language) for item in rows for language in self.languages]
        return pairs[window.start - first * n : window.stop - first * n]


class TranslatedSitemap(Sitemap):
    """Every item in each language, with its versions in the others as alternates.

    ``limit`` counts entries, one per item and language. Each entry's XML is written here
    (``url["xml"]``, for the template ``sitemap_languages.xml``): Django's i18n sitemap
    reverses every URL six times an entry and its template loops over every alternate:
    8 s for a page of 10,000 entries (2,500 bodies) in a test, 0.4 s this way.
    """

    i18n = True
    alternates = True
    x_default = True
    limit = 10_000

    def _language_codes(self):
        # Every public page exists in each language.
        return self.languages or [code for code, _name in settings.LANGUAGES]

    def _value(self, name, item):
        """An attribute of the sitemap, or what its method of that name says of ``item``."""
        value = getattr(self, name, None)
        return value(item) if callable(value) else value

    @property
    def paginator(self):
        return Paginator(PerLanguage(self.items(), self._language_codes()), self.limit)

    def get_urls(self, page=1, site=None, protocol=None):
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        default = settings.LANGUAGE_CODE
        urls = []
        latest, every_lastmod = None, True
        item, path = object(), ""
        # A page in another language is the English page's path under the language's
        # prefix (certdir/urls.py: i18n_patterns, untranslated paths, English unprefixed):
        # one reverse() an item.
        with translation.override(default):
            for pair in self.paginator.page(page).object_list:
                if pair[0] is not item:
                    item = pair[0]
                    path = self.location(item)
                    versions = {
                        code: origin + (path if code == default else f"/{code}{path}")
                        for code in self._language_codes()
                    }
                    alternates = [
                        *({"lang_code": code, "location": loc} for code, loc in versions.items()),
                        {"lang_code": "x-default", "location": versions[default]},
                    ]
                    links = _links_xml(alternates)
                lastmod = self._value("lastmod", item)
                every_lastmod = every_lastmod and lastmod is not None
                if every_lastmod and (latest is None or lastmod > latest):
                    latest = lastmod
                url = {
                    "item": pair,
                    "location": versions[pair[1]],
                    "lastmod": lastmod,
                    "changefreq": self._value("changefreq", item),
                    "priority": str(self._value("priority", item) or ""),
                    "alternates": alternates,
                }
                url["xml"] = _url_xml(url, links)
                urls.append(url)
        if every_lastmod and latest:
            self.latest_lastmod = latest
        return urls


def _links_xml(alternates):
    """The ``xhtml:link`` elements of an item's alternates, the same in each of its entries."""
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
        f' href="{escape(alternate["location"])}"/>'
        for alternate in alternates
    )


def _url_xml(url, links):
    """One ``<url>`` element, as Django's sitemap.xml template writes it."""
    parts = [f"<url><loc>{escape(url['location'])}</loc>"]
    if url["lastmod"]:
        parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
    if url["changefreq"]:
        parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
    if url["priority"]:
        parts.append(f"<priority>{escape(url['priority'])}</priority>")
    parts.append(f"{links}</url>")
    # Every value in it is escaped (html.escape, quotes too).
    return mark_safe("".join(parts))


def _day(moment):
    """The day of a date or time, in the site's time zone (the template's ``|date:"Y-m-d"``)."""
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d")


class ReferenceListSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return ["accreditation_bodies:list", "standards:list", "about_data"]

    def location(self, name):
        return reverse(name)


class AccreditationBodySitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return AccreditationBody.objects.order_by("acronym")


class StandardSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Standard.objects.order_by("kind", "code")
