"""The portal's own error pages (templates/400.html … 503.html, in the site's layout).

They are rendered without context processors, so that none of them needs the database:
a failure that comes from the database being down (or locked beyond its timeout) gets
the 503 page with Retry-After instead of a 500, and whatever text the visitor had typed
into the form is shown back to be copied, since it could not be saved."""

import sys

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portal.health import DATABASE_DOWN

RETRY_AFTER_SECONDS = 30
# Form fields never shown back (secrets, tokens, codes).
HIDDEN_FIELDS = ("csrf", "password", "token", "code", "secret", "key")


def back_url(request):
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return None


def render_error(request, template, status, **context):
    context = {
        "request": request, "status": status, "back_url": back_url(request),
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER, **context,
    }
    # Rendered without the request, so that no context processor runs (they read the
    # signed-in user and the officer navigation from the database).
    html = loader.get_template(template).render(context)
    return HttpResponse(html, status=status)


def unsaved_text(request):
    """(field, text) pairs of what a visitor had typed into the form that failed."""
    if request.method != "POST":
        return []
    try:
        fields = request.POST.items()
    except Exception:  # a body that cannot be read back: nothing to show
        return []
    return [(_("Your text"), value) for name, value in fields
            if value.strip() and not any(word in name.lower() for word in HIDDEN_FIELDS)
            and len(value) <= 20000 and any(c.isalpha() for c in value)
            and not value.startswith(("/", "http"))]


def bad_request(request, exception=None):
    return render_error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return render_error(request, "403.html", 403)


def csrf_failure(request, reason=""):
    return render_error(request, "403_csrf.html", 403, unsaved=unsaved_text(request))


def page_not_found(request, exception=None):
    return render_error(request, "404.html", 404)


def service_unavailable(request):
    response = render_error(request, "503.html", 503, unsaved=unsaved_text(request))
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return service_unavailable(request)
    return render_error(request, "500.html", 500)
