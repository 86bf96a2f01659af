"""Whole pages from the cache, invalidated exactly.

The public pages (home, channels, posts, Atom feeds) are the same for everyone who reads
without an account, so `@cache_public_page` keeps the rendered response in the cache and
serves it without touching the database. Signed-in readers differ from each other in a
few answers only (do they like this post, follow this officer, may they write?): a view
that names them (`reader=`) gets one stored page per combination of answers, shared by
every reader who gives the same ones, with each reader's own CSRF token put in.

What a page shows is named by *scopes*: "site" (the lists of posts, and the officers'
names that every page carries), "officer:<handle>" (what only a channel shows:
followers, links, Q&As), "post:<id>" (a post with its likes and comments), and
"comments:<id>" (the stored comment list of a post, see posts/templatetags/comments.py).
Each scope has a version number in the cache; a stored page remembers the versions it
was rendered with and is served only while they are all current. Whatever changes data
bumps the versions of the scopes it touches (`site_changed()`, `channel_changed()`,
`post_changed()`, `comments_changed()`; called by the receivers in each app's
signals.py, and explicitly where a queryset update() sends no signal): the next request
renders afresh. A request reads the page and its versions in one cache round trip.

- Only GET and HEAD requests without a session (or messages) cookie get the anonymous
  page. A request with a session gets a stored page only from a view with `reader=`,
  only when reader(request, ...) answers (None: this reader's page is their own, e.g.
  it lists their own comments), only with no message waiting for them, and only the
  page stored under those answers: a signed-in reader never gets an anonymous page, nor
  an anonymous reader a signed-in one. Such pages are rendered with CSRF_PLACEHOLDER as
  the token and served as private, never from a process's own memory (below): the
  reader's own changes (a like) show on their very next request.
- Only a 200 response that sets no cookie (nor, for anonymous readers, makes the
  middleware set one: a CSRF token or a session) is stored.
- The key is the path, the view's own query parameters, the language and the reader's
  answers (none for anonymous readers). Other
  parameters (utm_source, fbclid) are removed before the view runs: they cannot fill
  the cache, and one reader's cannot show up in another reader's page.
- A page lives at most PAGE_CACHE_SECONDS in the cache: that bounds what no version
  covers.
- Each process also keeps the pages it served in its own memory for
  PAGE_CACHE_STALE_SECONDS, and serves them from there without a cache round trip. Its
  own changes empty that memory at once; a change made through another process shows
  after at most those seconds. With the local-memory cache, which other processes never
  see, stored pages live no longer than that either.
- Each page stored for anonymous readers carries an ETag (a hash of its body):
  If-None-Match gets a 304.
- What a view does besides rendering, counting the view, must not stop on a cache hit:
  the view registers it with `on_every_view()` and it is replayed on every hit.
- A request whose Accept asks for ActivityPub JSON (a Fediverse server fetching a
  channel or a post) gets the view's own answer, never a stored HTML page.

Stored anonymous pages are served before the middleware stack: `stored_pages`, the first
middleware, finds the view a path resolves to (remembered per path), and if that view is
cached answers a valid stored page at once, with the headers the whole stack gave it
when it was stored (CSP, security headers, Vary, Content-Language), its ETag (a 304 when
it matches) and the view-counting hook, without sessions, authentication, CSRF,
messages, locale middleware or templates. Only pages that once went through the whole
stack and came back unchanged (a 200 that sets no cookie) are answered so; anything
else goes down the stack as before. In front of Django's own request handling,
`StoredPagesApp` (the WSGI application of portal/wsgi.py) answers plain GETs of those
pages the same way, without even a response object.

Shared caches (a micro-caching proxy, a CDN) may keep anonymous pages for
PAGE_CACHE_PROXY_SECONDS and serve them stale for PAGE_CACHE_PROXY_STALE_SECONDS more
while they fetch a fresh one (`Cache-Control: public, max-age=0, s-maxage=…,
stale-while-revalidate=…`); browsers revalidate with the ETag every time. Pages of
signed-in readers, and anonymous answers that are not stored, are never shared.
"""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import get_language, get_language_from_request

