"""Nothing withdrawn stays online (issue 14): a post's files are in the public store only
while it is public. Every transition away from published, and deleting a post or a
photo, or taking a photo offline, takes them off at once (their URL answers 404); a
draft's or a submitted post's files never have a public URL; publishing gives them one,
and publishing again after a withdrawal gives new ones."""

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied

from portal.media.storage import public_url
from posts import media as media_store
from posts import workflow
from posts.models import MediaItem, Post, PostEvent
from tests.helpers.posts import (
    add_media,
    english,  # noqa: F401 (autouse fixture)
    files_under,
    make_post,
    photo,
    served,
)
from tests.helpers.review import approve, make_checklist

State = Post.State


@pytest.fixture(autouse=True)
def checklist(db):
    return make_checklist()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs what a real commit runs (the moves of files follow the commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def public_files():
    return files_under(settings.MEDIA_ROOT)


def urls(item):
    item.refresh_from_db()
    return [public_url(name) for name in item.file_names()]


def status(client, url):
    return client.get(url).status_code


@pytest.fixture
def published(officer):
    """A published post with one processed photo, its files public."""
    post = make_post(officer, photos=1)
    item = post.media.get()
    assert item.files_public and public_files()
    return post, item


def submitted_post(officer, commit):
    post = Post.objects.create(officer=officer, author=officer.user, caption="Zur Prüfung")
    item = add_media(post, photo())
    with commit():
        workflow.submit(post, officer.user)
    return post, item


def test_a_draft_and_a_post_in_review_have_no_public_file(officer, commit, client):
    post = Post.objects.create(officer=officer, author=officer.user, caption="Entwurf")
    item = add_media(post, photo())
    assert item.status == MediaItem.Status.READY and not item.files_public
    assert public_files() == []
    assert item.fallback is None and item.preview_url == ""  # no URL on a public page
    for url in urls(item):
        assert status(client, url) == 404
    with commit():
        workflow.submit(post, officer.user)
    item.refresh_from_db()
    assert not item.files_public and public_files() == []


def test_approving_puts_the_files_online(officer, press_officer, commit, client):
    post, item = submitted_post(officer, commit)
    private_names = item.file_names()
    with commit():
        approve(post, press_officer)
    item.refresh_from_db()
    assert item.files_public
    assert sorted(item.file_names()) == public_files()
    for url in urls(item):
        served(client, url)
    # The URLs the post page names are the ones that answer.
    page = client.get(post.get_absolute_url()).content.decode()
    assert public_url(item.jpeg(960)["name"]) in page
    assert set(private_names) == set(item.file_names())  # never public before: same names


def test_a_scheduled_post_goes_online_at_its_time(officer, press_officer, commit, client):
    from django.utils import timezone

    post, item = submitted_post(officer, commit)
    with commit():
        approve(post, press_officer, publish_at=timezone.now() + timezone.timedelta(hours=1))
    item.refresh_from_db()
    assert not item.files_public and public_files() == []  # approved, not yet public
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=2)), commit():
        assert workflow.publish_due() == 1
    item.refresh_from_db()
    assert item.files_public and all(status(client, u) == 200 for u in urls(item))


def test_rejecting_a_post_never_puts_its_files_online(officer, press_officer, commit, client):
    post, item = submitted_post(officer, commit)
    with commit():
        workflow.reject(post, press_officer, "Nicht geeignet.")
    item.refresh_from_db()
    assert not item.files_public and public_files() == []
    for url in urls(item):
        assert status(client, url) == 404


def test_withdrawing_a_submission_keeps_the_files_private(officer, commit, client):
    post, item = submitted_post(officer, commit)
    with commit():
        workflow.withdraw_submission(post, officer.user)
    item.refresh_from_db()
    assert not item.files_public and public_files() == []


def _unpublish(post, item, press_officer, officer):
    workflow.unpublish(post, press_officer, "Ein Gesicht ist erkennbar.")


def _expire(post, item, press_officer, officer):
    from django.utils import timezone

    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now())
    assert workflow.expire_due() == 1


def _archive(post, item, press_officer, officer):
    officer.deactivate(by=press_officer, posts_public=False)


def _delete_post(post, item, press_officer, officer):
    post.delete()


def _delete_photo(post, item, press_officer, officer):
    item.delete()


def _take_offline(post, item, press_officer, officer):
    item.take_offline(press_officer, "Ein Kennzeichen ist lesbar.")


WITHDRAWALS = {
    "unpublish": _unpublish, "expire": _expire, "archive": _archive,
    "delete_post": _delete_post, "delete_photo": _delete_photo, "take_offline": _take_offline,
}


@pytest.mark.parametrize("withdrawal", WITHDRAWALS)
def test_each_withdrawal_takes_the_files_offline_at_once(
        withdrawal, published, press_officer, officer, commit, client):
    post, item = published
    before = urls(item)
    assert before and all(status(client, url) == 200 for url in before)
    with commit():
        WITHDRAWALS[withdrawal](post, item, press_officer, officer)
    for url in before:
        assert status(client, url) == 404, (withdrawal, url)
    assert public_files() == []
    if withdrawal.startswith("delete"):
        assert files_under(settings.PRIVATE_MEDIA_ROOT) == []  # the original too
    else:
        item.refresh_from_db()
        assert not item.files_public
        # Kept privately under new names, for the officer and the press office.
        private = files_under(settings.PRIVATE_MEDIA_ROOT)
        assert set(item.file_names()) <= set(private)
        assert not set(item.file_names()) & {u.removeprefix(settings.MEDIA_URL) for u in before}


