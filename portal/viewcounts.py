"""Page views counted in the cache; the pilot figures (metrics/counting.py) move them to
the database with a periodic task.

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
process's counters, so the web process moves its own closed slots, once per slot (it
sends `slot_opened`, which the figures app receives): one database write every few
minutes, not one per view. (A process-local cache is for one web process only; several
app servers need a shared cache such as Redis.)
"""

import time

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.dispatch import Signal
from django.utils import timezone

SLOT_SECONDS = 300
KEEP_SECONDS = 2 * 24 * 3600
PREFIX = "views"

# Sent, with the local-memory cache only, when a process counts its first view of a new
# slot: the slots before it are closed and can be moved to the database.
slot_opened = Signal()

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
    return isinstance(caches["default"], LocMemCache)


def current_slot():
    return int(time.time()) // SLOT_SECONDS


def _count_key(slot, bucket):
    return f"{PREFIX}:{slot}:c:{bucket}"


def size_key(slot):
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
    cache.add(size_key(slot), 0, KEEP_SECONDS)
    number = cache.incr(size_key(slot))
    cache.set(_index_key(slot, number), bucket, KEEP_SECONDS)
    _flush_in_process_if_due(slot)


_flushed_in_process = None


def _flush_in_process_if_due(slot):
    global _flushed_in_process
    if _flushed_in_process != slot and cache_is_process_local():
        _flushed_in_process = slot
        slot_opened.send(sender=None, slot=slot)


def read_slot(slot, size):
    index_keys = [_index_key(slot, n) for n in range(1, size + 1)]
    buckets = list(cache.get_many(index_keys).values())
    count_keys = {_count_key(slot, b): b for b in buckets}
    counts = {}
    for key, value in cache.get_many(list(count_keys)).items():
        day, officer_id, post_id = count_keys[key].split(":")
        counts[(day, int(officer_id), int(post_id) or None)] = int(value)
    return counts, [size_key(slot), *index_keys, *count_keys]


def pending():
    """Views counted in the cache but not yet flushed (all slots), for tests and the
    benchmark."""
    current = current_slot()
    total = 0
    for s in range(current - KEEP_SECONDS // SLOT_SECONDS, current + 1):
        size = cache.get(size_key(s))
        if size:
            counts, _keys = read_slot(s, int(size))
            total += sum(counts.values())
    return total
