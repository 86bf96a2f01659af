"""Counting page views: in the cache, without personal data, without bots, flushed
exactly once into DailyViews."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metrics import counting
from metrics.models import DailyViews, ViewFlush
from portal import viewcounts

from .conftest import BROWSER, DAY, at, travel

BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
    "",
]


def view(client, url, agent=BROWSER, **extra):
    response = client.get(url, HTTP_USER_AGENT=agent, **extra)
    assert response.status_code == 200
    return response


def stored_views():
    return {(v.kind, v.post_id): v.count for v in DailyViews.objects.filter(date=DAY)}


def test_it_counts_post_and_channel_views_per_day(client, officer, post):
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url())
        view(client, post.get_absolute_url())
        view(client, officer.get_absolute_url())
    with travel(at(DAY, 10, 20)):
        assert counting.flush() == 3
    assert stored_views() == {("post", post.pk): 2, ("channel", None): 1}


@pytest.mark.parametrize("agent", BOTS)
def test_it_leaves_out_bots(client, post, agent):
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url(), agent=agent)
        view(client, post.get_absolute_url())
    with travel(at(DAY, 11)):
        assert counting.flush() == 1
    assert stored_views() == {("post", post.pk): 1}


def test_it_leaves_out_prefetches_and_head_requests(client, post):
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url(), HTTP_SEC_PURPOSE="prefetch;prerender")
        client.head(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    with travel(at(DAY, 11)):
        assert counting.flush() == 0
    assert not DailyViews.objects.exists()


def test_it_stores_nothing_about_the_visitor(client, citizen, officer, post):
    client.force_login(citizen)
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url(), REMOTE_ADDR="203.0.113.77",
             HTTP_X_FORWARDED_FOR="198.51.100.23")
        view(client, officer.get_absolute_url(), REMOTE_ADDR="203.0.113.77")
        keys = [re.sub(r"^:\d+:", "", k) for k in cache._cache if "views:" in k]
        values = cache.get_many(keys)
    # Every cache entry of the counting is fully explained by slot, day, officer, post.
    assert keys and len(values) == len(keys)
    allowed = re.compile(
        rf"^views:\d+:(n|i:\d+|c:{DAY.isoformat()}:{officer.pk}:({post.pk}|0))$"
    )
    for key in keys:
        assert allowed.match(key), key
    buckets = {v for k, v in values.items() if ":i:" in k}
    assert buckets == {f"{DAY}:{officer.pk}:{post.pk}", f"{DAY}:{officer.pk}:0"}
    text = repr(keys) + repr(values)
    for personal in ("203.0.113", "198.51.100", citizen.email, "sessionid"):
        assert personal not in text
    with travel(at(DAY, 11)):
        counting.flush()
    # The table has no column that could hold anything about the visitor.
    assert {f.name for f in DailyViews._meta.concrete_fields} == {
        "id", "date", "officer", "kind", "post", "count",
    }


@pytest.mark.parametrize("page", ["post", "channel"])
def test_it_counts_without_any_database_query(client, officer, post, page, monkeypatch,
                                              django_assert_num_queries):
    url = post.get_absolute_url() if page == "post" else officer.get_absolute_url()
    view(client, url)  # warms the caches the page itself uses
    with CaptureQueriesContext(connection) as uncounted:
        monkeypatch.setattr(viewcounts, "record_view", lambda *a, **k: None)
        monkeypatch.setattr("posts.views.post.record_view", lambda *a, **k: None)
        monkeypatch.setattr("posts.views.channel.record_view", lambda *a, **k: None)
        view(client, url)
    monkeypatch.undo()
    before = viewcounts.pending()
    with django_assert_num_queries(len(uncounted)) as counted:
        view(client, url)
    assert viewcounts.pending() == before + 1
    assert not [q for q in counted.captured_queries
                if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_flush_adds_each_slot_once(client, post):
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url())
        view(client, post.get_absolute_url())
    with travel(at(DAY, 10, 30)):
        assert counting.flush() == 2
        assert counting.flush() == 0
    assert stored_views() == {("post", post.pk): 2}


def test_a_flush_that_died_before_clearing_the_cache_does_not_count_twice(client, post,
                                                                          monkeypatch):
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url())
    with travel(at(DAY, 10, 30)):
        monkeypatch.setattr(cache, "delete_many", lambda keys: None)  # dies after commit
        counting.flush()
        monkeypatch.undo()
        assert counting.flush() == 0  # the slot is marked as added: only clears the cache
        assert viewcounts.pending() == 0
    assert stored_views() == {("post", post.pk): 1}
    assert ViewFlush.objects.count() == 1


def test_a_flush_leaves_the_slots_still_being_written(client, post):
    """A request on another server may still be adding to the current (and previous)
    slot: the flush leaves both alone, and later flushes add them."""
    with travel(at(DAY, 10, 0)):
        view(client, post.get_absolute_url())
    with travel(at(DAY, 10, 6)):
        view(client, post.get_absolute_url())
        assert counting.flush() == 0  # 10:00 slot is the previous one, 10:05 the current
    with travel(at(DAY, 10, 11)):
        assert counting.flush() == 1  # 10:00 closed; 10:05 still the previous slot
        view(client, post.get_absolute_url())
    with travel(at(DAY, 10, 30)):
        assert counting.flush() == 2
    assert stored_views() == {("post", post.pk): 3}


def test_flushes_add_to_the_same_row_of_the_day(client, officer, post):
    for minute in (0, 20, 40):
        with travel(at(DAY, 9, minute)):
            view(client, post.get_absolute_url())
            view(client, officer.get_absolute_url())
        with travel(at(DAY, 9, minute + 15)):
            counting.flush()
    assert stored_views() == {("post", post.pk): 3, ("channel", None): 3}
    assert DailyViews.objects.count() == 2


def test_views_before_and_after_midnight_go_to_their_own_day(client, post):
    with travel(at(DAY, 23, 59)):
        view(client, post.get_absolute_url())
    with travel(at(DAY, 23, 59).replace(day=DAY.day + 1, hour=0, minute=1)):
        view(client, post.get_absolute_url())
    with travel(at(DAY, 12).replace(day=DAY.day + 1)):
        counting.flush()
    assert dict(DailyViews.objects.values_list("date", "count")) == {
        DAY: 1, DAY.replace(day=DAY.day + 1): 1,
    }


def test_views_of_a_deleted_post_still_count_for_its_officer(client, officer, post):
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url())
    post.delete()
    with travel(at(DAY, 11)):
        assert counting.flush() == 1
    row = DailyViews.objects.get()
    assert (row.officer, row.kind, row.post, row.count) == (officer, "post", None, 1)


def test_the_counters_go_to_the_database_every_few_minutes(settings):
    assert ("metrics.tasks.flush_view_counts", 300) in settings.PERIODIC_TASKS


def test_the_periodic_task_flushes(client, post):
    from metrics.tasks import flush_view_counts

    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url())
    with travel(at(DAY, 10, 30)):
        result = flush_view_counts.enqueue()
    assert result.return_value == 1
    assert stored_views() == {("post", post.pk): 1}


def test_with_a_process_local_cache_the_web_process_moves_its_own_closed_slots(client, post):
    # The embedded default (local memory): no worker could see these counters.
    assert viewcounts.cache_is_process_local()
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url())
    with travel(at(DAY, 10, 30)):
        view(client, post.get_absolute_url())  # the first view of a new slot
        assert viewcounts.pending() == 1
    assert stored_views() == {("post", post.pk): 1}


def test_with_a_shared_cache_only_the_periodic_task_writes(client, post, monkeypatch):
    monkeypatch.setattr(viewcounts, "cache_is_process_local", lambda: False)
    with travel(at(DAY, 10)):
        view(client, post.get_absolute_url())
    with travel(at(DAY, 10, 30)):
        view(client, post.get_absolute_url())
        assert viewcounts.pending() == 2
    assert stored_views() == {}
