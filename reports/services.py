"""Writes to reports: only curators change them, and each change says who made it."""

from django.db import transaction
from django.utils import timezone

from reports.models import Report


@transaction.atomic
def reports_set_status(*, reports, status, curator):
    """Give ``reports`` (a queryset) ``status``, handled by ``curator``; how many changed."""
    return reports.exclude(status=status, handled_by=curator).update(
        status=Report.Status(status), handled_by=curator, updated_at=timezone.now()
    )
