"""The per-token rate limit on the cache production runs: Redis (socialwise.cache.DegradingRedisCache), where one
request is counted in one round trip, and which fails open while Redis is unreachable."""

from __future__ import annotations

import os
import uuid

from django.core.cache import caches

import redis as redis_client

from scim import services as scim_services
from tests.conftest import require
from tests.scim.test_provisioning import Scim, _error
from tests.xapi.lrs import free_port

# The Redis database the jobs tests use (tests/jobs/conftest.py); every key here has a prefix of its own.
REDIS_URL = os.environ.get("JOBS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis_client.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis_client.RedisError:
        return False


def _redis_cache(settings, url: str) -> str:
    prefix = f"scim-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "socialwise.cache.DegradingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    return prefix


def test_the_redis_counter_counts_in_one_round_trip_and_expires(settings):
    require(_redis_answers(REDIS_URL), f"this test needs Redis at {REDIS_URL}")
    prefix = _redis_cache(settings, REDIS_URL)
    cache = caches["default"]
    server = redis_client.Redis.from_url(REDIS_URL)
    sent = []
    original = redis_client.client.Pipeline.execute

    def spy(pipe, *args, **kwargs):
        sent.append([command[0][0] for command in pipe.command_stack])
        return original(pipe, *args, **kwargs)

    try:
        redis_client.client.Pipeline.execute = spy
        assert [cache.count("hits", timeout=70) for _ in range(3)] == [1, 2, 3]
    finally:
        redis_client.client.Pipeline.execute = original
    assert sent == [["SET", "INCRBY"]] * 3  # one pipeline, so one round trip, per request counted
    key = cache.make_key("hits")
    assert 60 < server.ttl(key) <= 70  # made with its window's lifetime, which later counts leave as it is
    assert cache.get("hits") == 3
    server.delete(key)
    assert key.startswith(prefix)


def test_rate_limit_on_redis_answers_429_with_retry_after(client, db, settings):
    require(_redis_answers(REDIS_URL), f"this test needs Redis at {REDIS_URL}")
    _redis_cache(settings, REDIS_URL)
    _record, token = scim_services.create_client(name="Okta", actor=None, requests_per_minute=3)
    okta = Scim(client, token)
    assert [okta.get("Users").status_code for _ in range(3)] == [200, 200, 200]
    response = okta.get("Users")
    assert _error(response, 429)["scimType"] == "tooMany" and 1 <= int(response["Retry-After"]) <= 61


def test_rate_limit_fails_open_while_redis_is_unreachable(client, db, settings, caplog):
    _redis_cache(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    _record, token = scim_services.create_client(name="Okta", actor=None, requests_per_minute=1)
    okta = Scim(client, token)
    assert [okta.get("Users").status_code for _ in range(3)] == [200, 200, 200]
    assert "Redis cache unreachable during count" in caplog.text
