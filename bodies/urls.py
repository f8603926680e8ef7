"""Public directory URLs."""

from django.urls import path

from bodies import views

app_name = "bodies"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("bodies/", views.BodyListView.as_view(), name="list"),
    path("bodies/export.csv", views.export_csv, name="export"),
    path("bodies/<slug:slug>/", views.BodyDetailView.as_view(), name="detail"),
]
