"""Background work of the accessibility app, run by the task worker."""

from django.db import transaction
from django_tasks import task

from accessibility import retention, videos
from accessibility.models import SignLanguageVideo
from portal.media.storage import delete_files, private_storage


@task()
def process_sign_language_video(video_id, original_name):
    """Makes the public files of a video in sign language. `original_name` says which
    upload this job is for: if the press office replaced the file meanwhile, this older
    job does nothing."""
    video = SignLanguageVideo.objects.filter(pk=video_id, original=original_name).first()
    if video is None:
        return "skipped"
    return videos.process(video)


@task()
def apply_feedback_retention():
    """Periodic (settings.PERIODIC_TASKS): answered feedback past its retention period is
    deleted. Safe to run twice at once."""
    return retention.run()


def upload_changed(video, old_name):
    """Call after the admin saved a video's file: the old original goes, the new one is
    processed in the background once the save has committed."""
    new_name = video.original.name or ""
    if old_name and old_name != new_name:
        transaction.on_commit(lambda: delete_files(private_storage(), [old_name]))
    if new_name and new_name != old_name:
        transaction.on_commit(
            lambda: process_sign_language_video.enqueue(video.pk, new_name))
