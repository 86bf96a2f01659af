"""The queries of every public page, pinned: rendered afresh, and served from the cache.

A change of these numbers is a change of the page's cost: look at the queries (pytest -v
shows them) before you pin a new number."""

import pytest
from django.urls import reverse

from officers.follows import follow
from officers.models import OfficerLink
from portal import pagecache
from tests.helpers.posts import make_post

from .conftest import comment_on

FRESH = {
    # posts (keys only), posts with officers, their media, the officer list
    "home": 4,
    # officer, links, posts (keys), posts, media, public Q&As
    "channel": 6,
    # post with officer, media, comment count, comments, replies
    "post": 5,
    # posts with officers, media
    "atom": 2,
    # officer, posts with officers, media
    "channel atom": 3,
}


@pytest.fixture
def site(officer, colleague, citizen, other_citizen):
    """A few posts with photos, comments with a reply, a link: every part of each page."""
    posts = [make_post(officer if i % 2 else colleague, caption=f"Beitrag {i}", photos=2)
             for i in range(4)]
    OfficerLink.objects.create(officer=officer, label="Mastodon", url="https://social.example/@a")
    first = comment_on(posts[1], citizen, "Danke!")
    comment_on(posts[1], officer.user, "Gerne!", parent=first)
    follow(citizen, officer)
    return posts[1]


def urls(post):
    return {
        "home": "/",
        "channel": post.officer.get_absolute_url(),
        "post": post.get_absolute_url(),
        "atom": reverse("posts:atom"),
        "channel atom": reverse("posts:channel_atom", args=[post.officer.handle]),
    }


def render_afresh(post):
    """Every stored page and fragment of the site is stale after this."""
    pagecache.site_changed()
    pagecache.comments_changed(post.pk)


@pytest.mark.parametrize("page", FRESH)
def test_a_page_rendered_afresh(client, site, page, django_assert_num_queries):
    url = urls(site)[page]
    client.get(url)  # the officer navigation (and the feeds' Site) are cached as well
    render_afresh(site)
    with django_assert_num_queries(FRESH[page]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", FRESH)
def test_a_page_from_the_cache_needs_no_query(client, site, page, django_assert_num_queries):
    url = urls(site)[page]
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    pagecache.forget_memory()  # from the shared cache rather than this process's memory
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


# Signed-in readers get the page stored for readers who give the same answers
# (portal/pagecache.py: `reader=`); each needs its session and its user first, then
# what the page asks about the reader.

SIGNED_IN = {
    # session, user, the officers the reader follows
    "feed": 3,
    # session, user, the reader's like, follow, own comments and address in one query
    "post": 3,
    # session, user, follow
    "channel": 3,
    # session, user
    "home": 2,
}
# Rendered afresh (after a change): the page's own queries as well.
SIGNED_IN_FRESH = {
    # ... and the posts of the followed channels (keys only); their cards: posts with
    # officers, media
    "feed": SIGNED_IN["feed"] + 3,
    # ... and the post with officer, media, comment count, comments, replies
    "post": SIGNED_IN["post"] + 5,
    # ... and officer, links, posts (keys), posts, media, public Q&As
    "channel": SIGNED_IN["channel"] + 6,
    # ... and posts (keys), posts with officers, media, the officer list
    "home": SIGNED_IN["home"] + 4,
}


def signed_in_url(site, page):
    return reverse("posts:feed") if page == "feed" else urls(site)[page]


@pytest.mark.parametrize("page", SIGNED_IN)
def test_a_signed_in_page(client, site, other_citizen, page, django_assert_num_queries):
    url = signed_in_url(site, page)
    follow(other_citizen, site.officer)
    client.force_login(other_citizen)
    client.get(url)
    with django_assert_num_queries(SIGNED_IN[page]):
        assert client.get(url).status_code == 200


def test_the_feed_reads_the_follows_from_a_shared_cache(client, site, other_citizen, settings,
                                                       django_assert_num_queries):
    settings.CACHE_SIGNED_IN_USERS = True  # as with Redis: the user comes from it too
    follow(other_citizen, site.officer)
    client.force_login(other_citizen)
    client.get(reverse("posts:feed"))
    with django_assert_num_queries(1):  # the session (the tests' sessions are in the database)
        assert client.get(reverse("posts:feed")).status_code == 200


@pytest.mark.parametrize("page", SIGNED_IN_FRESH)
def test_a_signed_in_page_rendered_afresh(client, site, other_citizen, page,
                                          django_assert_num_queries):
    url = signed_in_url(site, page)
    follow(other_citizen, site.officer)
    client.force_login(other_citizen)
    client.get(url)
    render_afresh(site)
    with django_assert_num_queries(SIGNED_IN_FRESH[page]):
        assert client.get(url).status_code == 200


def test_the_comment_list_of_a_commenter_is_their_own(client, site, citizen,
                                                       django_assert_num_queries):
    client.force_login(citizen)  # wrote "Danke!" under the post
    client.get(site.get_absolute_url())
    # ... and the comment count, the comments and their replies, as the citizen sees them
    with django_assert_num_queries(SIGNED_IN["post"] + 3):
        page = client.get(site.get_absolute_url()).content.decode()
    assert "Delete" in page
