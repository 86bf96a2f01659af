"""Background work of the federation app, run by the task worker."""

from django.conf import settings
from django_tasks import task

from federation import outbox


@task()
def deliver_due():
    """Sends every delivery that is due (new ones, and retries whose time has come).
    Started a few times side by side when something is queued, and periodically."""
    if not settings.FEDERATION_ENABLED:
        return 0
    return outbox.deliver_due()
