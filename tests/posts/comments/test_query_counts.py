"""Pages with comments and likes keep a fixed number of queries however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from officers.follows import follow
from portal import pagecache
from posts.models import Like
from tests.conftest import make_user
from tests.helpers.comments import comment_on, publish


def count_queries(client, url):
    client.get(url)  # warm the caches (the officer navigation)
    pagecache.site_changed()  # count a fresh render, not a page or fragment from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_activity(post, officer, n, start=0):
    """n citizens who like and comment, each comment with an officer's reply."""
    for i in range(start, start + n):
        user = make_user(f"buerger{i}@example.org", display_name=f"Bürger {i}")
        Like.add(user, post)
        top = comment_on(post, user, f"Kommentar {i}")
        comment_on(post, officer.user, f"Antwort {i}", parent=top)


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_the_post_page_does_not_grow_with_comments_and_likes(client, post, officer, citizen,
                                                            who, django_assert_num_queries):
    if who == "citizen":
        client.force_login(citizen)
        comment_on(post, citizen, "Mein eigener")
    add_activity(post, officer, 2)
    few = count_queries(client, post.get_absolute_url())
    add_activity(post, officer, 12, start=2)
    with django_assert_num_queries(few):
        response = client.get(post.get_absolute_url())
    assert "Kommentar 13" in response.content.decode()
    assert "Antwort 13" in response.content.decode()


def test_the_channel_and_the_feed_do_not_grow_with_likes(client, officer, citizen,
                                                         django_assert_num_queries):
    posts = [publish(officer, caption=f"Beitrag {i}") for i in range(3)]
    follow(citizen, officer)
    client.force_login(citizen)
    for post in posts:
        add_activity(post, officer, 1, start=post.pk * 100)
    channel = count_queries(client, officer.get_absolute_url())
    feed = count_queries(client, "/feed/")
    for post in posts:
        add_activity(post, officer, 5, start=post.pk * 100 + 1)
    pagecache.site_changed()
    with django_assert_num_queries(channel):
        client.get(officer.get_absolute_url())
    pagecache.site_changed()
    with django_assert_num_queries(feed):
        client.get("/feed/")
