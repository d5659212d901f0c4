"""Administrators may look at the xAPI outbox (what waits, what the LRS refused); nobody may edit it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("xapi")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="xapi", codename="view_statementoutbox")
    for group in Group.objects.filter(name="Administrators"):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("xapi", "0001_initial"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
