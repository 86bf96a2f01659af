"""A photo taken offline (MediaItem.take_offline): its public files go at once, the post
page shows "Photo temporarily removed", and put_back_online() makes new renditions."""

import pytest

from posts.models import MediaItem
from tests.helpers.posts import english, make_post  # noqa: F401

pytestmark = pytest.mark.django_db


def test_it_takes_a_photo_offline_and_puts_it_back(
        client, officer, django_capture_on_commit_callbacks):
    post = make_post(officer)
    item = post.media.get()
    url = item.jpeg(480)["url"]
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        assert item.take_offline() is True
    assert item.take_offline() is False  # once

    assert client.get(url).status_code == 404
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Photo temporarily removed" in page and url not in page

    with django_capture_on_commit_callbacks(execute=True):
        assert item.put_back_online() is True
    item.refresh_from_db()
    assert item.status == MediaItem.Status.READY and not item.is_offline
    assert client.get(item.jpeg(480)["url"]).status_code == 200
    assert "Photo temporarily removed" not in client.get(post.get_absolute_url()).content.decode()
