import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("socialwise")


class SocialwiseConfig(AppConfig):
    """The project package as an app: wiring only (start-up notices), no models and no rules."""

    name = "socialwise"
    verbose_name = "Socialwise"

    def ready(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL and settings.DEBUG:
            logger.warning(
                "REDIS_URL is not set: Celery tasks run eagerly inside the web process and the cache is kept in "
                "files under var/cache. Set REDIS_URL and run `make worker` to use a real queue."
            )
