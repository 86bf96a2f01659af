"""Every query parameter a public page reads answers a malformed or out-of-range value
with 404, never a 500 (tried with generated values), and the page cache stores a page
only for a value the page accepts."""

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from portal import pagecache
from portal.pagination import cursor_of
from posts.views.channel import TAG_RE
from tests.performance.conftest import publish

# Text as a browser or a script may send it: any characters, digits and underscores
# around the cursor's shape, and numbers far out of range.
values = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A[0-9]{0,25}_?[0-9]{0,25}\Z"),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
hypothesis_settings = settings(
    max_examples=25, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def pages(officer):
    posts = [publish(officer, f"Streife {i} #Fahrrad", minutes_ago=i) for i in range(3)]
    return {"home": "/", "channel": f"/@{officer.handle}/",
            "post": posts[0].get_absolute_url(), "posts": posts}


def stored_pages():
    return sum(f"{pagecache.PREFIX}:p:" in key for key in cache._cache)


def get(path, **params):
    return Client().get(path + "?" + urlencode(params))


@pytest.mark.parametrize("name", ["before", "after"])
@pytest.mark.parametrize("page", ["home", "channel"])
@hypothesis_settings
@given(value=values)
@example(value="999999999999999999_1")
@example(value="1_99999999999999999999")
@example(value="²_1")
def test_a_cursor_is_a_page_or_404(pages, page, name, value):
    response = get(pages[page], **{name: value})
    assert response.status_code in (200, 404), value
    if response.status_code == 200:
        assert value == "" or value.isascii()


@hypothesis_settings
@given(value=values)
def test_the_signed_in_feed_answers_any_cursor_with_a_page_or_404(pages, citizen, value):
    client = Client()
    client.force_login(citizen)
    assert client.get("/feed/?" + urlencode({"before": value})).status_code in (200, 404)


def test_the_reported_cursor_is_404_on_every_list(pages, citizen):
    for path in (pages["home"], pages["channel"]):
        assert get(path, before="999999999999999999_1").status_code == 404
    client = Client()
    client.force_login(citizen)
    assert client.get("/feed/?before=999999999999999999_1").status_code == 404


@hypothesis_settings
@given(value=values)
@example(value="<script>")
def test_a_tag_is_a_page_only_when_it_could_be_one(pages, value):
    response = get(pages["channel"], tag=value)
    tag = value.strip().lstrip("#").lower()
    assert response.status_code == (200 if not tag or TAG_RE.match(tag) else 404), value


@hypothesis_settings
@given(value=values)
@example(value="2")
@example(value="0")
@example(value="01")
def test_a_comments_page_beyond_the_post_is_404(pages, value):
    response = get(pages["post"], comments=value)
    assert response.status_code == (200 if value in ("", "1") else 404), value


def test_a_cursor_beyond_the_last_post_is_404(pages):
    oldest = pages["posts"][-1]
    assert get(pages["home"], before=cursor_of(oldest)).status_code == 404
    assert get(pages["home"], before=cursor_of(pages["posts"][0])).status_code == 200


def test_only_pages_for_accepted_values_are_stored(pages):
    channel = pages["channel"]
    assert get(channel).status_code == 200
    before = stored_pages()
    for junk in ("<script>", "a b", "x" * 60, "ü-ß"):
        assert get(channel, tag=junk).status_code == 404
    for junk in ("999999999999999999_1", "abc", "1_"):
        assert get(channel, before=junk).status_code == 404
    assert get(pages["post"], comments="99").status_code == 404
    assert get(channel, tag="").status_code == 200  # the same page as without it
    assert stored_pages() == before
