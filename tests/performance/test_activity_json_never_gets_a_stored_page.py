"""A Fediverse server that fetches a channel or a post asks for ActivityPub JSON: it gets
the view's own answer, never the HTML page stored for anonymous readers, neither from
the first middleware nor from the view's cache."""

import pytest

from .conftest import html

ACTIVITY = "application/activity+json"
LINKED_DATA = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'


def rendered(client, url, accept):
    """True if the view itself answered (every stored page carries its ETag)."""
    response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    return not response.has_header("ETag")


@pytest.mark.parametrize("accept", [ACTIVITY, LINKED_DATA, f"{ACTIVITY}, {LINKED_DATA}"])
@pytest.mark.parametrize("page", ["channel", "post"])
def test_activity_json_is_never_answered_with_a_stored_page(client, post, page, accept):
    url = post.officer.get_absolute_url() if page == "channel" else post.get_absolute_url()
    html(client, url)
    html(client, url)  # stored and answered from the cache
    assert rendered(client, url, accept)
    assert rendered(client, url, accept)  # nor was that answer stored for the next


def test_a_browser_still_gets_the_stored_page(client, post):
    html(client, post.get_absolute_url())
    assert not rendered(client, post.get_absolute_url(),
                        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")


def test_stored_pages_tell_shared_caches_they_depend_on_accept(client, post):
    html(client, post.get_absolute_url())
    assert "Accept" in client.get(post.get_absolute_url())["Vary"]
