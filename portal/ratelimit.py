"""Fixed-window rate limits in the cache, per account and per address.

Limits are settings such as RATE_LIMITS["comment"] = "10/m" (count per s, m, h or d).
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core import checks
from django.core.cache import cache

log = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse(rate):
    count, period = rate.split("/")
    return int(count), PERIODS[period]


_warned = set()


def _warn_once(kind, message):
    # Once per process: a misconfigured proxy would otherwise log on every request.
    if kind not in _warned:
        _warned.add(kind)
        log.warning(message)


def client_address(request):
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, the hop the outermost
    trusted proxy added to X-Forwarded-For (hops the client wrote itself are ignored)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUSTED_PROXY_COUNT:
        if forwarded:
            hops = [h.strip() for h in forwarded.split(",")]
            return hops[-min(settings.TRUSTED_PROXY_COUNT, len(hops))]
        _warn_once("no-proxy", "TRUSTED_PROXY_COUNT is set but a request came without "
                   "X-Forwarded-For: is the app reachable without the proxy?")
    elif forwarded:
        _warn_once("proxy", "A request came through a proxy (X-Forwarded-For) but "
                   "TRUSTED_PROXY_COUNT is 0: every client shares the proxy's rate limits.")
    return request.META.get("REMOTE_ADDR", "")


@checks.register(checks.Tags.security, deploy=True)
def check_trusted_proxies(app_configs, **kwargs):
    """The documented deployment (docs/deploy.md) has a proxy in front of the app:
    without TRUSTED_PROXY_COUNT every client would share one rate-limit bucket."""
    if settings.DEBUG or settings.TRUSTED_PROXY_COUNT > 0:
        return []
    return [checks.Warning(
        "TRUSTED_PROXY_COUNT is 0: behind a proxy every client shares one rate-limit "
        "bucket, and ten failed logins a minute lock everyone out.",
        hint="Set TRUSTED_PROXY_COUNT to the number of proxies that add to "
             "X-Forwarded-For (1 for the deployment in docs/deploy.md).",
        id="portal.W001",
    )]


def _hit(key, limit, period):
    window = int(time.time() // period)
    cache_key = "rl:" + hashlib.sha256(f"{key}:{window}".encode()).hexdigest()[:32]
    cache.add(cache_key, 0, period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, period + 1)
        count = 1
    return count <= limit


def hit(key, limit, period):
    """Counts one use of `key` (any string: kept only hashed); False once more than
    `limit` were counted in this `period` window."""
    return _hit(key, limit, period)


def allow(request, action):
    """Counts one `action` for the request's user and address; False once either has
    used up its limit. The address is only hashed into a short-lived cache key."""
    rate = settings.RATE_LIMITS.get(action)
    if not rate:
        return True
    limit, period = parse(rate)
    keys = [f"{action}:ip:{client_address(request)}"]
    if request.user.is_authenticated:
        keys.append(f"{action}:user:{request.user.pk}")
    results = [_hit(key, limit, period) for key in keys]
    return all(results)


def longest_window():
    """The longest time in seconds any rate-limit counter lives: the portal's
    (RATE_LIMITS) and allauth's (ACCOUNT_RATE_LIMITS, such as "10/m/ip,5/5m/key").
    The privacy page states it."""
    rates = list(settings.RATE_LIMITS.values())
    for value in (getattr(settings, "ACCOUNT_RATE_LIMITS", None) or {}).values():
        rates.extend(value.split(",") if value else [])
    longest = 0
    for rate in rates:
        period = rate.split("/")[1].strip()  # "m", or "5m" with a multiple
        longest = max(longest, int(period[:-1] or 1) * PERIODS[period[-1]])
    return longest


def slowdown(key):
    """Seconds to wait before the next try of `key` (an account's failed logins): none
    until LOGIN_SLOWDOWN_AFTER failures within LOGIN_SLOWDOWN_WINDOW, then
    LOGIN_SLOWDOWN_SECONDS. A slowdown and not a wall: a stranger who knows the address
    makes the real user wait a moment, never locks them out."""
    count = cache.get(_slowdown_key(key), 0)
    return settings.LOGIN_SLOWDOWN_SECONDS if count >= settings.LOGIN_SLOWDOWN_AFTER else 0


def count_failure(key):
    cache_key = _slowdown_key(key)
    cache.add(cache_key, 0, settings.LOGIN_SLOWDOWN_WINDOW)
    try:
        cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, settings.LOGIN_SLOWDOWN_WINDOW)


def _slowdown_key(key):
    return "rl:slow:" + hashlib.sha256(key.encode()).hexdigest()[:32]
