"""Every body's page, for search engines."""

from django.db.models import Max

from accreditation.sitemaps import TranslatedSitemap
from bodies.models import CertificationBody


class BodySitemap(TranslatedSitemap):
    changefreq = "weekly"
    # Entries, one per body and language (2,500 bodies a page): each lists the body's
    # five alternates, about 0.7 KB, so a page stays near 7 MB of the protocol's 50 MB.
    limit = 10_000

    def items(self):
        return CertificationBody.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, body):
        return body.updated_at

    def get_latest_lastmod(self):
        # The index's date of the section: one aggregate, not every body read.
        return CertificationBody.objects.aggregate(latest=Max("updated_at"))["latest"]
