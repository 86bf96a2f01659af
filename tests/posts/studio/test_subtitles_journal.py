"""Subtitles sent in the studio are in the journal of pending files from the moment they
are written until the transaction that names them commits: a process that dies in
between leaves them to the sweep, and a save that fails removes them at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from portal.media.storage import delete_abandoned_files
from portal.models import PendingFile
from posts import uploads
from posts.models import MediaItem
from tests.helpers.posts import add_media, make_post, stored_files, video

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nStreife am Markt\n"


def subtitles():
    return SimpleUploadedFile("untertitel.vtt", VTT)


def vtt_files():
    return [name for name in stored_files() if name.endswith(".vtt")]


@pytest.fixture
def video_post(officer, client):
    post = make_post(officer, published=False, photos=0)
    item = add_media(post, video(), kind=MediaItem.Kind.VIDEO, alt_text="")
    client.force_login(officer.user)
    return post, item


def edit(client, post, **data):
    return client.post(reverse("posts:studio_edit", args=[post.pk]),
                       {"caption": "Streife", **data})


def test_subtitles_are_journaled_while_the_row_naming_them_is_saved(
        client, video_post, monkeypatch):
    post, item = video_post
    seen = []

    def used(resumed):  # runs inside the transaction, after the subtitles were set
        seen.extend(PendingFile.objects.values_list("name", flat=True))

    monkeypatch.setattr(uploads, "used", used)
    edit(client, post, subtitles=subtitles())
    item.refresh_from_db()
    assert item.subtitles.name and seen == [item.subtitles.name]
    assert not PendingFile.objects.exists()  # taken off with the commit of the row


def test_a_save_that_fails_leaves_no_subtitle_file_and_no_entry(
        client, video_post, monkeypatch):
    post, item = video_post

    def database_gone(resumed):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(uploads, "used", database_gone)
    with pytest.raises(DatabaseError):
        edit(client, post, subtitles=subtitles())
    item.refresh_from_db()
    assert not item.subtitles
    assert vtt_files() == []
    assert not PendingFile.objects.exists()


def test_subtitles_of_a_request_that_died_are_swept(client, video_post, monkeypatch):
    """A process killed after writing the file and before the commit: its journal entry,
    committed before the write, is all that is left; the sweep deletes the file."""
    post, item = video_post

    def killed(resumed):
        raise SystemExit  # nothing after this runs in a killed process: no cleanup
    monkeypatch.setattr(uploads, "used", killed)
    monkeypatch.setattr("portal.media.storage.StoredFiles.discard", lambda self, spare=(): None)
    with pytest.raises(SystemExit):
        edit(client, post, subtitles=subtitles())
    (left,) = vtt_files()
    assert list(PendingFile.objects.values_list("name", flat=True)) == [left]

    assert delete_abandoned_files(timezone.now() + timezone.timedelta(seconds=1)) == 1
    assert vtt_files() == []
    item.refresh_from_db()
    assert not item.subtitles
