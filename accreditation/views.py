"""Public pages for accreditation bodies and standards."""

from django.views.generic import DetailView, ListView

from accreditation.models import AccreditationBody, Standard


class AccreditationBodyListView(ListView):
    model = AccreditationBody


class AccreditationBodyDetailView(DetailView):
    model = AccreditationBody


class StandardListView(ListView):
    model = Standard


class StandardDetailView(DetailView):
    model = Standard
