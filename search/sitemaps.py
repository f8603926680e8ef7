"""The home page and the search page, for search engines."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SearchSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["search:home", "search:list"]

    def location(self, name):
        return reverse(name)
