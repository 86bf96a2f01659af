"""Background work of the federation app, run by the task worker."""

from django.conf import settings
from django_tasks import task

from federation import outbox, retention
from federation.models import OutgoingActivity


@task()
def fan_out_activity(activity_id):
    """Makes the deliveries of a newly queued activity, then starts sending them."""
    activity = OutgoingActivity.objects.filter(pk=activity_id).first()
    if activity is None or not settings.FEDERATION_ENABLED:
        return 0
    made = outbox.fan_out(activity)
    if made:
        outbox.start_delivery(made)
    return made


@task()
def deliver_due():
    """Sends every delivery that is due (new ones, and retries whose time has come).
    Started a few times side by side when something is queued, and periodically."""
    if not settings.FEDERATION_ENABLED:
        return 0
    return outbox.deliver_due()


@task()
def apply_retention():
    """Periodic (settings.PERIODIC_TASKS): what we keep of remote people (retention.py)."""
    return retention.run()
