"""URLs of the accreditation bodies' and the standards' pages (two namespaces)."""

from django.urls import path

from accreditation import views

accreditation_body_patterns = (
    [
        path("", views.AccreditationBodyListView.as_view(), name="list"),
        path("<slug:slug>/", views.AccreditationBodyDetailView.as_view(), name="detail"),
    ],
    "accreditation_bodies",
)

about_data = path("about-the-data/", views.AboutDataView.as_view(), name="about_data")

standard_patterns = (
    [
        path("", views.StandardListView.as_view(), name="list"),
        path("<slug:slug>/", views.StandardDetailView.as_view(), name="detail"),
    ],
    "standards",
)
