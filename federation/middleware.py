"""Content negotiation for the pages that are ActivityPub objects.

A request for the home page, a channel or a post whose Accept asks for ActivityStreams
JSON is answered here, by the federation views, before the page cache or the session
see it: a stored HTML page is never served to an ActivityPub request, and JSON is never
stored as the page. The HTML answers of those addresses carry `Vary: Accept`."""

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

NEGOTIATED = "federation.negotiated_urls"
AP_TYPES = ("application/activity+json", "application/ld+json")


def wants_activitypub(request):
    """True for an Accept that names ActivityStreams JSON before (or instead of) HTML,
    as Mastodon's `application/activity+json, application/ld+json` does."""
    accept = request.headers.get("Accept", "").lower()
    for part in accept.split(","):
        media_type = part.split(";")[0].strip()
        if media_type in AP_TYPES:
            return True
        if media_type in ("text/html", "application/xhtml+xml"):
            return False
    return False


def activitypub_negotiation(get_response):
    def middleware(request):
        try:
            match = resolve(request.path_info, urlconf=NEGOTIATED)
        except Resolver404:
            return get_response(request)
        if settings.FEDERATION_ENABLED and request.method in ("GET", "HEAD") \
                and wants_activitypub(request):
            return match.func(request, *match.args, **match.kwargs)
        response = get_response(request)
        if settings.FEDERATION_ENABLED:
            patch_vary_headers(response, ["Accept"])
        return response

    return middleware
