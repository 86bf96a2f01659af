"""Fixed-window rate limits in the cache, per account and per address.

Limits are settings such as RATE_LIMITS["comment"] = "10/m" (count per s, m, h or d).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse(rate):
    count, period = rate.split("/")
    return int(count), PERIODS[period]


def client_address(request):
    # Behind the proxy the address of the client is the last hop it added.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.TRUSTED_PROXY_COUNT:
        hops = [h.strip() for h in forwarded.split(",")]
        return hops[-min(settings.TRUSTED_PROXY_COUNT, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


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
