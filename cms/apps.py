from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site content"

    def ready(self) -> None:
        from cms import widgets

        widgets.tolerate_junk_chooser_values()
