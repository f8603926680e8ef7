"""Curators (the "Curator" group of accreditation 0003) read reports and set their status.

They neither add reports (those come from the public form) nor delete them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_report", "change_report"]


def grant(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; create them now so
    # the group can be given them on a fresh database.
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curator")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Curator"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="reports", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("accreditation", "0003_curator_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
