"""Public directory views."""

from django.views.generic import DetailView, ListView, TemplateView

from bodies.models import CertificationBody


class HomeView(TemplateView):
    template_name = "home.html"


class BodyListView(ListView):
    model = CertificationBody
    paginate_by = 25


class BodyDetailView(DetailView):
    model = CertificationBody
