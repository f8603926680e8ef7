"""Public URLs: the directory, and the accreditation bodies and standards (two namespaces)."""

from django.urls import path

from accreditation.cache import cache_public_page
from bodies import views

app_name = "bodies"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("bodies/", cache_public_page(views.BodyListView.as_view()), name="list"),
    path("bodies/export.csv", views.export_csv, name="export"),
    path("bodies/<slug:slug>/", cache_public_page(views.BodyDetailView.as_view()), name="detail"),
]

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
