"""``/statistics/`` and each chart's numbers as CSV, for the parameters of ``/bodies/``."""

from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="page"),
    path("statistics/<slug:chart>.csv", views.ChartCSVView.as_view(), name="csv"),
]