PREFIX = "page"
# Headers of the view's response worth keeping; the middleware adds the rest each time.
KEPT_HEADERS = ("Content-Type", "Last-Modified", "Link")
# Headers of the whole stack's answer that are not kept for the early answer: set anew
# for each answer, or never part of a stored page.
NOT_KEPT_FINAL = ("Content-Length", "Date", "ETag", "Set-Cookie")
MEMORY_ENTRIES = 500  # pages a process keeps in its own memory, at most
# What a Fediverse server asks for when it fetches a channel or a post as ActivityPub.
ACTIVITY_TYPES = ("application/activity+json", "application/ld+json")
# Stands in for the reader's CSRF token in stored pages and fragments; derived from the
# secret key, so nobody can guess it, and the same in every process.
CSRF_PLACEHOLDER = salted_hmac("portal.pagecache", "csrf").hexdigest()

# key -> (monotonic time it expires, entry); see _remembered().
_memory = {}


# Versions ------------------------------------------------------------------------------

def _version_key(scope):
    return f"{PREFIX}:v:{scope}"


def _bump(scopes):
    _memory.clear()
    for key in [_version_key(s) for s in scopes]:
        try:
            cache.incr(key)
        except ValueError:  # no version yet (or evicted): any new value is a new version
            cache.set(key, time.time_ns(), None)


def bump(*scopes):
    """Makes every stored page that shows one of `scopes` stale.

    At once, so that the writer's own next request (and a test inside a transaction)
    sees the change; and again after the commit, because between the first bump and the
    commit another request may have stored the old data under the new version."""
    scopes = [s for s in scopes if s]
    if not scopes:
        return
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes))


def site_changed():
    """Posts appeared, went or changed, or an officer did: every public page."""
    bump("site")


def channel_changed(handle):
    """What only the channel page shows changed (followers, links, Q&As)."""
    bump(f"officer:{handle}" if handle else "site")


def post_changed(post_id):
    """What only the post's page shows changed (its likes)."""
    bump(f"post:{post_id}")


def post_and_lists_changed(post_id):
    """The post itself changed (its text, state or media): its page and every list."""
    bump("site", f"post:{post_id}")


def comments_changed(post_id):
    """The post's comments changed: its page, and the stored comment list (fragment)."""
    bump(f"post:{post_id}", f"comments:{post_id}")


def versions(scopes):
    """The current version of each scope, creating missing ones."""
    keys = [_version_key(s) for s in scopes]
    found = cache.get_many(keys)
    missing = {k: time.time_ns() for k in keys if k not in found}
    for key, value in missing.items():
        if not cache.add(key, value, None):
            missing[key] = cache.get(key, value)
    found.update(missing)
    return tuple(found[k] for k in keys)


def max_age():
    """How long a page or fragment is kept in the cache."""
    if isinstance(caches["default"], LocMemCache):
        return min(settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_STALE_SECONDS)
    return settings.PAGE_CACHE_SECONDS


def _remembered(key):
    hit = _memory.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    return None


def forget_memory():
    """Empties this process's own memory of pages (tests do between tests)."""
    _memory.clear()


def _remember(key, entry):
    if len(_memory) >= MEMORY_ENTRIES:
        _memory.clear()
    _memory[key] = (time.monotonic() + settings.PAGE_CACHE_STALE_SECONDS, entry)


def in_memory(name, compute):
    """compute(), kept in this process's own memory like the pages it served: for
    PAGE_CACHE_STALE_SECONDS, and forgotten at once on any change made through this
    process. For what nearly every signed-in request asks and seldom changes."""
    key = f"{PREFIX}:m:{name}"
    value = _remembered(key)
    if value is None:
        value = compute()
        _remember(key, value)
    return value


# Fragments -------------------------------------------------------------------------------

