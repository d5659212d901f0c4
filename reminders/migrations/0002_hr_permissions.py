"""HR and Administrators see notification preferences in the admin and may add or change them (turning a person's
required-training reminders off or on); nobody deletes one there."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["HR", "Administrators"]
CODENAMES = ["view_notificationpreference", "add_notificationpreference", "change_notificationpreference"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("reminders")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="reminders", codename__in=CODENAMES))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label="reminders", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
