"""Background work of the review: scheduled posts go public without anyone present."""

from django_tasks import task

from posts import workflow


@task()
def publish_due_posts():
    """Publishes approved posts whose time has come. Listed in settings.PERIODIC_TASKS;
    safe to run twice at once (each post is claimed by a conditional update)."""
    return workflow.publish_due()
