"""The root URLconf: every app's URLs under their public addresses (DESIGN.md).

As the top of the project it may name every app; nothing else in `portal` does."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from portal import views, webapp
from portal.converters import HandleConverter
from posts.views.home import home

register_converter(HandleConverter, "handle")

admin.site.site_header = "Revier"
admin.site.site_title = "Revier"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("offline/", webapp.offline, name="offline"),
    path("impressum/", views.legal_page, {"page": "impressum"}, name="impressum"),
    path("privacy/", views.privacy, name="privacy"),
    path("emergency/", views.legal_page, {"page": "emergency"}, name="emergency"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("portal.account_urls")),
    path("accounts/", include("portal.push.urls")),
    path("accounts/", include("allauth.urls")),
    path("studio/inbox/", include("inbox.studio.urls")),
    path("studio/figures/", include("metrics.urls")),
    path("", include("posts.urls")),
    path("", include("inbox.urls")),
    path("", include("federation.urls")),
    path("", include("accessibility.urls")),
    path("@<handle:handle>/", include("officers.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(path("media/<path:name>", views.media_file, name="media"))

handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
