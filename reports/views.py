"""``/bodies/<slug>/report/``: the public's form to report a wrong record, and its thanks."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import CreateView, TemplateView

from bodies.models import CertificationBody
from reports.forms import ReportForm


class BodyMixin:
    @cached_property
    def body(self):
        return get_object_or_404(CertificationBody, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)


class ReportCreateView(BodyMixin, CreateView):
    form_class = ReportForm
    template_name = "reports/report_form.html"
    http_method_names = ["get", "post", "head", "options"]
    # Per client address (certdir.ratelimit), sent reports only: reading the form is free.
    rate_limit = ("report", 5, 600)
    rate_limit_methods = ("POST",)

    def form_valid(self, form):
        # A robot is thanked like anyone else, so it learns nothing; its report is dropped.
        if not form.trapped:
            form.instance.body = self.body
            form.save()
        return redirect("reports:sent", slug=self.body.slug)


class ReportSentView(BodyMixin, TemplateView):
    template_name = "reports/report_sent.html"