def test_a_post_published_again_gets_new_urls(published, press_officer, commit, client):
    post, item = published
    first = urls(item)
    with commit():
        workflow.unpublish(post, press_officer, "Ein Gesicht ist erkennbar.")
    # Published again the way the workflow allows it: back to review, approved.
    Post.objects.filter(pk=post.pk).update(state=State.SUBMITTED)
    post.refresh_from_db()
    with commit():
        approve(post, press_officer)
    again = urls(item)
    assert again and not set(again) & set(first)
    assert all(status(client, url) == 200 for url in again)
    assert all(status(client, url) == 404 for url in first)


def test_public_media_are_cached_an_hour_and_gone_ones_not_at_all(
        published, press_officer, commit, client):
    post, item = published
    url = urls(item)[0]
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=3600"
    assert "immutable" not in response["Cache-Control"]
    with commit():
        workflow.unpublish(post, press_officer, "Ein Gesicht ist erkennbar.")
    gone = client.get(url)
    assert gone.status_code == 404 and "public" not in gone.get("Cache-Control", "")


# --- one photo taken offline ---------------------------------------------------------


def test_a_photo_taken_offline_shows_a_placeholder_and_the_others_stay(
        officer, press_officer, commit, client):
    post = make_post(officer, photos=2)
    first, second = post.media.all()
    first_urls, second_urls = urls(first), urls(second)
    with commit():
        event = first.take_offline(press_officer, "Ein Kennzeichen ist lesbar.")
    assert event.action == PostEvent.Action.MEDIA_OFFLINE and event.actor == press_officer
    first.refresh_from_db()
    assert first.offline_since is not None and not first.files_public
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Photo temporarily removed" in html
    assert not any(url in html for url in first_urls)
    assert all(status(client, url) == 404 for url in first_urls)
    assert all(status(client, url) == 200 for url in second_urls)
    assert urls(second)[0] in html


def test_a_photo_put_back_online_comes_back_under_new_urls(
        published, press_officer, commit, client):
    post, item = published
    with commit():
        item.take_offline(press_officer)
    offline = urls(item)
    with commit():
        event = item.put_back_online(press_officer)
    assert event.action == PostEvent.Action.MEDIA_ONLINE
    back = urls(item)
    assert all(status(client, url) == 200 for url in back)
    assert back == offline  # private names never public before keep their names
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Photo temporarily removed" not in html and back[0] in html


def test_only_the_press_office_takes_a_photo_offline(published, officer, colleague, client):
    post, item = published
    for user in (officer.user, colleague.user):
        with pytest.raises(PermissionDenied):
            item.take_offline(user)
    item.refresh_from_db()
    assert item.offline_since is None and item.files_public


def test_taking_a_photo_offline_twice_changes_nothing(published, press_officer, commit):
    post, item = published
    with commit():
        assert item.take_offline(press_officer) is not None
        assert item.take_offline(press_officer) is None
    assert PostEvent.objects.filter(action=PostEvent.Action.MEDIA_OFFLINE).count() == 1


def test_a_photo_of_a_withdrawn_post_put_back_online_stays_private(
        published, press_officer, commit):
    post, item = published
    with commit():
        item.take_offline(press_officer)
        workflow.unpublish(post, press_officer, "Ein Gesicht ist erkennbar.")
    with commit():
        item.put_back_online(press_officer)
    item.refresh_from_db()
    assert item.offline_since is None and not item.files_public and public_files() == []


def test_reprocessing_a_published_photo_deletes_the_old_renditions_at_once(published, client):
    post, item = published
    old = urls(item)
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.PROCESSING)
    assert media_store.process(MediaItem.objects.claim(item.pk))
    new = urls(item)
    assert not set(old) & set(new)
    assert all(status(client, url) == 404 for url in old)
    assert all(status(client, url) == 200 for url in new)


def test_the_periodic_placement_moves_what_a_change_without_signal_left(
        published, client):
    from posts.tasks import place_misplaced_media

    post, item = published
    before = urls(item)
    Post.objects.filter(pk=post.pk).update(state=State.UNPUBLISHED)  # no signal, no move
    assert status(client, before[0]) == 200
    assert place_misplaced_media.call() == 1
    assert all(status(client, url) == 404 for url in before)
    assert place_misplaced_media.call() == 0


def test_the_studio_tells_the_officer_which_photo_was_taken_offline(
        officer, press_officer, commit, client):
    post = make_post(officer, photos=2)
    first = post.media.first()
    with commit():
        first.take_offline(press_officer)
    client.force_login(officer.user)
    html = client.get("/studio/").content.decode()
    assert "File 1:" in html and "taken offline by the press office" in html
    assert "File 2:" not in html


def test_a_closed_channel_whose_posts_stay_readable_keeps_its_files_online(
        published, press_officer, officer, commit, client):
    post, item = published
    before = urls(item)
    with commit():
        officer.deactivate(by=press_officer, posts_public=True)
    assert urls(item) == before and all(status(client, url) == 200 for url in before)


def test_an_archived_channel_opened_again_shows_its_posts_under_new_urls(
        published, press_officer, officer, commit, client):
    post, item = published
    before = urls(item)
    with commit():
        officer.deactivate(by=press_officer, posts_public=False)
    with commit():
        officer.reactivate(by=press_officer)
    after = urls(item)
    assert not set(after) & set(before)
    assert all(status(client, url) == 200 for url in after)
    assert all(status(client, url) == 404 for url in before)
