"""Periodic tasks of the pilot figures (listed in settings.PERIODIC_TASKS). Both are
safe to run twice and on several workers at once."""

import datetime

from django.utils import timezone
from django_tasks import task

from metrics import counting, snapshots


@task()
def flush_view_counts():
    """Moves the view counters of closed time slots from the cache to DailyViews."""
    return counting.flush()


@task()
def take_daily_snapshots():
    """Finishes yesterday's snapshot and brings today's (partial) one up to date.

    Run hourly: the first run after midnight completes yesterday, the later ones only
    repeat it with the same values."""
    counting.flush()
    today = timezone.localdate()
    written = 0
    for day in (today - datetime.timedelta(days=1), today):
        written += snapshots.take(day)
    return written
