"""A Redis cache that degrades to an empty cache while Redis is unreachable, so the pages keep working."""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("socialwise.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure the process leaves Redis alone for this long instead of paying a connection attempt per lookup.
RETRY_AFTER_SECONDS = 5.0


class DegradingRedisCache(RedisCache):
    """Every read misses and every write is dropped while Redis is down (logged once per pause). Nothing that must
    not be lost lives in the cache: it holds Wagtail's lookups and login rate limits, which fail open meanwhile, and
    /healthz reports the outage."""

    # Per Redis location and process: when each server may be tried again.
    _down_until: dict[tuple, float] = {}

    def _attempt(self, operation: str, fallback, call, *args, **kwargs):
        servers = tuple(self._servers)
        if time.monotonic() < self._down_until.get(servers, 0.0):
            return fallback
        try:
            return call(*args, **kwargs)
        except UNREACHABLE as error:
            self._down_until[servers] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.error("Redis cache unreachable during %s; serving without a cache for now: %s", operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._attempt("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._attempt("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read is a missing key, which Django's contract reports as ValueError.
        result = self._attempt("incr", None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def count(self, key, timeout: int, version=None) -> int | None:
        """Add one to the counter `key`, made with `timeout` seconds to live if missing, and return its value, in one
        round trip (SET NX then INCRBY, pipelined); None while Redis is unreachable. A rate limit's counter, which
        `add` then `incr` would take three round trips for (Django's incr asks first whether the key exists)."""
        key = self.make_and_validate_key(key, version=version)

        def call():
            pipe = self._writer().pipeline(transaction=False)
            pipe.set(key, self._cache._serializer.dumps(0), ex=int(timeout), nx=True)
            pipe.incr(key)
            return pipe.execute()[1]

        return self._attempt("count", None, call)

    def _writer(self):
        """The Redis client for writes, made once per cache object: Django's `get_client` builds a new client (and
        its table of reply callbacks) on every call, which a rate limit counted on every SCIM request paid each
        time. The client is thread-safe and shares the connection pool Django's own writes use."""
        client = self.__dict__.get("_writer_client")
        if client is None:
            client = self.__dict__["_writer_client"] = self._cache.get_client(None, write=True)
        return client

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._attempt("clear", False, super().clear)
