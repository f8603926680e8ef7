"""The body pages."""

from django.urls import path

from bodies import views

app_name = "bodies"

urlpatterns = [
    path("bodies/<slug:slug>/", views.BodyDetailView.as_view(), name="detail"),
]
