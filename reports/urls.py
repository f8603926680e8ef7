"""The report form's URLs, under the body's own."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("bodies/<slug:slug>/report/", views.ReportCreateView.as_view(), name="new"),
    path("bodies/<slug:slug>/report/sent/", views.ReportSentView.as_view(), name="sent"),
]
