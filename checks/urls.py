"""The bulk check: ``/check/`` and its template files."""

from django.urls import path

from checks import views

app_name = "checks"

urlpatterns = [
    path("check/", views.CheckView.as_view(), name="check"),
    path(
        "check/template.csv", views.TemplateFileView.as_view(), {"fmt": "csv"}, name="template-csv"
    ),
    path(
        "check/template.xlsx",
        views.TemplateFileView.as_view(),
        {"fmt": "xlsx"},
        name="template-xlsx",
    ),
]
