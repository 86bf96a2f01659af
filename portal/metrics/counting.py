"""Page views counted in the cache, moved to the database by a periodic task.

The request only touches the cache (one `incr` in the common case): no database write,
no cookie, nothing about the visitor. A counter is keyed by time slot and
"day:officer:post", nothing else. Views from bots (by user agent) and prefetches are
left out.

Several app servers may share the cache: counters are atomic `incr`s. A flush moves
only closed slots (the current and the previous slot are still being written), and
marks each slot in the database in the same transaction as its counts (ViewFlush), so
a slot is added once even when two flushes race or one dies half-way. Counters that
were never flushed expire with the cache after KEEP_SECONDS.

With the embedded default's local-memory cache the task worker cannot see the web
process's counters, so the web process moves its own closed slots, once per slot: one
database write every few minutes, not one per view. (A process-local cache is for one
web process only; several app servers need a shared cache such as Redis.)
"""

import datetime
import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

SLOT_SECONDS = 300
KEEP_SECONDS = 2 * 24 * 3600
PREFIX = "views"

# Crawlers, link previews, feed fetchers, monitors and command-line clients, as
# lower-case parts of the user agent; no user agent at all is no person either.
# Plain substring tests: several times faster than one regular expression.
BOT_WORDS = (
    "bot", "crawl", "spider", "slurp", "archiver", "preview", "facebookexternalhit",
    "embedly", "whatsapp", "telegram", "discord", "skype", "feed", "rss", "monitor",
    "uptime", "pingdom", "check", "lighthouse", "headless", "phantomjs", "curl", "wget",
    "python", "httpx", "aiohttp", "java/", "go-http", "okhttp", "libwww", "scrapy",
    "node-fetch", "axios", "postman", "insomnia",
)


def is_bot(user_agent):
    if not user_agent:
        return True
    agent = user_agent.lower()
    return any(word in agent for word in BOT_WORDS)


def _is_prefetch(meta):
    return "prefetch" in meta.get("HTTP_SEC_PURPOSE", "") or meta.get("HTTP_PURPOSE") == "prefetch"


def cache_is_process_local():
    """True with the local-memory cache: each process has its own, so the task worker
    that flushes never sees the web process's counters."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    return isinstance(caches["default"], LocMemCache)


def current_slot():
    return int(time.time()) // SLOT_SECONDS


def _count_key(slot, bucket):
    return f"{PREFIX}:{slot}:c:{bucket}"


def _size_key(slot):
    return f"{PREFIX}:{slot}:n"


def _index_key(slot, number):
    return f"{PREFIX}:{slot}:i:{number}"


def record_view(request, officer, post=None):
    """Counts one view of `officer`'s channel page, or of `post` when given."""
    meta = request.META
    if request.method != "GET" or is_bot(meta.get("HTTP_USER_AGENT", "")) or _is_prefetch(meta):
        return
    slot = current_slot()
    bucket = f"{timezone.localdate().isoformat()}:{officer.pk}:{post.pk if post else 0}"
    key = _count_key(slot, bucket)
    try:
        cache.incr(key)
        return
    except ValueError:
        pass
    if not cache.add(key, 1, KEEP_SECONDS):
        cache.incr(key)  # another server created it just now
        return
    # The first view of this bucket in this slot: list the bucket so the flush finds
    # it (a cache cannot list its keys). The number makes each entry a key of its own.
    cache.add(_size_key(slot), 0, KEEP_SECONDS)
    number = cache.incr(_size_key(slot))
    cache.set(_index_key(slot, number), bucket, KEEP_SECONDS)
    _flush_in_process_if_due(slot)


_flushed_in_process = None


def _flush_in_process_if_due(slot):
    global _flushed_in_process
    if _flushed_in_process != slot and cache_is_process_local():
        _flushed_in_process = slot
        flush(slot)


def _read_slot(slot, size):
    index_keys = [_index_key(slot, n) for n in range(1, size + 1)]
    buckets = list(cache.get_many(index_keys).values())
    count_keys = {_count_key(slot, b): b for b in buckets}
    counts = {}
    for key, value in cache.get_many(list(count_keys)).items():
        day, officer_id, post_id = count_keys[key].split(":")
        counts[(day, int(officer_id), int(post_id) or None)] = int(value)
    return counts, [_size_key(slot), *index_keys, *count_keys]


def _store(slot, counts):
    """Adds one slot's counts to DailyViews; False if that slot was already added."""
    from portal.metrics import sources
    from portal.metrics.models import DailyViews, ViewFlush

    officers = sources.existing_officer_ids({officer for _, officer, _ in counts})
    posts = sources.post_officers({post for _, _, post in counts if post})
    rows, orphans = {}, {}
    for (day, officer_id, post_id), count in counts.items():
        if officer_id not in officers or count <= 0:
            continue
        day = datetime.date.fromisoformat(day)
        if post_id and posts.get(post_id) != officer_id:
            # The post was deleted since: keep the views as views of a post of the officer.
            orphans[day, officer_id] = orphans.get((day, officer_id), 0) + count
        else:
            rows[day, officer_id, post_id] = count
    try:
        with transaction.atomic():
            ViewFlush.objects.create(slot=slot)
            DailyViews.objects.add_counts(rows)
            DailyViews.objects.bulk_create(
                DailyViews(date=day, officer_id=officer_id, kind=DailyViews.Kind.POST, count=n)
                for (day, officer_id), n in orphans.items()
            )
    except IntegrityError:
        return False
    return True


def flush(slot=None):
    """Moves the counts of every closed slot into DailyViews. Returns the number of
    views moved. `slot` is the current slot (for tests); default: now."""
    from portal.metrics.models import ViewFlush

    current = current_slot() if slot is None else slot
    candidates = range(current - KEEP_SECONDS // SLOT_SECONDS, current - 1)
    sizes = cache.get_many([_size_key(s) for s in candidates])
    if not sizes:
        return 0
    moved = 0
    for s in candidates:
        size = sizes.get(_size_key(s))
        if not size:
            continue
        counts, keys = _read_slot(s, int(size))
        if _store(s, counts):
            moved += sum(counts.values())
        cache.delete_many(keys)
    # Markers older than any counter the cache may still hold are no longer needed.
    ViewFlush.objects.filter(slot__lt=candidates.start - 1).delete()
    return moved


def pending():
    """Views counted in the cache but not yet flushed (all slots), for tests and the
    benchmark."""
    current = current_slot()
    total = 0
    for s in range(current - KEEP_SECONDS // SLOT_SECONDS, current + 1):
        size = cache.get(_size_key(s))
        if size:
            counts, _keys = _read_slot(s, int(size))
            total += sum(counts.values())
    return total
