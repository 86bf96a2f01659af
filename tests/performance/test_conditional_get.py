"""Stored pages and feeds carry an ETag; a reader who has the current one gets a 304."""

import pytest
from django.urls import reverse

from portal import pagecache
from posts.models import Like

URLS = {
    "home": lambda post: "/",
    "channel": lambda post: post.officer.get_absolute_url(),
    "post": lambda post: post.get_absolute_url(),
    "atom": lambda post: reverse("posts:atom"),
    "channel atom": lambda post: reverse("posts:channel_atom", args=[post.officer.handle]),
}


@pytest.mark.parametrize("page", URLS)
def test_a_matching_if_none_match_gets_a_304(client, post, page):
    url = URLS[page](post)
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_first_render_answers_a_matching_etag_too(client, post):
    etag = client.get("/")["ETag"]
    pagecache.site_changed()  # rendered afresh, same content, same ETag
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_changed_page_gets_a_new_etag_and_a_full_answer(client, post, citizen):
    etag = client.get(post.get_absolute_url())["ETag"]
    Like.add(citizen, post)
    response = client.get(post.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "1 like" in response.content.decode()


def test_the_atom_feed_says_when_it_last_changed(client, post):
    assert client.get(reverse("posts:atom")).has_header("Last-Modified")
    assert client.get(reverse("posts:atom")).has_header("Last-Modified")  # from the cache


def test_browsers_revalidate_instead_of_reusing_a_page_unasked(client, post):
    assert "max-age=0" in client.get("/")["Cache-Control"]
    assert "max-age=0" in client.get("/")["Cache-Control"]  # from the cache
