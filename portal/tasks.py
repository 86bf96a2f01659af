"""Housekeeping (listed in settings.PERIODIC_TASKS): records that have served their
purpose are deleted, as the privacy page says. Safe to run twice at once."""

import datetime
from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from portal.media import storage


@task()
def delete_expired_records():
    """Deletes expired sessions (Django leaves them in the database until asked) with
    their entries in the account's list of sessions, and the records of background
    tasks finished more than TASK_RESULTS_KEEP_DAYS ago: an e-mail's record keeps its
    address (its text and links are made by the worker)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    # The account's list of its sessions (address and browser of each) goes with them.
    UserSession.objects.exclude(
        session_key__in=Session.objects.values("session_key")).delete()
    cutoff = timezone.now() - datetime.timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def delete_abandoned_files():
    """Public files written by a job that died before saving the row that names them
    (portal/media/storage.py) are deleted after PENDING_FILE_SECONDS. Returns how many."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.PENDING_FILE_SECONDS)
    return storage.delete_abandoned_files(cutoff)
