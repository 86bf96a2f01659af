"""A page from the cache never shows what has changed: each change bumps the version of
what it touches (portal/pagecache.py), and the next anonymous request renders afresh.

Every test first loads the page once, so that it is stored, and checks that the second
load really comes from the cache (no query) before it changes anything."""

import json
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from officers.follows import follow
from portal import pagecache
from posts import workflow
from posts.admin.comments import close_comments
from posts.media import files_changed, process
from posts.models import BlockedWord, Comment, Like, MediaItem, Post
from posts.redaction import save_redaction
from tests.conftest import make_user

from .conftest import comment_on, html, publish


def cached(client, url):
    """Loads `url` twice: the second answer must come from the cache."""
    html(client, url)
    with CaptureQueriesContext(connection) as queries:
        page = html(client, url)
    assert not [q["sql"] for q in queries.captured_queries if "django_session" not in q["sql"]]
    return page


# Comments ----------------------------------------------------------------------------------

def test_a_new_comment_shows_at_once(client, post, citizen):
    assert "Danke für die Codierung" not in cached(client, post.get_absolute_url())
    comment_on(post, citizen, "Danke für die Codierung")
    page = html(client, post.get_absolute_url())
    assert "Danke für die Codierung" in page
    assert "1 comment" in page


def test_a_held_comment_shows_once_the_press_office_approves_it(client, post, citizen,
                                                                press_officer):
    BlockedWord.objects.create(word="idiot*")
    held = comment_on(post, citizen, "Ihr Idioten parkt schon wieder falsch")
    assert held.state == Comment.State.HELD
    assert "parkt schon wieder" not in cached(client, post.get_absolute_url())
    assert held.restore(press_officer)
    assert "parkt schon wieder" in html(client, post.get_absolute_url())


def test_a_hidden_comment_disappears_at_once(client, post, citizen, press_officer):
    comment = comment_on(post, citizen, "Das gehört hier nicht hin")
    assert "Das gehört hier nicht hin" in cached(client, post.get_absolute_url())
    assert comment.hide(press_officer, "off topic")
    page = html(client, post.get_absolute_url())
    assert "Das gehört hier nicht hin" not in page
    assert "0 comments" in page


def test_a_comment_deleted_by_its_author_disappears_at_once(client, post, citizen):
    comment = comment_on(post, citizen, "Schreibfehler drin")
    assert "Schreibfehler drin" in cached(client, post.get_absolute_url())
    assert comment.delete_by(citizen)
    assert "Schreibfehler drin" not in html(client, post.get_absolute_url())


def test_a_comment_hidden_by_reports_disappears_at_once(client, post, citizen, settings):
    settings.COMMENT_REPORTS_TO_HIDE = 1
    comment = comment_on(post, citizen, "Gemeldeter Text")
    assert "Gemeldeter Text" in cached(client, post.get_absolute_url())
    comment.report(make_user("melder@example.org"), "insult")
    assert "Gemeldeter Text" not in html(client, post.get_absolute_url())


def test_closing_comments_shows_at_once(client, post, press_officer, rf):
    assert "Comments on this post are closed." not in cached(client, post.get_absolute_url())
    close_comments(mock.Mock(), rf.post("/admin/"), [post])  # a queryset update()
    assert "Comments on this post are closed." in html(client, post.get_absolute_url())


# Likes and follows: shown at once as well -------------------------------------------

def test_a_like_shows_at_once(client, post, citizen):
    assert "0 likes" in cached(client, post.get_absolute_url())
    Like.add(citizen, post)
    assert "1 like" in html(client, post.get_absolute_url())
    Like.remove(citizen, post)
    assert "0 likes" in html(client, post.get_absolute_url())


def test_a_follow_shows_on_the_channel_at_once(client, officer, citizen):
    assert "0 followers" in cached(client, officer.get_absolute_url())
    follow(citizen, officer)
    assert "1 follower" in html(client, officer.get_absolute_url())


# Posts ----------------------------------------------------------------------------------

PAGES = {
    "home": lambda post: reverse("home"),
    "channel": lambda post: post.officer.get_absolute_url(),
    "atom": lambda post: reverse("posts:atom"),
    "channel atom": lambda post: reverse("posts:channel_atom", args=[post.officer.handle]),
}


@pytest.mark.parametrize("page", PAGES)
def test_an_unpublished_post_disappears_from_every_list(client, post, press_officer, page):
    url = PAGES[page](post)
    assert "Fahrradcodierung am Stiftsplatz" in cached(client, url)
    workflow.unpublish(post, press_officer, "Person erkennbar")
    assert "Fahrradcodierung am Stiftsplatz" not in html(client, url)


