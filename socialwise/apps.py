import logging
import os
import sys

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("socialwise")


class SocialwiseConfig(AppConfig):
    """The project package as an app: wiring only (start-up notices), no models and no rules."""

    name = "socialwise"
    verbose_name = "Socialwise"

    def ready(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL and settings.DEBUG and _serving():
            logger.warning(
                "REDIS_URL is not set: Celery tasks run eagerly inside the web process and the cache is kept in "
                "files under var/cache. Set REDIS_URL and run `make worker` to use a real queue."
            )


def _serving() -> bool:
    """Whether this process serves requests: the notice is for the developer running the site, once (not for every
    management command `make run` calls first, nor for runserver's file watcher as well as its server)."""
    command = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else None
    if command is None:
        return True
    return command == "runserver" and (os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv)
