"""Root URLs. Public pages that define ``page_cache_variant`` are cached by certdir.cache;
they answer in four languages (certdir.i18n)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from accreditation.sitemaps import AccreditationBodySitemap, ReferenceListSitemap, StandardSitemap
from accreditation.urls import about_data, accreditation_body_patterns, standard_patterns
from bodies.sitemaps import BodySitemap
from certdir.views import favicon, healthz, robots_txt
from search.sitemaps import SearchSitemap

sitemaps = {
    "pages": SearchSitemap,
    "reference": ReferenceListSitemap,
    "accreditation-bodies": AccreditationBodySitemap,
    "standards": StandardSitemap,
    "bodies": BodySitemap,
}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps}, name="sitemap-index"),
    # Each entry written whole by the sitemap (accreditation.sitemaps.TranslatedSitemap),
    # with its versions in every language as alternates.
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps, "template_name": "sitemap_languages.xml"},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]

# The public pages in every language: English unprefixed, exactly as before; /fr/, /es/,
# /ru/ for the others (certdir.i18n chooses the language by this prefix only).
# The most asked pages first: Django tries the patterns in turn, and each include that
# does not match costs an exception (resolving /bodies/ last took 0.2 ms, a fifth of
# serving a cached page).
urlpatterns += i18n_patterns(
    path("", include("search.urls")),
    # changes before bodies: "bodies/feed/" is not a body's slug.
    path("", include("changes.urls")),
    path("", include("bodies.urls")),
    path("accreditation-bodies/", include(accreditation_body_patterns)),
    path("standards/", include(standard_patterns)),
    about_data,
    path("", include("compare.urls")),
    path("", include("reports.urls")),
    path("", include("checks.urls")),
    path("", include("stats.urls")),
    prefix_default_language=False,
)
