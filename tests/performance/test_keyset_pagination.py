"""Post lists page by position (?before= / ?after=), not by page number: every post once,
in order, however many are published while a reader pages."""

import re
from html import unescape

import pytest
from django.utils import timezone

from officers.follows import follow
from portal.pagination import cursor_of, paginate, parse_cursor
from posts.models import Post

from .conftest import html, publish

CAPTION = re.compile(r'<p class="post-card-caption">(Post \d+)</p>')


@pytest.fixture(autouse=True)
def small_pages(settings):
    settings.PAGE_SIZE = 3


def captions(page):
    return CAPTION.findall(page)


def link(page, rel):
    match = re.search(rf'<a href="\?([^"]*)" rel="{rel}">', page)
    return "?" + unescape(match.group(1)) if match else None


def walk(client, url):
    """The captions of every page, following the "Older" links."""
    pages, query = [], ""
    while query is not None:
        page = html(client, url + query)
        pages.append(captions(page))
        query = link(page, "next")
    return pages


@pytest.fixture
def posts(officer):
    # Ten posts, four of them published at the same moment: the id decides among them.
    now = timezone.now()
    same = now - timezone.timedelta(hours=1)
    return [publish(officer, f"Post {i}",
                    published_at=same if 3 <= i <= 6 else now - timezone.timedelta(hours=10 - i))
            for i in range(10)]


def newest_first(posts):
    return [p.caption for p in sorted(posts, key=lambda p: (p.published_at, p.pk), reverse=True)]


@pytest.mark.parametrize("where", ["home", "channel"])
def test_every_post_shows_once_in_order(client, officer, posts, where):
    url = "/" if where == "home" else officer.get_absolute_url()
    pages = walk(client, url)
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    assert sum(pages, []) == newest_first(posts)


def test_the_feed_pages_the_same_way(client, officer, posts, citizen):
    follow(citizen, officer)
    client.force_login(citizen)
    assert sum(walk(client, "/feed/"), []) == newest_first(posts)


def test_posts_published_while_paging_do_not_shift_the_older_pages(client, officer, posts):
    first = html(client, "/")
    older = link(first, "next")
    for i in range(10, 13):
        publish(officer, f"Post {i}", minutes_ago=0)
    second = captions(html(client, "/" + older))
    assert second == newest_first(posts)[3:6]
    assert not set(second) & set(captions(first))


def test_newer_leads_back_page_by_page(client, posts):
    first = html(client, "/")
    second = html(client, "/" + link(first, "next"))
    third = html(client, "/" + link(second, "next"))
    assert captions(html(client, "/" + link(third, "prev"))) == captions(second)
    back = html(client, "/" + link(second, "prev"))
    assert captions(back) == captions(first)
    assert link(back, "prev") is None  # the newest page has no newer one


def test_a_page_reads_a_range_not_an_offset(officer, posts, django_assert_num_queries):
    cursor = cursor_of(Post.objects.get(caption="Post 5"))
    with django_assert_num_queries(1) as captured:
        page = paginate(Post.objects.published().for_cards(), before=cursor)
    sql = captured.captured_queries[0]["sql"]
    assert "OFFSET" not in sql.upper() and "COUNT(" not in sql.upper()
    order = newest_first(posts)
    after_5 = order[order.index("Post 5") + 1:][:3]
    assert [Post.objects.get(pk=p.pk).caption for p in page.object_list] == after_5


def test_a_cursor_names_the_exact_position(officer, posts):
    post = posts[4]
    assert parse_cursor(cursor_of(post)) == (post.published_at, post.pk)


@pytest.mark.parametrize("cursor", ["abc", "12_", "_12", "1.5_3", "-1_2", "9" * 40 + "_1"])
def test_a_cursor_the_site_never_made_is_404(client, posts, cursor):
    assert client.get(f"/?before={cursor}").status_code == 404
    assert client.get(f"/?after={cursor}").status_code == 404
