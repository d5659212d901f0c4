"""Who works with goals (docs/goals.md, "Who sees what"): HR and Administrators every team's objectives, the
hourly costs, the source tokens and the report; Managers add and change objectives (goals/access.py keeps them to
their own department) and see the report of their objectives. Learners get nothing here: their own goals are theirs
by being theirs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OBJECTIVE = ["add_objective", "change_objective", "view_objective"]
HR = [
    *OBJECTIVE,
    "delete_objective",
    "manage_all_objectives",
    "view_goals_report",
    "manage_metric_sources",
    "add_hourlycost",
    "change_hourlycost",
    "delete_hourlycost",
    "view_hourlycost",
]
GRANTS = {"HR": HR, "Administrators": HR, "Managers": [*OBJECTIVE, "view_goals_report"]}


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
    goals = Permission.objects.filter(content_type__app_label="goals")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*goals.filter(codename__in=codenames))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    goals = Permission.objects.filter(content_type__app_label="goals")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*goals)


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0001_initial"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
