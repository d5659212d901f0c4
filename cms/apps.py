from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site content"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from cms import services, widgets

        widgets.tolerate_junk_chooser_values()
        post_migrate.connect(services.sites_follow_base_url, sender=self, dispatch_uid="cms.sites_follow_base_url")