def fragments(names, scopes, render):
    """Pieces of pages kept in the cache while `scopes` keep their versions (the post
    cards of a list, the comment list of a post, the post a page shows): {name: value}.
    The missing ones are made by render(names) -> {name: value} and stored (None is
    not). One cache round trip if all are there."""
    keys = {f"{PREFIX}:f:{name}": name for name in names}
    version_keys = [_version_key(s) for s in scopes]
    found = cache.get_many([*version_keys, *keys])
    current = tuple(found.get(k) for k in version_keys)
    if None in current:
        current = versions(scopes)
    result, missing = {}, []
    for key, name in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            result[name] = entry[1]
        else:
            missing.append(name)
    if missing:
        made = render(missing)
        cache.set_many({f"{PREFIX}:f:{n}": (current, value) for n, value in made.items()
                        if value is not None}, max_age())
        result.update(made)
    return result


# Pages -----------------------------------------------------------------------------------

def is_anonymous_request(request):
    """No session and no pending messages: the page is the one every reader gets. A
    session cookie that names no session (expired, signed out elsewhere, made up) is
    no session: the reader gets the anonymous page, and the session middleware drops
    the cookie."""
    cookies = request.COOKIES
    if request.method not in ("GET", "HEAD") or CookieStorage.cookie_name in cookies:
        return False
    if settings.SESSION_COOKIE_NAME not in cookies:
        return True
    session = getattr(request, "session", None)
    return session is not None and not session.keys()  # loads it


def wants_activity_json(request):
    """The request asks for ActivityPub JSON: it must never get a stored HTML page."""
    accept = request.META.get("HTTP_ACCEPT", "")
    return any(kind in accept for kind in ACTIVITY_TYPES)


def _drop_other_params(request, params):
    # Parameters the view does not read, and empty ones (the view's default), so that
    # neither makes another stored copy of the same page.
    other = {name for name in request.GET if name not in params or not request.GET[name]}
    if other:
        kept = request.GET.copy()
        for name in other:
            del kept[name]
        kept._mutable = False
        request.GET = kept
        request.META["QUERY_STRING"] = kept.urlencode()


def _page_key(request, params, answers=None, language=None):
    query = urlencode(sorted((k, v) for k, v in request.GET.items() if k in params))
    raw = f"{request.path}?{query}|{language or get_language()}|{answers!r}"
    return f"{PREFIX}:p:{hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()}"


def _storable(request, response, *, signed_in=False):
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")  # a view that varies knows better
        and "no-store" not in cache_control
        and "private" not in cache_control
        # An anonymous page must carry no token; a signed-in one carries the placeholder.
        and (signed_in or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        and not (session is not None and session.modified)
    )


def _messages_waiting(request):
    session = getattr(request, "session", None)
    return (CookieStorage.cookie_name in request.COOKIES
            or (session is not None and "_messages" in session))


def _reader_answers(request, reader, args, kwargs):
    """The answers that name a signed-in reader's stored page, or None for a page that
    is rendered for them alone."""
    if reader is None or request.method not in ("GET", "HEAD"):
        return None
    if not request.user.is_authenticated or _messages_waiting(request):
        return None
    return reader(request, *args, **kwargs)


