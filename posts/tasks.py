"""Background work of the posts app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from posts import media
from posts.models import MediaItem


@task()
def process_media(media_id):
    """Make the public renditions of one uploaded photo or video.

    Claimed with a conditional update first, so that an item enqueued twice (or picked
    up by two workers) is processed once; an item deleted meanwhile is skipped."""
    item = MediaItem.objects.claim(media_id)
    if item is None:
        return "skipped"
    # Redaction (issue 8): the detector's suggestions, on a photo's first processing.
    from posts.redaction_tasks import suggest_regions

    suggest_regions(item)
    return "ready" if media.process(item) else "failed"
