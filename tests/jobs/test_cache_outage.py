"""Learner pages with Redis configured but unreachable: the cache degrades to a miss instead of failing the page."""

import pytest

from tests.factories.courses import make_course_with_modules
from tests.xapi.lrs import free_port

pytestmark = pytest.mark.django_db


def test_learner_pages_answer_while_the_redis_cache_is_unreachable(client, learner, settings, caplog):
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.REDIS_URL = dead
    settings.CACHES = {
        "default": {
            "BACKEND": "socialwise.cache.DegradingRedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    _course, (module,) = make_course_with_modules(1, title="Crisis response on social")
    client.force_login(learner)
    for url in ["/", "/learning/", "/courses/", module.url]:
        assert client.get(url).status_code == 200, url
    assert client.post(f"/learning/modules/{module.pk}/complete/").status_code == 302
    assert client.get("/healthz").status_code == 503
    assert "Redis cache unreachable" in caplog.text
