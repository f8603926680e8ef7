"""Public pages for accreditation bodies and standards, in two namespaces."""

from django.urls import path

from accreditation import views
from accreditation.cache import cache_public_page

accreditation_body_patterns = (
    [
        path("", cache_public_page(views.AccreditationBodyListView.as_view()), name="list"),
        path(
            "<slug:slug>/",
            cache_public_page(views.AccreditationBodyDetailView.as_view()),
            name="detail",
        ),
    ],
    "accreditation_bodies",
)

standard_patterns = (
    [
        path("", cache_public_page(views.StandardListView.as_view()), name="list"),
        path("<slug:slug>/", cache_public_page(views.StandardDetailView.as_view()), name="detail"),
    ],
    "standards",
)
