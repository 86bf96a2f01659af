"""Cost of counting page views (metrics.counting) and of flushing the counters.

    python benchmarks/views_counting.py [--calls 20000] [--counters 2000]
                                        [--cache-url redis://127.0.0.1:6379/15]

Measures, with the portal's code and a real cache:
  * record_view per call (µs): a repeated view (one incr), the first view of a counter
    in its time slot (add + index entry), and a bot (refused by the user agent), beside
    one plain cache.get on the same cache for reference;
  * one flush of N counters (ms) into DailyViews on SQLite in memory.
Without --cache-url it runs on the local-memory cache, and on Redis as well when one
answers on 127.0.0.1:6379 (database 15, keys prefixed, nothing else touched).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import redis_available  # noqa: E402

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def setup(cache_urls):
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456")
    os.environ.setdefault("HTTPS", "false")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django
    from django.conf import settings

    django.setup()
    # Local memory (one process only; not culled here): the cost of the code itself.
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": 1_000_000}}}
    for name, url in cache_urls.items():
        caches[name] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": url, "KEY_PREFIX": "bench-views"}
    settings.CACHES = caches
    settings.LOGGING_CONFIG = None
    # Tables straight from the models (as the test suite does), whatever migrations exist.
    from django.apps import apps
    from django.core.management import call_command

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def seed(posts_count):
    from officers.models import Officer, Station
    from posts.models import Post

    station = Station.objects.create(name="PI 1")
    officers = [
        Officer.objects.create(handle=f"officer_{n}", display_name=f"Officer {n}", station=station)
        for n in range(10)
    ]
    Post.objects.bulk_create(
        Post(officer=officers[n % 10], caption="x", state=Post.State.PUBLISHED)
        for n in range(posts_count)
    )
    return officers, list(Post.objects.select_related("officer"))


def per_call(function, calls):
    """Median of 5 rounds of `calls` calls, in µs per call."""
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for n in range(calls):
            function(n)
        rounds.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(rounds)


def run(alias, calls, counters, officers, posts):
    from unittest import mock

    from django.core import cache as cache_module
    from django.core.cache import caches
    from django.test import RequestFactory

    from metrics import counting
    from metrics.models import DailyViews, ViewFlush
    from portal import viewcounts

    cache = caches[alias]
    factory = RequestFactory()
    human = factory.get("/@officer_1/1/", HTTP_USER_AGENT=BROWSER)
    bot = factory.get("/@officer_1/1/", HTTP_USER_AGENT=BOT)
    post = posts[0]
    slot = [10_000_000]

    with mock.patch.object(counting, "cache", cache), \
            mock.patch.object(viewcounts, "cache", cache), \
            mock.patch.object(cache_module, "cache", cache), \
            mock.patch.object(viewcounts, "current_slot", lambda: slot[0]), \
            mock.patch.object(counting, "current_slot", lambda: slot[0]):
        viewcounts.record_view(human, post.officer, post)
        reference = per_call(lambda n: cache.get("bench-reference"), calls)
        repeated = per_call(lambda n: viewcounts.record_view(human, post.officer, post), calls)

        def first_view(n):
            # A new time slot per call: every call takes the "first view" path.
            slot[0] += 1
            viewcounts.record_view(human, post.officer, post)

        first = per_call(first_view, max(1, calls // 10))
        bots = per_call(lambda n: viewcounts.record_view(bot, post.officer, post), calls)

        # One slot with `counters` different counters (one per post), flushed at once,
        # after the counters of the measures above are out of the way.
        slot[0] += 2
        counting.flush()
        DailyViews.objects.all().delete()
        ViewFlush.objects.all().delete()
        slot[0] += 1
        for p in posts[:counters]:
            viewcounts.record_view(human, p.officer, p)
            viewcounts.record_view(human, p.officer, p)
        slot[0] += 2
        start = time.perf_counter()
        moved = counting.flush()
        flush_ms = (time.perf_counter() - start) * 1000
        assert moved == 2 * min(counters, len(posts)), moved
        assert DailyViews.objects.count() == min(counters, len(posts))
        # Leave nothing behind in a shared cache.
        slot[0] += 300
        counting.flush()

    print(f"{alias:>8}: cache.get (for reference)  {reference:8.1f} µs/call")
    print(f"{alias:>8}: record_view repeated view  {repeated:8.1f} µs/call")
    print(f"{alias:>8}: record_view first in slot  {first:8.1f} µs/call")
    print(f"{alias:>8}: record_view bot (refused)  {bots:8.1f} µs/call")
    print(f"{alias:>8}: flush of {counters} counters       {flush_ms:8.1f} ms "
          f"({flush_ms * 1000 / counters:.0f} µs per counter)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--counters", type=int, default=2_000)
    parser.add_argument("--cache-url", help="a Redis URL; default: Redis on 127.0.0.1 if up")
    args = parser.parse_args()
    cache_urls = {}
    if args.cache_url:
        cache_urls["redis"] = args.cache_url
    elif redis_available():
        cache_urls["redis"] = "redis://127.0.0.1:6379/15"
    setup(cache_urls)
    officers, posts = seed(args.counters)
    print(f"Counting views: {args.calls} calls per measure, median of 5 rounds")
    for alias in ["default", *cache_urls]:
        run(alias, args.calls, args.counters, officers, posts)


if __name__ == "__main__":
    main()
