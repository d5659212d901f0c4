"""The five roles as groups. Page and collection permissions for the course tree are added by courses/0003."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Learners", "Managers", "Trainers", "HR", "Administrators"]
ADMIN_ROLES = ["Trainers", "HR", "Administrators"]


def ensure_permissions(apps):
    # Permissions are normally made after migrate finishes; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        if name in ADMIN_ROLES:
            group.permissions.add(access_admin)
    administrators = Group.objects.get(name="Administrators")
    administrators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["people", "auth", "wagtailcore", "wagtailimages", "wagtaildocs", "cms", "courses"],
        )
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("cms", "0001_initial"),
        ("courses", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
