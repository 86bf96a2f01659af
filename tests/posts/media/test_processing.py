"""The processing task: renditions into public storage, failures leave no file."""

import io

import av
import pytest
from django.core.files.storage import storages

from portal.media.processing import strip_check
from posts import media as media_store
from posts.models import MediaItem
from posts.tasks import process_media
from tests.helpers.posts import (
    add_media,
    english,  # noqa: F401 (autouse fixture)
    files_under,
    jpeg_bytes,
    make_post,
    mp4_bytes,
    photo,
    served,
    stored_files,
    video,
)


@pytest.fixture
def draft(officer):
    # Published, so that its renditions are in the public store (a draft's are private:
    # tests/posts/media/test_offline.py).
    return make_post(officer, photos=0)


def test_it_makes_webp_and_jpeg_renditions_in_public_storage(draft, settings):
    item = add_media(draft, photo(data=jpeg_bytes(size=(1200, 800))))
    assert item.status == MediaItem.Status.READY
    assert (item.width, item.height) == (1200, 800)
    widths = sorted({r["width"] for r in item.renditions})
    assert widths == [480, 960, 1200]  # never upscaled to 1600
    assert {"jpeg", "webp"} <= {r["format"] for r in item.renditions}
    public = files_under(settings.MEDIA_ROOT)
    assert sorted(r["name"] for r in item.renditions) == public
    # The original stays private, under a name that says nothing.
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [item.original.name]
    assert "photo" not in item.original.name


def test_it_gives_renditions_random_unguessable_names(draft):
    item = add_media(draft, photo())
    for entry in item.renditions:
        stem = entry["name"].rsplit("/", 1)[-1].split(".")[0]
        assert len(stem) == 32 and str(item.pk) not in entry["name"].split("/")[0]


def test_it_serves_renditions_without_exif_or_gps(draft, client):
    item = add_media(draft, photo(data=jpeg_bytes(size=(640, 480), gps=True)))
    assert item.renditions
    for entry in item.renditions:
        data = served(client, storages["default"].url(entry["name"]))
        assert strip_check(data) == {}, entry


def test_it_transcodes_a_video_with_poster_and_no_location(draft, client):
    item = add_media(draft, video(data=mp4_bytes(seconds=2, location="+49.4447+007.7690/")),
                     kind=MediaItem.Kind.VIDEO, alt_text="")
    assert item.status == MediaItem.Status.READY, item.failure_reason
    assert item.video.endswith(".mp4") and item.poster.endswith(".jpg")
    assert item.video_bytes > 0 and item.duration > 1
    poster = served(client, item.poster_url)
    assert strip_check(poster) == {}
    clip = served(client, item.video_url)
    with av.open(io.BytesIO(clip)) as container:
        assert "location" not in container.metadata


def test_it_marks_a_broken_file_failed_and_leaves_no_file(draft, settings):
    item = add_media(draft, photo(data=jpeg_bytes()[:200]), process=False)
    process_media.call(item.pk)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.FAILED
    assert "could not be read" in item.failure_reason or "konnte nicht" in item.failure_reason
    assert stored_files() == []
    assert not item.original


def test_it_removes_renditions_written_before_an_unexpected_failure(draft, monkeypatch):
    item = add_media(draft, photo(), process=False)
    real_save = media_store.StoredFiles.save
    calls = []

    def failing_save(self, *args):
        calls.append(args)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(self, *args)

    monkeypatch.setattr(media_store.StoredFiles, "save", failing_save)
    process_media.call(item.pk)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.FAILED
    assert item.failure_reason  # says what to do, without the technical details
    assert "disk" not in item.failure_reason
    assert stored_files() == []


def test_it_processes_an_item_only_once(draft):
    item = add_media(draft, photo(), process=False)
    assert MediaItem.objects.claim(item.pk) is not None
    assert process_media.call(item.pk) == "skipped"  # claimed by another worker
    assert MediaItem.objects.get(pk=item.pk).renditions == []


def test_it_skips_an_item_deleted_before_processing(draft):
    item = add_media(draft, photo(), process=False)
    MediaItem.objects.filter(pk=item.pk).delete()
    assert process_media.call(item.pk) == "skipped"


def test_it_discards_renditions_of_an_item_deleted_while_processing(draft, monkeypatch, settings):
    item = add_media(draft, photo(), process=False)
    claimed = MediaItem.objects.claim(item.pk)
    real = media_store.make_renditions

    def delete_meanwhile(media, files):
        fields = real(media, files)
        MediaItem.objects.filter(pk=media.pk).delete()
        return fields

    monkeypatch.setattr(media_store, "make_renditions", delete_meanwhile)
    assert media_store.process(claimed) is False
    assert files_under(settings.MEDIA_ROOT) == []


def test_it_replaces_old_renditions_when_processed_again(draft, settings):
    item = add_media(draft, photo())
    old = {r["name"] for r in item.renditions}
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.PROCESSING)
    process_media.call(item.pk)
    item.refresh_from_db()
    new = {r["name"] for r in item.renditions}
    assert new and not (old & new)
    assert set(files_under(settings.MEDIA_ROOT)) == new


def test_a_failed_reprocessing_takes_the_earlier_renditions_offline(draft, monkeypatch, settings):
    # After regions change, the earlier renditions may show what is now to be blurred.
    item = add_media(draft, photo())
    assert files_under(settings.MEDIA_ROOT)
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.PROCESSING)

    def broken(media, files):
        raise OSError("disk full")

    monkeypatch.setattr(media_store, "make_renditions", broken)
    process_media.call(item.pk)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.FAILED
    assert item.renditions == [] and item.poster == "" and item.video == ""
    assert files_under(settings.MEDIA_ROOT) == []


def test_it_deletes_all_files_with_the_post(officer, django_capture_on_commit_callbacks):
    post = make_post(officer, photos=2)
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert stored_files() == []
    assert not MediaItem.objects.exists()


def test_it_deletes_the_files_of_one_removed_item(officer, django_capture_on_commit_callbacks):
    post = make_post(officer, photos=2)
    first, second = post.media.all()
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    remaining = set(stored_files())
    assert second.original.name in remaining
    assert not any(r["name"] in remaining for r in first.renditions)
    assert first.original.name not in remaining
