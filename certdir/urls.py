"""Root URLs."""

from django.contrib import admin
from django.urls import include, path

from bodies.urls import accreditation_body_patterns, standard_patterns
from certdir.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accreditation-bodies/", include(accreditation_body_patterns)),
    path("standards/", include(standard_patterns)),
    path("", include("bodies.urls")),
]
