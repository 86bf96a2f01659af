"""A shared cache in front (nginx's micro-cache, a CDN) may keep stored anonymous pages
for a few seconds; browsers revalidate every time; nothing else is ever shared."""

import pytest
from django.utils.cache import get_max_age

from .conftest import html


def directives(response):
    return {d.strip() for d in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("page", ["home", "channel", "post", "atom"])
def test_stored_anonymous_pages_may_be_kept_by_a_shared_cache(client, post, settings, page):
    settings.PAGE_CACHE_PROXY_SECONDS, settings.PAGE_CACHE_PROXY_STALE_SECONDS = 4, 20
    url = {"home": "/", "channel": post.officer.get_absolute_url(),
           "post": post.get_absolute_url(), "atom": "/feed.atom"}[page]
    for response in (client.get(url), client.get(url)):  # rendered, then stored
        assert directives(response) == {"public", "max-age=0", "s-maxage=4",
                                        "stale-while-revalidate=20"}
        assert get_max_age(response) == 0  # browsers revalidate with the ETag


def test_signed_in_pages_are_never_shared(client, post, citizen):
    client.force_login(citizen)
    for url in ("/", post.get_absolute_url(), "/feed/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in directives(response), url
        assert not any(d.startswith("s-maxage") or d == "public" for d in directives(response))


def test_an_anonymous_answer_that_is_not_stored_is_not_shared(client, post):
    for _ in range(2):
        missing = client.get(f"/@{post.officer.handle}/999999/")
        assert missing.status_code == 404
        assert "public" not in missing.get("Cache-Control", "")
        assert "s-maxage" not in missing.get("Cache-Control", "")


def test_no_sharing_when_the_setting_is_zero(client, post, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 0
    html(client, "/")
    assert directives(client.get("/")) == {"no-cache"}
