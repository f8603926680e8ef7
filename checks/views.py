"""``/check/``: upload a file of bodies and standards, get a verdict per row.

The upload is read in memory and forgotten with the request: nothing is stored. The
form needs no CSRF token: a check writes nothing and reads no session, so a forged one
achieves nothing, and the page stays cacheable and cookie-free.
"""

import io

from django import forms
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from checks.files import (
    MAX_ROWS,
    CheckFileError,
    read_check_file,
    template_csv,
    template_xlsx,
    write_results_csv,
    write_results_xlsx,
)
from checks.rows import RowProblems, parse_rows
from checks.service import VERDICT_LABELS, check_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Per client address, shared by the page and the API (certdir.ratelimit): a check of
# 1,000 rows is about a second of work.
RATE_LIMIT = ("check", 20, 60)


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps the uploaded file in memory whatever its size (the request's size is bounded by
    ``PUBLIC_UPLOAD_MAX_REQUEST_BODY``), so that nothing uploaded touches the disk."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True


class CheckForm(forms.Form):
    file = forms.FileField(
        label=_("File to check"),
        help_text=format_lazy(
            _(
                "CSV or XLSX, up to {rows} rows and 5 MB, with the columns "
                "body, standard, country and date."
            ),
            # Grouped as the reader's language groups digits ("1,000", "1 000", "1.000").
            rows=lazy(number_format, str)(MAX_ROWS, force_grouping=True),
        ),
    )
    output = forms.ChoiceField(
        label=_("Results"),
        choices=[
            ("page", _("On this page")),
            ("csv", _("As a CSV file")),
            ("xlsx", _("As an XLSX file")),
        ],
        initial="page",
        widget=forms.RadioSelect,
    )


@method_decorator(csrf_exempt, name="dispatch")
class CheckView(View):
    http_method_names = ["get", "head", "post"]
    template_name = "checks/check.html"
    rate_limit = RATE_LIMIT

    @classmethod
    def page_cache_variant(cls, request):
        """The empty form reads no parameter (POSTs are never cached)."""
        return ""

    def get(self, request):
        return render(request, self.template_name, {"form": CheckForm()})

    def post(self, request):
        request.upload_handlers = [InMemoryUploadHandler(request)]
        form = CheckForm(request.POST, request.FILES)
        context = {"form": form}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        upload = form.cleaned_data["file"]
        try:
            raw = read_check_file(upload.name, upload.read())
            rows = parse_rows(raw, timezone.localdate())
        except CheckFileError as exc:
            context["problems"] = [exc.message]
        except RowProblems as exc:
            context.update(problems=exc.problems, more_problems=exc.more)
        if "problems" in context:
            return render(request, self.template_name, context, status=400)
        results = check_rows(rows)
        output = form.cleaned_data["output"]
        if output == "page":
            context["results"] = [
                {**result, "verdict_label": VERDICT_LABELS[result["verdict"]]} for result in results
            ]
            return render(request, self.template_name, context)
        return results_download(results, output)


def results_download(results, output):
    stamp = timezone.localdate().isoformat()
    if output == "csv":
        out = io.StringIO()
        write_results_csv(out, results)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        out = io.BytesIO()
        write_results_xlsx(out, results)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="certdir-check-{stamp}.{output}"'
    return response


class TemplateFileView(View):
    """The template file, as CSV or XLSX."""

    http_method_names = ["get", "head"]

    @classmethod
    def page_cache_variant(cls, request):
        """The template never changes with the request."""
        return ""

    def get(self, request, fmt):
        if fmt == "csv":
            response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(template_xlsx(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="certdir-check-template.{fmt}"'
        return response
