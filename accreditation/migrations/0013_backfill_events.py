"""Events for the accreditations recorded before events were: what their records say.

Each gets its grant, at ``granted_on`` (or on a date not on record), and, unless it is
active, its current status since a date not on record: CertDir never knew when that
began, and says so rather than guess. Backfilled events are not news, so feeds leave
them out.
"""

from django.db import migrations
from django.utils import timezone

KIND_FOR_STATUS = {"suspended": "suspended", "withdrawn": "withdrawn", "expired": "expired"}
BATCH = 5000


def backfill(apps, schema_editor):
    Accreditation = apps.get_model("accreditation", "Accreditation")
    AccreditationEvent = apps.get_model("accreditation", "AccreditationEvent")
    now = timezone.now()
    rows = Accreditation.objects.order_by("pk").values_list("pk", "granted_on", "status")
    events = []
    for pk, granted_on, status in rows.iterator(chunk_size=BATCH):
        common = {"accreditation_id": pk, "origin": "backfill", "recorded_at": now}
        events.append(AccreditationEvent(kind="granted", effective_on=granted_on, **common))
        if status in KIND_FOR_STATUS:
            events.append(AccreditationEvent(kind=KIND_FOR_STATUS[status], **common))
        if len(events) >= BATCH:
            AccreditationEvent.objects.bulk_create(events)
            events = []
    AccreditationEvent.objects.bulk_create(events)


def forget(apps, schema_editor):
    apps.get_model("accreditation", "AccreditationEvent").objects.filter(origin="backfill").delete()


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0012_accreditation_event")]

    operations = [migrations.RunPython(backfill, forget)]
