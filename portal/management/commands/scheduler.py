"""Enqueues the periodic tasks listed in settings.PERIODIC_TASKS on their intervals.

Run exactly one scheduler beside any number of task workers: it only enqueues, the
workers do the work, and every periodic task is safe to run twice.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue periodic tasks (publish scheduled posts, flush view counts, …)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every task once, then exit."
        )

    def handle(self, *args, once=False, **options):
        due = {path: 0.0 for path, _ in settings.PERIODIC_TASKS}
        intervals = dict(settings.PERIODIC_TASKS)
        while True:
            now = time.monotonic()
            for path, next_run in due.items():
                if once or now >= next_run:
                    import_string(path).enqueue()
                    due[path] = now + intervals[path]
            if once:
                return
            time.sleep(1)
