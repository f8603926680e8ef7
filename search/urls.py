"""The search's URLs: the home page, ``/bodies/`` and its CSV export."""

from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("bodies/", views.BodyListView.as_view(), name="list"),
    path("bodies/export.csv", views.BodyExportView.as_view(), name="export"),
    path("bodies/export.xlsx", views.BodyExcelExportView.as_view(), name="export-xlsx"),
]
