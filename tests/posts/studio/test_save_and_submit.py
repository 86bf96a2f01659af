""""Save and submit for review" in one go: the post goes to the press office at once if
its media is ready, or by itself as soon as it is processed; the officer is told which.
A failed upload keeps it a draft, and saving as a draft again stops the wait."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import storages
from django.urls import reverse

from posts.models import MediaItem, Post, PostEvent
from tests.helpers.posts import english, photo  # noqa: F401 (autouse fixture)
from tests.helpers.review import make_processed_post

URL = reverse("posts:studio_new")
ALT = "Zwei Streifenwagen vor der Wache"


@pytest.fixture
def send(client, officer, django_capture_on_commit_callbacks):
    """Posts the new-post form; returns the response and the callbacks waiting for the
    commit (the processing of the photo), not yet run."""
    client.force_login(officer.user)

    def send(**data):
        payload = {"caption": "Streife in der Altstadt", "media": [photo()],
                   "alt_text": [ALT], **data}
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(URL, payload)
        return response, callbacks

    return send


def told(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_waits_for_the_processing_and_then_submits_by_itself(send, officer):
    response, processing = send(submit_for_review="1")
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.state, post.submit_when_ready) == (Post.State.DRAFT, True)
    assert told(response) == ["Saved. Your post goes to the press office for review by "
                              "itself as soon as its photos and video are processed."]
    for callback in processing:
        callback()
    post.refresh_from_db()
    assert (post.state, post.submit_when_ready) == (Post.State.SUBMITTED, False)
    event = PostEvent.objects.get(post=post)
    assert (event.action, event.actor) == (PostEvent.Action.SUBMITTED, officer.user)


def test_the_studio_says_that_the_post_waits_to_go(send, client):
    send(submit_for_review="1")
    html = client.get(reverse("posts:studio")).content.decode()
    assert "Goes to the press office for review by itself" in html


def test_with_its_media_ready_it_is_submitted_at_once(client, officer):
    post = make_processed_post(officer)
    client.force_login(officer.user)
    response = client.post(reverse("posts:studio_edit", args=[post.pk]),
                           {"caption": "Neu", f"alt_{post.media.get().pk}": ALT,
                            "submit_for_review": "1"})
    post.refresh_from_db()
    assert post.state == Post.State.SUBMITTED
    assert told(response) == ["Saved and submitted: your post is with the press office for "
                              "review."]


def test_an_officer_who_publishes_without_review_publishes_at_once(client, officer):
    type(officer).objects.filter(pk=officer.pk).update(publish_without_review=True)
    post = make_processed_post(officer)
    client.force_login(officer.user)
    client.post(reverse("posts:studio_edit", args=[post.pk]),
                {"caption": "Neu", f"alt_{post.media.get().pk}": ALT, "submit_for_review": "1"})
    assert Post.objects.get().state == Post.State.PUBLISHED


def test_a_failed_processing_keeps_it_a_draft_that_no_longer_waits(send):
    _response, processing = send(submit_for_review="1")
    item = MediaItem.objects.get()
    storages["private"].delete(item.original.name)  # lost before the worker got to it
    for callback in processing:
        callback()
    post = Post.objects.get()
    assert MediaItem.objects.get().status == MediaItem.Status.FAILED
    assert (post.state, post.submit_when_ready) == (Post.State.DRAFT, False)
    assert not PostEvent.objects.exists()


def test_saving_as_a_draft_again_stops_the_wait(send, client):
    _response, processing = send(submit_for_review="1")
    post = Post.objects.get()
    client.post(reverse("posts:studio_edit", args=[post.pk]),
                {"caption": "Doch noch nicht", f"alt_{post.media.get().pk}": ALT,
                 "save_draft": "1"})
    for callback in processing:
        callback()
    post.refresh_from_db()
    assert (post.state, post.submit_when_ready) == (Post.State.DRAFT, False)


def test_plain_saving_submits_nothing(send):
    _response, processing = send(save_draft="1")
    for callback in processing:
        callback()
    post = Post.objects.get()
    assert (post.state, post.submit_when_ready) == (Post.State.DRAFT, False)
