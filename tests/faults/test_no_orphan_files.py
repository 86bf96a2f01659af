"""No public file without a row, ever: processing is failed at each step (writing the
renditions, saving the row, deleting the replaced files, the worker dying in between)
and afterwards every public file is named by a row, at once or after the sweep."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.db.utils import OperationalError
from django.utils import timezone

from portal.media import storage
from portal.media.storage import StoredFiles
from portal.models import PendingFile
from portal.signals import task_put_back
from portal.tasks import delete_abandoned_files
from posts import media as media_store
from posts.models import MediaItem
from posts.tasks import requeue_stuck_media
from tests.helpers.posts import add_media, english, files_under, jpeg_bytes, make_post, photo  # noqa: F401


@pytest.fixture
def draft(officer):
    # Published, so that its renditions are in the public store (a draft's are private:
    # tests/posts/media/test_offline.py).
    return make_post(officer, photos=0)


def public_files():
    return files_under(settings.MEDIA_ROOT)


def named_files():
    names = set()
    for entries, video, poster in MediaItem.objects.values_list("renditions", "video", "poster"):
        names.update(entry["name"] for entry in entries)
        names.update(name for name in (video, poster) if name)
    return names


def sweep_later():
    later = timezone.now() + datetime.timedelta(seconds=settings.PENDING_FILE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        return delete_abandoned_files.call()


def test_a_failure_while_writing_renditions_leaves_no_file(draft):
    real_save, calls = storage.public_storage().save, []

    def save_twice_then_fail(name, content):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(name, content)

    with mock.patch.object(storage.public_storage(), "save", side_effect=save_twice_then_fail):
        item = add_media(draft, photo(data=jpeg_bytes(size=(1200, 800))))
    assert len(calls) == 3
    assert item.status == MediaItem.Status.FAILED
    assert public_files() == [] and not PendingFile.objects.exists()


def test_a_lost_database_at_the_final_save_leaves_no_public_file(draft):
    item = add_media(draft, photo(), process=False)
    claimed = MediaItem.objects.claim(item.pk)
    with mock.patch.object(StoredFiles, "keep",
                           side_effect=OperationalError("server closed the connection")), \
            pytest.raises(OperationalError):
        media_store.process(claimed)  # the worker puts the task back (tests/faults)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.PROCESSING and item.renditions == []
    assert public_files() == []

    # The worker puts the task back: the item's claim is released and it runs again.
    assert MediaItem.objects.claim(item.pk) is None
    task_put_back.send(sender=None, task_path="posts.tasks.process_media", args=[item.pk],
                       kwargs={})
    again = MediaItem.objects.claim(item.pk)
    assert again is not None and media_store.process(again)
    assert set(public_files()) == named_files() and not PendingFile.objects.exists()


def test_files_of_a_worker_that_died_before_saving_are_swept(draft):
    ready = add_media(draft, photo())
    item = add_media(draft, photo(), process=False, position=1)
    claimed = MediaItem.objects.claim(item.pk)
    media_store.make_renditions(claimed, StoredFiles())  # written, then the worker is killed
    orphans = set(public_files()) - named_files()
    assert orphans and PendingFile.objects.count() == len(orphans)

    assert delete_abandoned_files.call() == 0  # a job may still be at it
    assert sweep_later() == len(orphans)
    assert set(public_files()) == named_files()
    assert {r["name"] for r in ready.renditions} <= set(public_files())
    assert not PendingFile.objects.exists()


def test_replaced_files_that_could_not_be_deleted_are_swept(draft):
    item = add_media(draft, photo())
    first = {r["name"] for r in item.renditions}
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.PROCESSING)
    again = MediaItem.objects.claim(item.pk)
    refused = OSError("access denied")
    with mock.patch.object(storage.public_storage(), "delete", side_effect=refused):
        assert media_store.process(again)
    assert first <= set(public_files())  # still there, but journaled
    assert sweep_later() == len(first)
    assert set(public_files()) == named_files()
    assert not first & set(public_files())


def test_the_sweep_keeps_portrait_renditions(officer, django_capture_on_commit_callbacks):
    from officers.tasks import process_portrait

    officer.portrait.save("portrait", photo(), save=True)
    process_portrait.call(officer.pk, officer.portrait.name)
    officer.refresh_from_db()
    assert officer.portrait_renditions
    sweep_later()
    assert {r["name"] for r in officer.portrait_renditions} <= set(public_files())


def test_an_upload_whose_task_was_lost_is_enqueued_again(draft, settings):
    item = add_media(draft, photo(), process=False)  # its task never ran
    assert requeue_stuck_media.call() == 0  # not stuck yet
    later = timezone.now() + datetime.timedelta(seconds=settings.MEDIA_STUCK_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert requeue_stuck_media.call() == 1  # the immediate backend runs it at once
    item.refresh_from_db()
    assert item.status == MediaItem.Status.READY
