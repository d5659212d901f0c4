"""Who sees which reports: HR everyone, Managers the people who report to them. Managers reach the reports in
Wagtail's admin, so they get `wagtailadmin.access_admin` too (they see nothing else there: every other admin screen
checks its own permissions)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def ensure_permissions(apps):
    # Permissions are normally made after migrate finishes; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_all = Permission.objects.get(content_type__app_label="reports", codename="view_all_reports")
    view_team = Permission.objects.get(content_type__app_label="reports", codename="view_team_reports")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    hr, _ = Group.objects.get_or_create(name="HR")
    hr.permissions.add(view_all)
    managers, _ = Group.objects.get_or_create(name="Managers")
    managers.permissions.add(view_team, access_admin)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reports = Permission.objects.filter(content_type__app_label="reports")
    for group in Group.objects.filter(name__in=["HR", "Managers"]):
        group.permissions.remove(*reports)
    managers = Group.objects.filter(name="Managers").first()
    if managers is not None:
        managers.permissions.remove(
            *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("people", "0002_roles"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
