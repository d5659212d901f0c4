from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisation and courses (../shared/CONTENT.md), loaded by `manage.py seed_demo` through the apps'
    own services. Nothing imports this app."""

    name = "demo"
    verbose_name = "Demo content"
