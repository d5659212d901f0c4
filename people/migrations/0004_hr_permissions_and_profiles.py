"""What HR may do with the organisation (people, departments, cohorts, assignments, audit log), every people
permission for Administrators, and a profile for every account that already exists."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HR_PERMISSIONS = [
    "view_profile",
    "add_profile",
    "change_profile",
    "import_people",
    "erase_person",
    "export_personal_data",
    "view_department",
    "add_department",
    "change_department",
    "delete_department",
    "view_cohort",
    "add_cohort",
    "change_cohort",
    "delete_cohort",
    "view_assignment",
    "add_assignment",
    "change_assignment",
    "delete_assignment",
    "view_auditlog",
]
# Administrators get every people permission except editing or deleting the audit log: it is a record.
ADMIN_EXCLUDED = ["add_auditlog", "change_auditlog", "delete_auditlog"]


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
    people_permissions = Permission.objects.filter(content_type__app_label="people")
    hr, _ = Group.objects.get_or_create(name="HR")
    hr.permissions.add(*people_permissions.filter(codename__in=HR_PERMISSIONS))
    administrators, _ = Group.objects.get_or_create(name="Administrators")
    administrators.permissions.add(*people_permissions.exclude(codename__in=ADMIN_EXCLUDED))
    administrators.permissions.remove(*people_permissions.filter(codename__in=ADMIN_EXCLUDED))

    User = apps.get_model("people", "User")
    Profile = apps.get_model("people", "Profile")
    missing = User.objects.filter(profile__isnull=True).values_list("pk", flat=True)
    Profile.objects.bulk_create([Profile(user_id=pk) for pk in missing], batch_size=1000)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hr = Group.objects.filter(name="HR").first()
    if hr is not None:
        hr.permissions.remove(*Permission.objects.filter(content_type__app_label="people", codename__in=HR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [("people", "0003_organisation")]

    operations = [migrations.RunPython(forwards, backwards)]
