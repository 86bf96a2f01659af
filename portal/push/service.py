"""`notify()`: what the apps call when something happened that someone may want pushed."""

from django.db import transaction

from portal.push import keys
from portal.push.models import PushSubscription
from portal.push.tasks import send_push

# Users per task: a new post of an officer with thousands of followers is sent by several
# tasks, so that one task never runs for minutes.
BATCH = 200


def _ids(users):
    if isinstance(users, list | tuple | set):
        return [getattr(u, "pk", u) for u in users]
    return users


def notify(kind, path, users):
    """Sends the push message `kind` with the link `path` (a path on this site) to the
    devices of `users` (users, ids, or a queryset of either) that turned `kind` on,
    through the task worker once the current transaction commits. Costs one query when
    no device wants it, and then enqueues nothing."""
    if not keys.enabled():
        return
    user_ids = list(
        PushSubscription.objects.for_kind(kind).filter(user__in=_ids(users))
        .order_by("user_id").values_list("user_id", flat=True).distinct()
    )
    _enqueue(kind, path, user_ids)


def notify_one_of(kinds, path, users):
    """Like notify(), for an event that is of several kinds, the first one named the most
    particular (an urgent question is a question too): each person gets it once, as the
    first of `kinds` they turned on."""
    if not keys.enabled():
        return
    wanted = (PushSubscription.objects.filter(user__in=_ids(users), user__is_active=True,
                                              user__push_choices__kind__in=kinds)
              .values_list("user_id", "user__push_choices__kind").distinct())
    first = {}
    for user_id, kind in sorted(wanted, key=lambda row: kinds.index(row[1])):
        first.setdefault(user_id, kind)
    for kind in kinds:
        _enqueue(kind, path, sorted(u for u, k in first.items() if k == kind))


def _enqueue(kind, path, user_ids):
    for start in range(0, len(user_ids), BATCH):
        batch = user_ids[start:start + BATCH]
        transaction.on_commit(lambda batch=batch: send_push.enqueue(str(kind), path, batch))
