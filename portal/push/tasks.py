"""Push messages are sent by the task worker, never in a request."""

import requests
from django_tasks import task

from portal.push.delivery import deliver
from portal.push.models import PushSubscription


@task()
def send_push(kind, path, user_ids):
    """Sends `kind` with the link `path` to every device of `user_ids` that wants it now
    (a device removed or a kind turned off since it was queued gets nothing). Returns how
    many devices got it."""
    devices = PushSubscription.objects.for_kind(kind).filter(user_id__in=user_ids)
    with requests.Session() as session:  # most devices share a push service (FCM)
        return sum(deliver(device, kind, path, session) for device in devices.order_by("pk"))
