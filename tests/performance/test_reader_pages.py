"""Signed-in readers who give the same answers (like, follow, may write) share one stored
page (portal/pagecache.py, `reader=`): each gets their own CSRF token in it, their own
changes at once, and nobody gets a page that shows someone else's state."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from officers.follows import follow, unfollow
from portal.pagecache import CSRF_PLACEHOLDER
from posts.models import Comment, Like, Post
from tests.conftest import make_user
from tests.helpers.posts import make_post

from .conftest import comment_on, html

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def reader(email, **extra):
    """A signed-in client, with its user as `client.user`."""
    client = Client(enforce_csrf_checks=True)
    client.user = make_user(email, **extra)
    client.force_login(client.user)
    return client


def change_behind_the_cache(post, caption):
    """A change that bumps no version: only a page rendered afresh shows it."""
    Post.objects.filter(pk=post.pk).update(caption=caption)


@pytest.mark.parametrize("url", ["post", "channel", "home", "feed"])
def test_readers_with_the_same_answers_share_the_stored_page(post, url):
    url = {"post": post.get_absolute_url(), "channel": post.officer.get_absolute_url(),
           "home": "/", "feed": reverse("posts:feed")}[url]
    first, second = reader("c1@example.org"), reader("c2@example.org")
    for client in (first, second):
        follow(client.user, post.officer)
    html(first, url)
    change_behind_the_cache(post, "Geänderter Text")
    assert "Geänderter Text" not in html(second, url)


def test_each_reader_gets_their_own_token_and_can_write_with_it(post):
    first, second = reader("c1@example.org"), reader("c2@example.org")
    pages = [html(client, post.get_absolute_url()) for client in (first, second)]
    tokens = [set(TOKEN.findall(page)) for page in pages]
    assert all(tokens) and tokens[0].isdisjoint(tokens[1])
    assert all(CSRF_PLACEHOLDER not in page for page in pages)
    response = second.post(reverse("posts:like", args=[post.officer.handle, post.pk]),
                           {"csrfmiddlewaretoken": tokens[1].pop()})
    assert response.status_code == 302
    assert Like.objects.filter(post=post, user=second.user).exists()


def test_a_like_shows_at_once_to_the_reader_and_not_to_others(post):
    first, second = reader("c1@example.org"), reader("c2@example.org")
    html(first, post.get_absolute_url())
    html(second, post.get_absolute_url())
    Like.objects.create(post=post, user=first.user)
    mine, theirs = html(first, post.get_absolute_url()), html(second, post.get_absolute_url())
    assert 'aria-pressed="true"' in mine.split('id="like-')[1][:1500]
    assert 'aria-pressed="false"' in theirs.split('id="like-')[1][:1500]


@pytest.mark.parametrize("shared_cache", [False, True])
def test_a_follow_shows_at_once_in_the_feed(post, colleague, settings, shared_cache):
    settings.CACHE_SIGNED_IN_USERS = shared_cache  # the follows are read from the cache
    other = make_post(colleague, caption="Kontrolle an der B270")
    client = reader("c1@example.org")
    follow(client.user, post.officer)
    assert "Kontrolle an der B270" not in html(client, reverse("posts:feed"))
    follow(client.user, other.officer)
    assert "Kontrolle an der B270" in html(client, reverse("posts:feed"))
    unfollow(client.user, other.officer)
    assert "Kontrolle an der B270" not in html(client, reverse("posts:feed"))


def test_a_muted_or_unverified_reader_never_gets_the_writers_page(post):
    html(reader("writer@example.org"), post.get_absolute_url())  # stores the writers' page
    muted = make_user("muted@example.org")
    muted.mute(reason="Beleidigungen")
    client = Client()
    client.force_login(muted)
    assert "Your account has been muted" in html(client, post.get_absolute_url())
    unverified = reader("new@example.org", verified=False)
    page = html(unverified, post.get_absolute_url())
    assert "Please confirm your e-mail address to comment." in page
    assert "Your comment" not in page


def test_an_officers_menu_never_reaches_citizens(client, post, officer):
    client.force_login(officer.user)
    assert "Studio" in html(client, "/")
    assert "Studio" not in html(reader("c1@example.org"), "/")


def test_a_waiting_message_is_shown_not_a_stored_page(post, rf, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    client = reader("c1@example.org")
    html(client, "/")
    # What a view does before it redirects to the page: a message in the session.
    session = client.session
    request = rf.get("/")
    request.session = session
    storage = SessionStorage(request)
    storage.add(messages.SUCCESS, "Gespeichert.")
    storage.update(HttpResponse())
    session.save()
    assert "Gespeichert." in html(client, "/")
    assert "Gespeichert." not in html(client, "/")  # shown once


def test_a_commenters_page_is_their_own(post, citizen, press_officer):
    comment = comment_on(post, citizen, "Wird versteckt")
    html(reader("c1@example.org"), post.get_absolute_url())
    comment.hide(press_officer)
    client = Client()
    client.force_login(citizen)
    page = html(client, post.get_absolute_url())
    assert "Only you can see it." in page and "Wird versteckt" in page
    assert Comment.objects.get(pk=comment.pk).state == Comment.State.HIDDEN


def test_stored_signed_in_pages_are_private_and_never_anonymous(client, post):
    signed_in = reader("c1@example.org")
    html(signed_in, post.get_absolute_url())
    response = signed_in.get(post.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    assert "Sign in to like" in html(client, post.get_absolute_url())
