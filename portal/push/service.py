"""`notify()`: what the apps call when something happened that someone may want pushed."""

from django.db import transaction

from portal.push import keys
from portal.push.models import PushSubscription
from portal.push.tasks import send_push

# Users per task: a new post of an officer with thousands of followers is sent by several
# tasks, so that one task never runs for minutes.
BATCH = 200


def notify(kind, path, users):
    """Sends the push message `kind` with the link `path` (a path on this site) to the
    devices of `users` (users, ids, or a queryset of either) that turned `kind` on,
    through the task worker once the current transaction commits. Costs one query when
    no device wants it, and then enqueues nothing."""
    if not keys.enabled():
        return
    if isinstance(users, list | tuple | set):
        users = [getattr(u, "pk", u) for u in users]
    user_ids = list(
        PushSubscription.objects.for_kind(kind).filter(user__in=users)
        .order_by("user_id").values_list("user_id", flat=True).distinct()
    )
    if not user_ids:
        return
    for start in range(0, len(user_ids), BATCH):
        batch = user_ids[start:start + BATCH]
        transaction.on_commit(lambda batch=batch: send_push.enqueue(str(kind), path, batch))
