"""Root URLs. Public pages that define ``page_cache_variant`` are cached by certdir.cache."""

from django.contrib import admin
from django.urls import include, path

from accreditation.urls import accreditation_body_patterns, standard_patterns
from certdir.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accreditation-bodies/", include(accreditation_body_patterns)),
    path("standards/", include(standard_patterns)),
    # search before bodies: "bodies/export.csv" is not a body's slug.
    path("", include("search.urls")),
    path("", include("bodies.urls")),
]
