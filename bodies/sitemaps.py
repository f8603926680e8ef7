"""Every body's page, for search engines."""

from django.contrib.sitemaps import Sitemap

from bodies.models import CertificationBody


class BodySitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return CertificationBody.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, body):
        return body.updated_at
