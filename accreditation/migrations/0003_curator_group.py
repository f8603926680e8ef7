"""The "Curator" group: curators add and change records but never delete them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED_MODELS = {
    "bodies": ["certificationbody"],
    "accreditation": [
        "accreditation",
        "accreditationbody",
        "accreditationsector",
        "accreditationstandard",
        "sectorcode",
        "standard",
    ],
}


def create_curator_group(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; create them
    # now so the group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Curator")
    for app_label, models in CURATED_MODELS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model__in=models,
                codename__regex=r"^(add|change|view)_",
            )
        )


def remove_curator_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0002_reference_data"),
        ("bodies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curator_group, remove_curator_group)]
