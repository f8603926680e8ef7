"""Public directory URLs."""

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