def csrf_placeholder(request):
    """Context processor: while a page for signed-in readers is rendered to be stored,
    forms carry CSRF_PLACEHOLDER instead of this reader's token (after Django's own
    `csrf_token` in the context, so it wins)."""
    if getattr(request, "_pagecache_placeholder", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def with_reader_token(request, content):
    """A stored page or fragment with this reader's own CSRF token in its forms."""
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


def on_every_view(request, func, *objects):
    """Calls func(request, *objects) now and again on every cache hit of this page.

    On a hit no object is loaded: `func` gets stand-ins that carry only `.pk`."""
    func(request, *objects)
    replays = request.__dict__.setdefault("_pagecache_replays", [])
    replays.append((f"{func.__module__}.{func.__qualname__}",
                    tuple(o.pk if o is not None else None for o in objects)))


class _Stored:
    """What a hit needs to stand in for an object: its primary key."""

    __slots__ = ("pk",)

    def __init__(self, pk):
        self.pk = pk


@functools.cache
def _function(path):
    return import_string(path)


def _serve(request, entry):
    for path, pks in entry["replays"]:
        _function(path)(request, *(None if pk is None else _Stored(pk) for pk in pks))
    response = HttpResponse(entry["body"], headers=entry["headers"])
    if "etag" not in entry:  # a signed-in reader's page, whose token is theirs alone
        return response
    response["ETag"] = entry["etag"]
    return get_conditional_response(request, etag=entry["etag"], response=response)


def _finish(response, *, shared=False):
    """Headers every answer of a cached view carries, whether stored or fresh. `shared`:
    a stored anonymous page, which a shared cache may keep for a few seconds."""
    # Accept: the channel and post URLs answer Fediverse servers with JSON.
    patch_vary_headers(response, ["Accept", "Cookie"])
    if shared and settings.PAGE_CACHE_PROXY_SECONDS:
        # max-age=0: browsers revalidate with the ETag every time.
        patch_cache_control(response, public=True, max_age=0,
                            s_maxage=settings.PAGE_CACHE_PROXY_SECONDS,
                            stale_while_revalidate=settings.PAGE_CACHE_PROXY_STALE_SECONDS)
    else:
        patch_cache_control(response, no_cache=True)  # browsers revalidate with the ETag
    return response


def cache_public_page(scopes, params=(), reader=None):
    """Serves the view's anonymous responses from the cache (see the module docstring),
    and its signed-in ones too where `reader` is given.

    `scopes`: the scopes the page shows, formatted with the view's URL arguments, e.g.
    ("site", "officer:{handle}", "post:{post_id}"). `params`: the query parameters the
    view reads. `reader(request, *args, **kwargs)`: a tuple of everything the page shows
    differently to the signed-in reader of `request`, or None if it is theirs alone."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if wants_activity_json(request):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, ["Accept"])
                return response
            if is_anonymous_request(request):
                return _anonymous_page(request, view, args, kwargs, scopes, params)
            answers = _reader_answers(request, reader, args, kwargs)
            if answers is None:
                response = view(request, *args, **kwargs)
            else:
                response = _reader_page(request, view, args, kwargs, scopes, params, answers)
            patch_cache_control(response, private=True)
            return _finish(response)

        wrapper.pagecache = (tuple(scopes), tuple(params))  # read by stored_pages
        return wrapper

    return decorator


def _stored(key, scopes, kwargs):
    """The entry stored under `key` if all its scopes keep their versions, and the
    current versions (one cache round trip)."""
    version_keys = [_version_key(s.format(**kwargs)) for s in scopes]
    found = cache.get_many([key, *version_keys])
    current = tuple(found.get(k) for k in version_keys)
    if None in current:
        return None, versions([s.format(**kwargs) for s in scopes])
    entry = found.get(key)
    if entry is not None and entry["versions"] == current:
        return entry, current
    return None, current


def _entry(request, response, current, **extra):
    return {
        "versions": current, "body": response.content,
        "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
        "replays": request.__dict__.get("_pagecache_replays", []), **extra,
    }


def _anonymous_page(request, view, args, kwargs, scopes, params):
    _drop_other_params(request, params)
    key = _page_key(request, params)
    entry = _remembered(key)
    if entry is None:
        entry, current = _stored(key, scopes, kwargs)
        if entry is not None:
            _remember(key, entry)
    if entry is not None:
        _hand_over(request, key, entry)
        return _finish(_serve(request, entry), shared=True)

    response = view(request, *args, **kwargs)
    if not _storable(request, response):
        return _finish(response)
    etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response["ETag"] = etag
    entry = _entry(request, response, current, etag=etag)
    if not _hand_over(request, key, entry):
        cache.set(key, entry, max_age())
        _remember(key, entry)
    response = get_conditional_response(request, etag=etag, response=response)
    return _finish(response, shared=True)


def _reader_page(request, view, args, kwargs, scopes, params, answers):
    _drop_other_params(request, params)
    key = _page_key(request, params, answers)
    entry, current = _stored(key, scopes, kwargs)
    if entry is not None:
        entry = {**entry, "body": with_reader_token(request, entry["body"])}
        return _serve(request, entry)

    request._pagecache_placeholder = True
    try:
        response = view(request, *args, **kwargs)
    finally:
        request._pagecache_placeholder = False
    if _storable(request, response, signed_in=True):
        cache.set(key, _entry(request, response, current), max_age())
    if not response.streaming:
        response.content = with_reader_token(request, response.content)
    return response


# Before the middleware stack -------------------------------------------------------------

def _hand_over(request, key, entry):
    """Leaves storing `entry` to stored_pages, which adds the headers of the whole stack's
    answer, when it passed this request on and the entry does not have them yet."""
    if getattr(request, "_pagecache_early", False) and "final" not in entry:
        request._pagecache_handed_over = (key, entry)
        return True
    return False


@functools.lru_cache(maxsize=2048)
def _cached_view(urlconf, path_info):
    """(scopes, params) of the cached view that `path_info` resolves to, with the scopes
    formatted with its URL arguments; None if the path leads to no cached view."""
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    spec = getattr(match.func, "pagecache", None)
    if spec is None:
        return None
    scopes, params = spec
    return tuple(s.format(**match.kwargs) for s in scopes), params


def _may_answer_early(request):
    if not is_anonymous_request(request) or wants_activity_json(request):
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False  # SecurityMiddleware redirects it
    try:
        request.get_host()
    except DisallowedHost:
        return False  # the stack answers 400
    return not request.path_info.startswith(settings.STATIC_URL or "/static/")


def _early_entry(request, spec):
    """The stored entry that may answer `request` before the stack, or None."""
    scopes, params = spec
    key = _page_key(request, params, language=get_language_from_request(request))
    entry = _remembered(key)
    if entry is None or "final" not in entry:
        entry, _current = _stored(key, scopes, {})
        if entry is None or "final" not in entry:
            return None
        _remember(key, entry)
    if entry["secure"] != request.is_secure():  # HSTS is sent on HTTPS only
        return None
    for path, pks in entry["replays"]:
        _function(path)(request, *(None if pk is None else _Stored(pk) for pk in pks))
    return entry


def stored_pages(get_response):
    """The first middleware: answers stored anonymous pages before the rest of the stack
    (see the module docstring), and stores with each page the headers the stack gave it."""

    def middleware(request):
        spec = None
        if _may_answer_early(request):
            spec = _cached_view(settings.ROOT_URLCONF, request.path_info)
        if spec is None:
            return get_response(request)
        if not request.META.get(LOOKED_UP):
            entry = _early_entry(request, spec)
            if entry is not None:
                response = HttpResponse(entry["body"], headers=entry["final"])
                response["ETag"] = entry["etag"]
                response["Content-Length"] = str(len(entry["body"]))
                return get_conditional_response(request, etag=entry["etag"],
                                                response=response)
        request._pagecache_early = True
        response = get_response(request)
        handed_over = request.__dict__.pop("_pagecache_handed_over", None)
        if handed_over is not None:
            _store_with_final_headers(request, response, *handed_over)
        return response

    return middleware


# Set in the WSGI environ when StoredPagesApp found no stored page for the request, so
# that the middleware does not look again.
LOOKED_UP = "portal.pagecache.looked_up"


class StoredPagesApp:
    """Wraps the WSGI application (portal/wsgi.py): answers a plain GET of a stored
    anonymous page before Django's request handling itself (request signals, the
    response object), the way stored_pages would; everything else, also a request
    with If-None-Match (the 304 is the middleware's), goes to the application."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and "HTTP_IF_NONE_MATCH" not in environ:
            request = WSGIRequest(environ)
            spec = None
            if _may_answer_early(request):
                spec = _cached_view(settings.ROOT_URLCONF, request.path_info)
            if spec is not None:
                entry = _early_entry(request, spec)
                if entry is not None:
                    body = entry["body"]
                    start_response("200 OK", [
                        *entry["final"].items(), ("ETag", entry["etag"]),
                        ("Content-Length", str(len(body))),
                    ])
                    return [body]
                environ[LOOKED_UP] = True
        return self.application(environ, start_response)


def _store_with_final_headers(request, response, key, entry):
    if response.cookies or response.has_header("Set-Cookie"):
        return  # something in the stack made this answer the reader's own
    if response.status_code != 200:  # a 304: store the page, learn the headers next time
        cache.set(key, entry, max_age())
        return
    entry = {**entry, "secure": request.is_secure(),
             "final": {h: v for h, v in response.items() if h not in NOT_KEPT_FINAL}}
    cache.set(key, entry, max_age())
    _remember(key, entry)
