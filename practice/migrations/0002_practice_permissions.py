"""Practice's screens check permissions, not role names: schedules and sessions for Trainers, HR and Administrators
(the model permissions), the practice-task overview for Trainers and HR, the engagement report for HR."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Trainers": ["view_practice_tasks"],
    "HR": ["view_practice_tasks", "view_engagement"],
    "Administrators": [],
}
MODEL_PERMISSIONS = [
    f"{action}_{model}" for model in ("cohortschedule", "cohortsession") for action in ("add", "change", "delete", "view")
]


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
    practice = Permission.objects.filter(content_type__app_label="practice")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*practice.filter(codename__in=[*MODEL_PERMISSIONS, *codenames]))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    practice = Permission.objects.filter(content_type__app_label="practice")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*practice)


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
        ("people", "0002_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="cohortsession",
            options={
                "ordering": ["starts_at"],
                "permissions": [
                    ("view_practice_tasks", "Can see the practice-task overview"),
                    ("view_engagement", "Can see the engagement report and every cohort session's choices"),
                ],
                "verbose_name": "cohort session",
                "verbose_name_plural": "cohort sessions",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
