"""Forgets the cached copy of a user (portal/backends.py) when their row changes: at once,
and again after the commit, so that no request in between keeps the old row."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from portal.backends import forget_user
from portal.models import User

# Sent by the task worker (portal/worker.py) with task_path, args and kwargs when a task
# whose worker was lost goes back in the queue: its app releases what that attempt held.
task_put_back = Signal()


@receiver([post_save, post_delete], sender=User)
def user_changed(sender, instance, **kwargs):
    forget_user(instance.pk)
    transaction.on_commit(lambda: forget_user(instance.pk))
