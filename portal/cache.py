"""The shared cache (Redis) that a Redis outage does not turn into errors.

While Redis does not answer, the cache behaves as one that forgets everything at once:
reads miss, writes vanish, counters read as new (incr returns the step). Pages are then
rendered from the database, sessions and signed-in users are read from the database
(`cached_db` keeps every session there too), rate limits and unflushed view counts are
lost for the outage (docs/deploy.md). After a failure the cache is not asked again for
CACHE_RETRY_SECONDS, so that a Redis that hangs does not slow every request; `/healthz`
reports the cache "down" meanwhile.
"""

import logging
import threading
import time

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")

UNAVAILABLE = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)


class _Breaker:
    """Whether this process currently does without the cache, and since when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0

    def is_open(self):
        return self.down_since is not None and time.monotonic() < self.retry_at

    def trip(self, exc):
        with self.lock:
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.warning("cache unavailable (%s): serving without it", exc)
            self.retry_at = time.monotonic() + settings.CACHE_RETRY_SECONDS

    def close(self):
        if self.down_since is not None:
            with self.lock:
                if self.down_since is not None:
                    logger.warning("cache answers again after %.1f s",
                                   time.monotonic() - self.down_since)
                    self.down_since = None


breaker = _Breaker()


def is_down():
    return breaker.down_since is not None


def _guarded(name, when_down):
    def method(self, *args, **kwargs):
        if breaker.is_open():
            return when_down(*args, **kwargs)
        try:
            result = getattr(super(FailSafeRedisCache, self), name)(*args, **kwargs)
        except UNAVAILABLE as exc:
            breaker.trip(exc)
            return when_down(*args, **kwargs)
        breaker.close()
        return result

    method.__name__ = name
    return method


def _default(key, default=None, *args, **kwargs):
    return default


def _get_or_set(key, default, *args, **kwargs):
    return default() if callable(default) else default


def _step(key, delta=1, *args, **kwargs):
    return delta


class FailSafeRedisCache(RedisCache):
    get = _guarded("get", _default)
    get_many = _guarded("get_many", lambda *args, **kwargs: {})
    get_or_set = _guarded("get_or_set", _get_or_set)
    set = _guarded("set", lambda *args, **kwargs: False)
    set_many = _guarded("set_many", lambda *args, **kwargs: [])
    add = _guarded("add", lambda *args, **kwargs: True)
    incr = _guarded("incr", _step)
    decr = _guarded("decr", lambda key, delta=1, *args, **kwargs: -delta)
    delete = _guarded("delete", lambda *args, **kwargs: False)
    delete_many = _guarded("delete_many", lambda *args, **kwargs: None)
    has_key = _guarded("has_key", lambda *args, **kwargs: False)
    touch = _guarded("touch", lambda *args, **kwargs: False)
    clear = _guarded("clear", lambda *args, **kwargs: None)

    def ping(self):
        """True if Redis answers now (asked even while the breaker is open)."""
        try:
            self.client.get_client(write=False).ping()
        except UNAVAILABLE as exc:
            breaker.trip(exc)
            return False
        breaker.close()
        return True
