"""Enqueues the periodic tasks listed in settings.PERIODIC_TASKS on their intervals.

Run exactly one scheduler beside any number of task workers: it only enqueues, the
workers do the work, and every periodic task is safe to run twice.

It outlives database outages: a failed enqueue is logged and tried again after a growing
pause (0.5 s doubling up to 30 s) on a new connection; a task that was due meanwhile is
enqueued once the database answers (once, not once per missed interval).
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

from portal.health import DATABASE_DOWN
from portal.worker import Backoff, close_connections

logger = logging.getLogger("portal.scheduler")


class Command(BaseCommand):
    help = "Enqueue periodic tasks (publish scheduled posts, flush view counts, …)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every task once, then exit."
        )

    def handle(self, *args, once=False, **options):
        due = {path: 0.0 for path, _ in settings.PERIODIC_TASKS}
        intervals = dict(settings.PERIODIC_TASKS)
        backoff = Backoff()
        while True:
            try:
                # Not inside a transaction (a test's): closing it there would end it.
                if not connection.in_atomic_block:
                    close_old_connections()
                self.enqueue_due(due, intervals, once=once)
            except DATABASE_DOWN as exc:
                if once:
                    raise
                delay = backoff.next()
                logger.warning("scheduler: database unavailable (%s), trying again in %.1f s",
                               str(exc).strip().splitlines()[0] if str(exc)
                               else type(exc).__name__, delay)
                close_connections()
                time.sleep(delay)
                continue
            if backoff.delay is not None:
                logger.warning("scheduler: the database answers again")
                backoff.reset()
            if once:
                return
            time.sleep(1)

    def enqueue_due(self, due, intervals, *, once):
        for path, next_run in due.items():
            now = time.monotonic()
            if once or now >= next_run:
                import_string(path).enqueue()
                due[path] = now + intervals[path]
