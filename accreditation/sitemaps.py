"""The pages of accreditation bodies and standards, for search engines."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accreditation.models import AccreditationBody, Standard


class ReferenceListSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["accreditation_bodies:list", "standards:list", "about_data"]

    def location(self, name):
        return reverse(name)


class AccreditationBodySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return AccreditationBody.objects.order_by("acronym")


class StandardSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Standard.objects.order_by("kind", "code")
