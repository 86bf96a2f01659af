"""Anonymous readers get only the pages stored for anonymous readers, and only pages that
are the same for every anonymous reader are stored as such. (The pages stored for
signed-in readers: test_reader_pages.py.)"""

from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext

from portal.pagecache import cache_public_page

from .conftest import html


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_a_signed_in_reader_never_gets_the_stored_anonymous_page(client, post, citizen):
    html(client, post.get_absolute_url())  # stored for anonymous readers
    client.force_login(citizen)
    page = html(client, post.get_absolute_url())
    assert "Sign in to like" not in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Your comment" in page


def test_the_page_of_a_signed_in_reader_never_reaches_anonymous_readers(client, post, citizen):
    client.force_login(citizen)
    html(client, post.get_absolute_url())
    client.logout()
    page = html(client.__class__(), post.get_absolute_url())
    assert "Sign in to like" in page
    assert "csrfmiddlewaretoken" not in page


def test_signed_in_answers_are_private_and_anonymous_ones_vary_by_cookie(client, post, citizen):
    anonymous = client.get(post.get_absolute_url())
    assert "Cookie" in anonymous["Vary"]
    assert "private" not in anonymous.get("Cache-Control", "")
    client.force_login(citizen)
    assert "private" in client.get(post.get_absolute_url())["Cache-Control"]


def test_a_session_cookie_that_names_no_session_gets_the_stored_page(client, post):
    """A made-up or expired session is no session: one query looks it up, the page
    comes from the cache and the cookie is dropped."""
    stored = html(client, "/")
    assert queries(client, "/") == 0
    client.cookies["sessionid"] = "no-such-session"
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert len(captured.captured_queries) == 1  # the session, not the page
    assert response.content.decode() == stored
    assert response.cookies["sessionid"].value == ""  # deleted


def test_a_session_with_something_in_it_skips_the_anonymous_page(client, post):
    from django.contrib.sessions.backends.db import SessionStore

    html(client, "/")
    session = SessionStore()
    session["account_login_stage"] = "password"  # a sign-in under way, say
    session.create()
    client.cookies["sessionid"] = session.session_key
    assert queries(client, "/") > 1


def test_the_stored_page_sets_no_cookie(client, post):
    html(client, "/")
    response = client.get("/")
    assert response.cookies == {}
    assert not response.has_header("Set-Cookie")


def test_a_response_that_sets_a_cookie_is_never_stored(rf, db):
    calls = []

    @cache_public_page(scopes=["site"])
    def view(request):
        calls.append(1)
        response = HttpResponse("hello")
        response.set_cookie("tracking", "1")
        return response

    view(rf.get("/x"))
    view(rf.get("/x"))
    assert len(calls) == 2


def test_a_page_that_carries_a_csrf_token_is_never_stored(rf, db):
    calls = []

    @cache_public_page(scopes=["site"])
    def view(request):
        calls.append(1)
        return HttpResponse(f'<input value="{get_token(request)}">')

    view(rf.get("/x"))
    view(rf.get("/x"))
    assert len(calls) == 2


def test_a_plain_page_is_stored_once(rf, db):
    calls = []

    @cache_public_page(scopes=["site"])
    def view(request):
        calls.append(1)
        return HttpResponse("hello")

    assert view(rf.get("/x")).content == view(rf.get("/x")).content == b"hello"
    assert len(calls) == 1


def test_other_query_parameters_neither_fill_the_cache_nor_show_in_the_page(client, post):
    html(client, "/")
    assert queries(client, "/?utm_source=zeitung&fbclid=abc123") == 0
    page = html(client, post.get_absolute_url() + "?fbclid=abc123")
    assert "abc123" not in page


def test_each_language_gets_its_own_page(client, post):
    english = html(client, "/")
    german = html(client, "/", HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="en">' in english
    assert '<html lang="de">' in german
    assert html(client, "/") == english
