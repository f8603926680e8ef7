"""The comparison's URL."""

from django.urls import path

from compare import views

app_name = "compare"

urlpatterns = [
    path("compare/", views.CompareView.as_view(), name="page"),
]
