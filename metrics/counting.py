"""Moving the page views counted in the cache (portal/viewcounts.py) into DailyViews.

A flush moves only closed slots (the current and the previous slot are still being
written), and marks each slot in the database in the same transaction as its counts
(ViewFlush), so a slot is added once even when two flushes race or one dies half-way.
"""

import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction

from metrics import sources
from metrics.models import DailyViews, ViewFlush
from portal.viewcounts import (
    KEEP_SECONDS,
    SLOT_SECONDS,
    current_slot,
    read_slot,
    size_key,
)


def _store(slot, counts):
    """Adds one slot's counts to DailyViews; False if that slot was already added."""
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
    current = current_slot() if slot is None else slot
    candidates = range(current - KEEP_SECONDS // SLOT_SECONDS, current - 1)
    sizes = cache.get_many([size_key(s) for s in candidates])
    if not sizes:
        return 0
    moved = 0
    for s in candidates:
        size = sizes.get(size_key(s))
        if not size:
            continue
        counts, keys = read_slot(s, int(size))
        if _store(s, counts):
            moved += sum(counts.values())
        cache.delete_many(keys)
    # Markers older than any counter the cache may still hold are no longer needed.
    ViewFlush.objects.filter(slot__lt=candidates.start - 1).delete()
    return moved


def flush_closed_slots(sender, slot, **kwargs):
    """With the local-memory cache, the web process moves its own closed slots."""
    flush(slot)
