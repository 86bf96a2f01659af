"""Upgrading a database whose renditions were all written to the public store (before
issue 14): the migration marks them public, and the periodic placement then moves those
of posts that are not public to the private store."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.media.storage import private_storage, public_storage
from posts import media as media_store
from posts.models import MediaItem, Post
from tests.helpers.posts import add_media, english, files_under, photo  # noqa: F401

BEFORE = [("posts", "0007_merge_20261204_0413")]


@pytest.mark.once  # migrates back and forth: slow
@pytest.mark.django_db(transaction=True)
def test_renditions_written_before_are_marked_public_then_placed(officer, settings):
    draft = Post.objects.create(officer=officer, author=officer.user, caption="Entwurf")
    item = add_media(draft, photo())
    # As the old code left it: the renditions in the public store.
    for name in item.file_names():
        with private_storage().open(name) as f:
            public_storage().save(name, f)
        private_storage().delete(name)

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    item.refresh_from_db()
    assert item.files_public  # what the old code did, said so
    assert set(item.file_names()) <= set(files_under(settings.MEDIA_ROOT))
    assert media_store.place_misplaced() == 1
    item.refresh_from_db()
    assert not item.files_public
    assert not set(item.file_names()) & set(files_under(settings.MEDIA_ROOT))
    assert MediaItem.objects.count() == 1
