"""Stored anonymous pages are answered by the first middleware (portal.pagecache.
stored_pages), before sessions, authentication, CSRF, messages and the locale middleware
run, with the headers the whole stack gave them, and by the WSGI application (portal.
pagecache.StoredPagesApp) before Django's handler; everything else goes down the stack."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import pagecache, viewcounts
from portal.pagecache import StoredPagesApp

from .conftest import html

# Requests that reached the end of the middleware stack, counted by `reached_the_stack`.
REACHED = []


def reached_the_stack(get_response):
    """A last middleware: it sees only requests that went down the whole stack."""

    def middleware(request):
        REACHED.append(request.path)
        return get_response(request)

    return middleware


@pytest.fixture(autouse=True)
def counted(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.reached_the_stack"]
    REACHED.clear()


def pages(post):
    return {"home": "/", "channel": post.officer.get_absolute_url(),
            "post": post.get_absolute_url(), "atom": "/feed.atom"}


@pytest.mark.parametrize("page", ["home", "channel", "post", "atom"])
def test_a_stored_page_is_answered_before_the_stack(client, post, page):
    url = pages(post)[page]
    first = client.get(url)
    assert REACHED == [url]
    again = client.get(url)
    pagecache.forget_memory()
    from_the_cache = client.get(url)  # not from this process's memory: the shared cache
    assert REACHED == [url]
    assert again.content == from_the_cache.content == first.content


@pytest.mark.parametrize("page", ["home", "channel", "post", "atom"])
def test_the_early_answer_carries_the_headers_of_the_whole_stack(client, post, page):
    url = pages(post)[page]
    full, early = client.get(url), client.get(url)
    assert REACHED == [url]
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Cross-Origin-Opener-Policy", "Permissions-Policy",
                   "Cross-Origin-Resource-Policy", "Content-Language", "Vary", "Content-Type",
                   "Cache-Control", "ETag"):
        assert early[header] == full[header], header
    assert early["Content-Length"] == str(len(early.content))
    assert not early.cookies


def test_the_early_answer_is_a_304_for_a_matching_etag(client, post):
    etag = client.get("/")["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert REACHED == ["/"]


def test_the_early_answer_reads_no_database(client, post):
    html(client, post.get_absolute_url())
    pagecache.forget_memory()
    with CaptureQueriesContext(connection) as queries:
        html(client, post.get_absolute_url())
    assert not queries.captured_queries


def test_each_language_gets_its_own_stored_page_early(client, post):
    german = html(client, "/", HTTP_ACCEPT_LANGUAGE="de")
    english = html(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert REACHED == ["/", "/"]
    assert html(client, "/", HTTP_ACCEPT_LANGUAGE="de") == german
    assert html(client, "/", HTTP_ACCEPT_LANGUAGE="en") == english
    assert german != english
    assert REACHED == ["/", "/"]


def test_a_language_cookie_chooses_the_stored_page_too(client, post):
    english = html(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "de"
    german = html(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert german != english
    assert 'lang="de"' in german


def test_a_changed_page_goes_down_the_stack_again(client, post):
    html(client, post.get_absolute_url())
    pagecache.post_and_lists_changed(post.pk)
    html(client, post.get_absolute_url())
    assert REACHED == [post.get_absolute_url()] * 2


def test_readers_with_a_session_always_go_down_the_stack(client, post, citizen):
    html(client, post.get_absolute_url())
    client.force_login(citizen)
    html(client, post.get_absolute_url())
    html(client, post.get_absolute_url())
    assert len(REACHED) == 3


def test_pages_of_views_that_are_not_cached_always_go_down_the_stack(client, db):
    html(client, "/impressum/")
    html(client, "/impressum/")
    assert REACHED == ["/impressum/"] * 2


def test_other_query_parameters_get_the_same_stored_page(client, post):
    page = html(client, "/")
    assert html(client, "/?utm_source=newsletter") == page
    assert REACHED == ["/"]


def test_a_host_that_is_not_allowed_gets_a_400_even_for_a_stored_page(client, post):
    html(client, "/")
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_plain_http_is_still_redirected_to_https(client, post, settings):
    html(client, "/", secure=True)
    html(client, "/")
    settings.SECURE_SSL_REDIRECT = True
    response = client.__class__().get("/")  # SecurityMiddleware reads it when it starts
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_a_page_stored_over_http_is_not_answered_early_over_https(client, post, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    assert not client.get("/").has_header("Strict-Transport-Security")
    assert client.get("/", secure=True).has_header("Strict-Transport-Security")


# The WSGI application (portal/wsgi.py) answers them before Django's handler ------------

class Behind:
    """Stands where Django's handler is behind StoredPagesApp: records what reaches it."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("204 No Content", [])
        return [b""]


def wsgi_get(app, path, **environ):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "testserver",
               **environ}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_the_wsgi_application_is_wrapped():
    from portal.wsgi import application  # sets Django up, as gunicorn does

    assert isinstance(application, StoredPagesApp)


@pytest.mark.parametrize("page", ["home", "channel", "post", "atom"])
def test_the_wsgi_wrapper_answers_a_stored_page_itself(client, post, page):
    url = pages(post)[page]
    full = client.get(url)  # through the stack, which stores the page with its headers
    behind = Behind()
    status, headers, body = wsgi_get(StoredPagesApp(behind), url)
    assert (status, body, behind.paths) == ("200 OK", full.content, [])
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy",
                   "Content-Language", "Vary", "Content-Type", "Cache-Control", "ETag"):
        assert headers[header] == full[header], header
    assert headers["Content-Length"] == str(len(body))
    assert "Set-Cookie" not in headers


def test_the_wsgi_wrapper_counts_the_view(client, post):
    browser = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari"
    client.get(post.get_absolute_url(), HTTP_USER_AGENT=browser)
    behind = Behind()
    wsgi_get(StoredPagesApp(behind), post.get_absolute_url(), HTTP_USER_AGENT=browser)
    assert behind.paths == []
    assert viewcounts.pending() == 2


@pytest.mark.parametrize("environ", [
    {"HTTP_COOKIE": "sessionid=abc"},
    {"HTTP_COOKIE": "messages=abc"},
    {"HTTP_ACCEPT": "application/activity+json"},
    {"HTTP_IF_NONE_MATCH": '"abc"'},
    {"REQUEST_METHOD": "HEAD"},
    {"HTTP_HOST": "evil.example"},
], ids=["session", "messages", "activitypub", "if-none-match", "head", "other host"])
def test_the_wsgi_wrapper_leaves_everything_else_to_django(client, post, environ):
    client.get("/")
    behind = Behind()
    status, _headers, _body = wsgi_get(StoredPagesApp(behind), "/", **environ)
    assert (status, behind.paths) == ("204 No Content", ["/"])


def test_the_wsgi_wrapper_leaves_pages_that_are_not_stored_to_django(client, post):
    client.get("/impressum/")
    behind = Behind()
    wsgi_get(StoredPagesApp(behind), "/")  # not stored yet
    wsgi_get(StoredPagesApp(behind), "/impressum/")  # not a cached view
    assert behind.paths == ["/", "/impressum/"]
