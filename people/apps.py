from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from people import personal_data, signals  # noqa: F401  (connects receivers; registers data policies)

        personal_data.register_defaults()

        from courses import hooks
        from people import catalogue

        hooks.register_catalogue_departments(catalogue.catalogue_departments)
