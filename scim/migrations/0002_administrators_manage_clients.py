"""Administrators, and only they, manage SCIM clients (the tokens an identity provider provisions people with)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_scimclient", "add_scimclient", "change_scimclient"]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrators, _ = Group.objects.get_or_create(name="Administrators")
    administrators.permissions.add(
        *Permission.objects.filter(content_type__app_label="scim", codename__in=CODENAMES)
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Administrators"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="scim"))


class Migration(migrations.Migration):
    dependencies = [
        ("scim", "0001_initial"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