def test_an_unpublished_post_is_gone_from_its_page(client, post, press_officer):
    cached(client, post.get_absolute_url())
    workflow.unpublish(post, press_officer, "Person erkennbar")
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_scheduled_post_shows_when_the_task_publishes_it(client, officer):
    publish(officer, "Geplanter Beitrag", state=Post.State.APPROVED, published_at=None,
            scheduled_for=timezone.now() - timezone.timedelta(minutes=1))
    assert "Geplanter Beitrag" not in cached(client, "/")
    assert workflow.publish_due() == 1  # publishes with a queryset update()
    assert "Geplanter Beitrag" in html(client, "/")


def test_an_edit_by_the_press_office_shows_everywhere(client, post, press_officer):
    for url in ("/", post.get_absolute_url()):
        cached(client, url)
    workflow.reviewer_edit(post, press_officer, caption="Fahrradcodierung vor der PI 2")
    for url in ("/", post.get_absolute_url()):
        assert "Fahrradcodierung vor der PI 2" in html(client, url)


def test_a_renamed_officer_shows_everywhere(client, post, officer):
    for url in ("/", officer.get_absolute_url(), post.get_absolute_url()):
        cached(client, url)
    officer.display_name = "Isabel Kaiser"
    officer.save()
    for url in ("/", officer.get_absolute_url(), post.get_absolute_url()):
        assert "Isabel Kaiser" in html(client, url)


# What no version covers: the age limits -------------------------------------------------

def test_a_change_no_version_covers_shows_once_the_page_expires(client, post, citizen,
                                                                settings):
    comment_on(post, citizen, "Hallo")
    assert "Anna" in cached(client, post.get_absolute_url())
    type(citizen).objects.filter(pk=citizen.pk).update(display_name="Anna B.")
    assert "Anna B." not in html(client, post.get_absolute_url())  # still the stored page
    later = timezone.now() + timezone.timedelta(seconds=pagecache.max_age() + 1)
    with time_machine.travel(later, tick=False), \
            mock.patch("portal.pagecache.time.monotonic",
                       return_value=pagecache.time.monotonic() + pagecache.max_age() + 1):
        assert "Anna B." in html(client, post.get_absolute_url())


def test_a_process_sees_another_processs_change_within_seconds(client, post, settings):
    cached(client, "/")
    publish(post.officer, "Neu aus einem anderen Prozess")
    pagecache.forget_memory()
    html(client, "/")  # this process has the page in its own memory again
    # Another process publishes: the shared versions change, this process's memory not.
    publish_elsewhere = post.officer.posts.filter(caption="Neu aus einem anderen Prozess")
    publish_elsewhere.update(caption="Geändert in einem anderen Prozess")
    pagecache.cache.incr("page:v:site")
    assert "Geändert in einem anderen Prozess" not in html(client, "/")
    soon = pagecache.time.monotonic() + settings.PAGE_CACHE_STALE_SECONDS + 0.1
    with mock.patch("portal.pagecache.time.monotonic", return_value=soon):
        assert "Geändert in einem anderen Prozess" in html(client, "/")


def test_media_reprocessed_on_a_published_post_shows_at_once(client, post, press_officer,
                                                              django_capture_on_commit_callbacks):
    item = post.media.get()
    old = item.renditions[0]["name"]
    assert old in cached(client, post.get_absolute_url())
    region = {"x": 0.05, "y": 0.6, "w": 0.2, "h": 0.2, "kind": "manual"}
    with django_capture_on_commit_callbacks(execute=False):  # processing has not run yet
        save_redaction(item, press_officer, regions=json.dumps([region]))
    page = html(client, post.get_absolute_url())
    assert "Being processed" in page and old not in page
    item.refresh_from_db()
    assert process(item)
    page = html(client, post.get_absolute_url())
    assert item.renditions[0]["name"] in page and "Being processed" not in page


def test_a_commenter_who_changes_their_name_shows_with_it_at_once(client, post, citizen):
    comment_on(post, citizen, "Danke für den Einblick")
    assert "Anna" in cached(client, post.get_absolute_url())
    citizen.display_name = "Anna K."
    citizen.save()
    assert "Anna K." in html(client, post.get_absolute_url())


def test_a_sign_in_bumps_no_comment_list(client, post, citizen, django_assert_num_queries):
    comment_on(post, citizen, "Danke für den Einblick")
    cached(client, post.get_absolute_url())
    citizen.last_login = timezone.now()
    citizen.save(update_fields=["last_login"])
    with django_assert_num_queries(0):
        html(client, post.get_absolute_url())


def test_a_card_shows_no_old_files_while_its_media_is_reprocessed(client, post):
    item = post.media.get()
    old = item.renditions[0]["name"]
    assert old in cached(client, "/")
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.PROCESSING)
    files_changed(item)
    page = html(client, "/")
    assert old not in page and "Being processed" in page
