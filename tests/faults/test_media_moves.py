"""Moving a post's files between the stores (posts.media.place_files) fails at each step:
writing a copy, saving the row, deleting the old files, the process dying in between,
two moves at once, a deletion whose process dies after the commit. Afterwards no public
file is left without a row (at once, or after the sweep), the row names files that
exist, and nothing that should be offline answers 200 once the sweep has run."""

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
from portal.tasks import delete_abandoned_files
from posts import media as media_store
from posts.models import MediaItem, Post
from tests.helpers.posts import add_media, english, files_under, make_post, photo  # noqa: F401


def public_files():
    return set(files_under(settings.MEDIA_ROOT))


def private_files():
    return set(files_under(settings.PRIVATE_MEDIA_ROOT))


def sweep_later():
    later = timezone.now() + datetime.timedelta(seconds=settings.PENDING_FILE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        return delete_abandoned_files.call()


@pytest.fixture
def draft_item(officer):
    """A processed photo of a draft (private files), its post then published without
    the move (as if the process died right after the commit)."""
    post = Post.objects.create(officer=officer, author=officer.user, caption="Entwurf")
    item = add_media(post, photo())
    Post.objects.filter(pk=post.pk).update(state=Post.State.PUBLISHED,
                                           published_at=timezone.now())
    assert not item.files_public and public_files() == set()
    return item


@pytest.fixture
def public_item(officer):
    """A processed photo of a published post, then unpublished without the move."""
    post = make_post(officer, photos=1)
    item = post.media.get()
    Post.objects.filter(pk=post.pk).update(state=Post.State.UNPUBLISHED)
    assert item.files_public and public_files()
    return item


def test_a_failure_while_copying_leaves_no_copy_and_the_row_as_it_was(draft_item):
    names = draft_item.file_names()
    real_save, calls = storage.public_storage().save, []

    def fail_on_the_third(name, content):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(name, content)

    with mock.patch.object(storage.public_storage(), "save", side_effect=fail_on_the_third), \
            pytest.raises(OSError):
        media_store.place_files(draft_item.pk)
    draft_item.refresh_from_db()
    assert not draft_item.files_public and draft_item.file_names() == names
    assert public_files() == set() and set(names) <= private_files()
    assert not PendingFile.objects.exists()
    # The periodic placement moves them later.
    assert media_store.place_misplaced() == 1
    draft_item.refresh_from_db()
    assert draft_item.files_public and set(draft_item.file_names()) == public_files()


def test_a_lost_database_at_the_row_update_leaves_no_copy(public_item):
    names = public_item.file_names()
    with mock.patch.object(StoredFiles, "keep",
                           side_effect=OperationalError("server closed the connection")), \
            pytest.raises(OperationalError):
        media_store.place_files(public_item.pk)
    public_item.refresh_from_db()
    assert public_item.files_public and public_item.file_names() == names
    assert set(names) == public_files()
    assert not set(names) & private_files() and len(private_files()) == 1  # the original
    assert not PendingFile.objects.exists()


def test_old_public_files_the_store_would_not_delete_are_swept(public_item, client):
    old = public_item.file_names()
    with mock.patch.object(storage.public_storage(), "delete",
                           side_effect=OSError("access denied")):
        assert media_store.place_files(public_item.pk)
    public_item.refresh_from_db()
    assert not public_item.files_public
    assert set(old) <= public_files()  # still there, but journaled for deletion
    # Due at the next sweep (no grace period: no job takes them over again).
    assert delete_abandoned_files.call() == len(old)
    assert public_files() == set() and not PendingFile.objects.exists()
    for name in old:
        assert client.get(settings.MEDIA_URL + name).status_code == 404


def test_copies_of_a_process_that_died_before_saving_are_swept(public_item):
    files = StoredFiles(public=False)
    for name in public_item.file_names():  # copied, then the process is killed
        files.copy(storage.public_storage(), name)
    orphans = private_files() - {public_item.original.name}
    assert orphans and PendingFile.objects.filter(private=True).count() == len(orphans)
    assert delete_abandoned_files.call() == 0  # a job may still be at it
    assert sweep_later() == len(orphans)
    assert private_files() == {public_item.original.name}
    # The files the row names were not touched; the move is made later.
    assert set(public_item.file_names()) == public_files()
    assert media_store.place_misplaced() == 1 and public_files() == set()


def test_two_moves_at_once_write_the_files_once_and_lose_none(draft_item, monkeypatch):
    real_copy, raced = StoredFiles.copy, []

    def copy_while_another_move_finishes(self, source, name, **kwargs):
        if not raced:
            raced.append(True)
            assert media_store.place_files(draft_item.pk)  # the other move, done first
        return real_copy(self, source, name, **kwargs)

    monkeypatch.setattr(StoredFiles, "copy", copy_while_another_move_finishes)
    assert media_store.place_files(draft_item.pk) is False  # found it done
    draft_item.refresh_from_db()
    assert draft_item.files_public
    assert set(draft_item.file_names()) == public_files()
    assert private_files() == {draft_item.original.name}
    assert not PendingFile.objects.exists()
    assert sweep_later() == 0 and set(draft_item.file_names()) == public_files()


def test_a_deletion_whose_process_dies_after_the_commit_is_swept(officer):
    post = make_post(officer, photos=1)
    item = post.media.get()
    assert public_files() and private_files()
    post.delete()  # the commit's callbacks never run here: the files stay, journaled
    assert public_files() and PendingFile.objects.exists()
    sweep_later()
    assert public_files() == set() and private_files() == set()
    assert not PendingFile.objects.exists()
    assert not MediaItem.objects.filter(pk=item.pk).exists()
