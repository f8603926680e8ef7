"""The home page and the search page, for search engines."""

from django.urls import reverse

from accreditation.sitemaps import TranslatedSitemap


class SearchSitemap(TranslatedSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["search:home", "search:list"]

    def location(self, name):
        return reverse(name)
