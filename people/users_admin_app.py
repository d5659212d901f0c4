"""Wagtail's users app with the Users screens of people/users_admin.py and Groups for superusers only. Listed in
INSTALLED_APPS in place of "wagtail.users" (Wagtail's documented way to customise those screens)."""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "people.users_admin.UserViewSet"

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth.models import Group

        from wagtail.permissions import register_permission_policy

        from people.users_admin import SuperusersOnlyPolicy

        register_permission_policy(Group, SuperusersOnlyPolicy(Group), exact_class=True)
