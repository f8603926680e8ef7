"""Writes that keep derived body data right."""

from collections import defaultdict

from django.db import transaction

from accreditation.models import Accreditation
from bodies.csvio.importer import chunks
from bodies.models import CertificationBody


@transaction.atomic
def rebuild_search_text(*, batch_size=2000):
    """Recompute every body's ``search_text`` from its names, city and numbers; return changes."""
    numbers = defaultdict(list)
    # In the order CertificationBody.save() reads them (Accreditation.Meta.ordering).
    ordering = ["body_id", *Accreditation._meta.ordering]
    for body_id, number in Accreditation.objects.order_by(*ordering).values_list(
        "body_id", "number"
    ):
        numbers[body_id].append(number)
    changed = []
    bodies = CertificationBody.objects.only("pk", "name", "aliases", "city", "search_text")
    for body in bodies.order_by("pk").iterator(chunk_size=batch_size):
        text = body.build_search_text(numbers.get(body.pk, ()))
        if text != body.search_text:
            body.search_text = text
            changed.append(body)
    for chunk in chunks(changed, batch_size):
        CertificationBody.objects.bulk_update(chunk, ["search_text"])
    return len(changed)
