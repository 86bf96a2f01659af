from django_tasks import task

from inbox import retention


@task()
def apply_retention():
    """Periodic (settings.PERIODIC_TASKS); safe to run twice at once."""
    return retention.run()
