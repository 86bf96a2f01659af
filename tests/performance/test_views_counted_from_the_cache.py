"""Views of the pilot figures (metrics/counting.py) are counted whether a page is
rendered or comes from the cache, with no database write either way."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import pagecache, viewcounts

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def views(client, url, times, agent=BROWSER):
    for _ in range(times):
        assert client.get(url, HTTP_USER_AGENT=agent).status_code == 200


def test_post_views_from_the_cache_are_counted(client, post):
    views(client, post.get_absolute_url(), 1)
    with CaptureQueriesContext(connection) as queries:
        views(client, post.get_absolute_url(), 3)  # from this process's memory
        pagecache.forget_memory()
        views(client, post.get_absolute_url(), 2)  # from the shared cache
    assert viewcounts.pending() == 6
    assert not queries.captured_queries


def test_channel_views_from_the_cache_are_counted(client, officer, post):
    views(client, officer.get_absolute_url(), 4)
    assert viewcounts.pending() == 4


def test_bots_are_not_counted_from_the_cache_either(client, post):
    views(client, post.get_absolute_url(), 1)
    views(client, post.get_absolute_url(), 3, agent=BOT)
    assert viewcounts.pending() == 1


def test_the_home_page_counts_nothing(client, post):
    views(client, "/", 3)
    assert viewcounts.pending() == 0
