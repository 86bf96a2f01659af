"""The shared cache against a real redis-server that the test stops: every operation
answers at once as an empty cache would, nothing raises, and the cache is used again
once Redis is back."""

import time

import pytest
from django.core.cache import caches

from portal import cache as failsafe
from tests.servers import RedisServer


@pytest.fixture
def redis_cache(settings):
    server = RedisServer().start()
    settings.CACHE_RETRY_SECONDS = 0.3
    settings.CACHES = {**settings.CACHES, "shared": {
        "BACKEND": "portal.cache.FailSafeRedisCache", "LOCATION": server.url,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
    }}
    failsafe.breaker.close()
    yield server, caches["shared"]
    server.stop()
    failsafe.breaker.close()


def test_it_answers_as_an_empty_cache_while_redis_is_down(redis_cache):
    server, cache = redis_cache
    cache.set("page", "stored")
    assert cache.get("page") == "stored" and cache.ping()
    server.stop()

    started = time.monotonic()
    assert cache.get("page") is None
    assert cache.get("page", "fallback") == "fallback"
    assert cache.get_many(["page", "other"]) == {}
    assert cache.add("counter", 0) is True
    assert cache.incr("counter") == 1  # a rate limit counts from 1: writes stay allowed
    assert cache.set("page", "new") is False
    assert cache.get_or_set("nav", lambda: ["from the database"]) == ["from the database"]
    cache.delete_many(["page"])
    assert failsafe.is_down() and not cache.ping()
    assert time.monotonic() - started < 2  # no waiting on a dead server per call


def test_it_uses_redis_again_once_it_is_back(redis_cache, settings):
    server, cache = redis_cache
    server.stop()
    assert cache.get("page") is None and failsafe.is_down()
    server.start()
    time.sleep(settings.CACHE_RETRY_SECONDS)
    cache.set("page", "stored again")
    assert cache.get("page") == "stored again"
    assert not failsafe.is_down()
