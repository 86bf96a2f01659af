"""What `/healthz` reports: the database, the shared cache and the task queue."""

from django.conf import settings
from django.core.cache import cache as default_cache
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from portal.models import TaskWorker

# What a lost or restarting database raises (psycopg and sqlite3 alike).
DATABASE_DOWN = (OperationalError, InterfaceError)


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure makes this instance unhealthy
        return type(exc).__name__
    return "ok"


def cache():
    """"ok", "down", or "local" (a cache of this process only: nothing to be down)."""
    ping = getattr(default_cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "down"


def tasks():
    """The queue of background tasks: how many wait, how long the oldest has waited, how
    many workers were seen within the lease. "immediate" when tasks run in the web
    process (tests)."""
    if not isinstance(task_backends["default"], DatabaseBackend):
        return "immediate"
    now = timezone.now()
    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    seen = now - timezone.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return {
        "waiting": waiting.count(),
        "oldest_waiting_seconds": round((now - oldest).total_seconds()) if oldest else 0,
        "workers": TaskWorker.objects.filter(seen_at__gte=seen).count(),
    }


def tasks_late(report):
    return isinstance(report, dict) and (
        report["oldest_waiting_seconds"] > settings.HEALTH_TASK_WAIT_SECONDS
        or (report["waiting"] and not report["workers"]))
