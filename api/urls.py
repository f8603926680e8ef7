"""The API's URLs: the docs at ``/api/``, version 1 under ``/api/v1/``."""

from django.urls import path, re_path

from api import base, bodies, checks, compare, docs, reference

app_name = "api"

urlpatterns = [
    path("", docs.DocsView.as_view(), name="docs"),
    path("v1/schema/", docs.SchemaView.as_view(), name="schema"),
    path("v1/bodies/", bodies.BodyListView.as_view(), name="body-list"),
    path("v1/bodies/<slug:slug>/", bodies.BodyDetailView.as_view(), name="body-detail"),
    path(
        "v1/accreditation-bodies/",
        reference.AccreditationBodyListView.as_view(),
        name="accreditation-body-list",
    ),
    path(
        "v1/accreditation-bodies/<slug:slug>/",
        reference.AccreditationBodyDetailView.as_view(),
        name="accreditation-body-detail",
    ),
    path("v1/standards/", reference.StandardListView.as_view(), name="standard-list"),
    path(
        "v1/standards/<slug:slug>/",
        reference.StandardDetailView.as_view(),
        name="standard-detail",
    ),
    path("v1/sectors/", reference.SectorListView.as_view(), name="sector-list"),
    path("v1/checks/", checks.CheckView.as_view(), name="checks"),
    path("v1/compare/", compare.CompareView.as_view(), name="compare"),
    # Anything else under /api/ that ends in a slash (other paths get APPEND_SLASH's
    # redirect first): a JSON 404 rather than the site's HTML page.
    re_path(r"^[\s\S]*/$", base.not_found),
]
