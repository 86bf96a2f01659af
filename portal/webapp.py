"""The installable web app: its manifest, its service worker and the page it shows
when there is no connection.

The service worker caches nothing but the static files and the offline page (fetched
without cookies, so it is the anonymous one); every page and every answer of the portal
itself comes from the network, so no private page or personal data is ever kept on the
device by it."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOR = "#0b3d91"  # --blue of static/css/site.css; the icons are drawn in it
BACKGROUND_COLOR = "#f6f7f9"  # --bg

# Static files the service worker keeps from its installation on, so the offline page
# looks like the portal. Other static files are kept as they are first used.
PRECACHED_STATIC = [
    "css/site.css",
    "css/engagement.css",
    "js/site.js",
    "js/engagement.js",
    "img/favicon.svg",
    "img/icons/icon-192.png",
]


@login_not_required
@require_GET
@cache_control(max_age=60 * 60, public=True)
def manifest(request):
    """The Web App Manifest. Officers' pages link it with ?for=officers, which adds the
    shortcuts to the studio (links only: the manifest is the same for every officer)."""
    language = request.GET.get("lang")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        data = {
            "id": "/",
            "name": "Revier",
            "short_name": "Revier",
            "description": _("Police officers show their daily work and answer questions."),
            "lang": language,
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "icons": [
                {"src": static("img/icons/icon-192.png"), "sizes": "192x192",
                 "type": "image/png", "purpose": "any"},
                {"src": static("img/icons/icon-512.png"), "sizes": "512x512",
                 "type": "image/png", "purpose": "any"},
                {"src": static("img/icons/maskable-512.png"), "sizes": "512x512",
                 "type": "image/png", "purpose": "maskable"},
            ],
        }
        if request.GET.get("for") == "officers":
            icon = [{"src": static("img/icons/icon-192.png"), "sizes": "192x192",
                     "type": "image/png"}]
            data["shortcuts"] = [
                {"name": _("New post"), "url": reverse("posts:studio_new"), "icons": icon},
                {"name": _("Inbox"), "url": reverse("inbox_studio:inbox"), "icons": icon},
            ]
            # Android's share sheet: photos or a video from the camera or the gallery
            # become a new draft (iOS has no share target: there the studio's file picker
            # is the way in).
            data["share_target"] = {
                "action": reverse("posts:studio_share"),
                "method": "POST",
                "enctype": "multipart/form-data",
                "params": {
                    "title": "title", "text": "text", "url": "url",
                    "files": [{"name": "media", "accept": ["image/*", "video/*"]}],
                },
            }
    return JsonResponse(data, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


def precached_urls():
    return [reverse("offline"), *(static(name) for name in PRECACHED_STATIC)]


@login_not_required
@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    """The service worker, served from the root so that its scope is the whole site.
    Its cache is named after the files it keeps: with hashed static names (production)
    a new deployment that changes one of them replaces the cache."""
    urls = precached_urls()
    version = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:12]
    config = {
        "cache": f"revier-{version}",
        "precache": urls,
        "offline": reverse("offline"),
        "share": reverse("posts:studio_share"),
        "static": settings.STATIC_URL,
        "push": static("js/push-sw.js"),  # push messages: shown, and opened when tapped
    }
    return render(request, "portal/service-worker.js", {"config": json.dumps(config)},
                  content_type="text/javascript; charset=utf-8")


@login_not_required
@require_GET
def offline(request):
    return render(request, "portal/offline.html")
