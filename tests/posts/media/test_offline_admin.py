"""The press office's one click in the admin: a photo of a published post taken offline
from the post's page (its URL answers 404, the post shows the placeholder) and put back;
nobody else can, a foreign item or a GET changes nothing."""

import pytest
from django.urls import reverse

from posts.models import PostEvent
from tests.helpers.posts import english, make_post  # noqa: F401


def switch_url(post, item, switch):
    return reverse("admin:posts_post_media_switch", args=[post.pk, item.pk, switch])


@pytest.fixture
def press(client, press_officer):
    client.force_login(press_officer)
    return client


def test_the_press_office_takes_a_photo_offline_and_back_from_the_post_page(
        press, officer, django_capture_on_commit_callbacks):
    post = make_post(officer, photos=2)
    item = post.media.first()
    url = item.jpeg(480)["url"]
    change = reverse("admin:posts_post_change", args=[post.pk])
    html = press.get(change).content.decode()
    assert f'action="{switch_url(post, item, "offline")}"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = press.post(switch_url(post, item, "offline"), {"note": "Kennzeichen"})
    assert response.status_code == 302 and response["Location"] == change
    assert press.get(url).status_code == 404
    event = PostEvent.objects.get(action=PostEvent.Action.MEDIA_OFFLINE)
    assert event.note == "Kennzeichen"
    html = press.get(change).content.decode()
    assert f'action="{switch_url(post, item, "online")}"' in html
    assert "Taken offline: not shown on the public pages." in html
    assert "Photo temporarily removed" in press.get(post.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        press.post(switch_url(post, item, "online"))
    item.refresh_from_db()
    assert item.offline_since is None and item.files_public
    assert press.get(item.jpeg(480)["url"]).status_code == 200


def test_no_one_else_switches_and_nothing_changes_by_mistake(
        client, press, officer, colleague):
    post = make_post(officer, photos=1)
    other = make_post(colleague, photos=1)
    item = post.media.get()
    assert press.get(switch_url(post, item, "offline")).status_code == 405  # POST only
    assert press.post(reverse("admin:posts_post_media_switch",
                              args=[post.pk, other.media.get().pk, "offline"])).status_code == 404
    assert press.post(switch_url(post, item, "sideways")).status_code == 404
    client.force_login(officer.user)  # the same client, now the officer's
    assert client.post(switch_url(post, item, "offline")).status_code in (302, 403)
    item.refresh_from_db()
    assert item.offline_since is None
    assert not PostEvent.objects.filter(action=PostEvent.Action.MEDIA_OFFLINE).exists()
