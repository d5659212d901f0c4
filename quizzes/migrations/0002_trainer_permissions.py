"""Trainers (and Administrators) manage the question bank: banks, categories and questions, the import included
(which needs "add question")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["questionbank", "questioncategory", "question"]
ACTIONS = ["add", "change", "delete", "view"]
GROUPS = ["Trainers", "Administrators"]


def forwards(apps, schema_editor):
    # Permissions are normally made after migrate finishes; the groups need them now.
    app_config = apps.get_app_config("quizzes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="quizzes",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="quizzes",
        codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
