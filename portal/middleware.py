from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from portal import second_factor
from portal.errors import render_error


def security_headers(get_response):
    """Headers Django's SecurityMiddleware does not set itself."""

    def middleware(request):
        response = get_response(request)
        camera = "(self)" if request.path.startswith(settings.CAMERA_ALLOWED_PATHS) else "()"
        response.headers.setdefault(
            "Permissions-Policy",
            f"camera={camera}, microphone={camera}, geolocation=(), payment=(), usb=(), "
            "interest-cohort=()",
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


def length_required(get_response):
    """A body sent in chunks without Content-Length (some apps and proxies do) reaches
    Django as an empty one: Django reads only Content-Length bytes. Instead of an empty
    form (and then a failed CSRF check), the sender learns why: 411 with a message, as
    JSON for the studio's upload script. Placed before the CSRF check."""

    def middleware(request):
        meta = request.META
        if (request.method in ("POST", "PUT", "PATCH") and not meta.get("CONTENT_LENGTH")
                and "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower()):
            message = _(
                "The upload could not be read: it was sent without its size. Please send "
                "it again from the form of this site, in an up-to-date browser."
            )
            if "application/json" in request.headers.get("Accept", ""):
                return JsonResponse({"ok": False, "errors": [message]}, status=411)
            return render_error(request, "411.html", 411, message=message)
        return get_response(request)

    return middleware


# Paths where staff must have a second factor; the admin's own login form is replaced
# by allauth's, which asks for the second factor.
STAFF_ONLY_PATHS = ("/studio/", "/admin/")
ACCOUNT_PATH = "/accounts/"
ADMIN_PATH = "/admin/"
ADMIN_LOGIN_PATH = "/admin/login/"


def staff_second_factor(get_response):
    """Sends whoever must use a second factor (staff, and whoever runs a channel: see
    portal.second_factor) and has not passed one in this session to set one up, or to
    answer theirs, before they reach the studio or the admin."""
    def middleware(request):
        path = request.path_info
        if path.startswith(STAFF_ONLY_PATHS):
            user = request.user
            missing = second_factor.refusal_url(request)
            if missing == "mfa_activate_totp":
                messages.warning(request, _(
                    "Staff accounts need a second factor. Please set up an authenticator "
                    "app first."
                ))
                return redirect(missing)
            if missing:
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(missing)}?{query}")
            if (path.startswith(ADMIN_PATH) and user.is_authenticated
                    and not (user.is_active and user.is_staff)):
                # The admin would send a signed-in account to its login, and the login
                # straight back: a loop. Say instead that the account has no access.
                return render(request, "portal/admin_forbidden.html", status=403)
            if path == ADMIN_LOGIN_PATH:
                next_url = request.GET.get("next", "/admin/")
                if not url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()},
                    require_https=request.is_secure(),
                ):
                    next_url = "/admin/"
                return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        return get_response(request)

    return middleware


class PrivatePages:
    """Pages for one signed-in person (the studio, the inbox, the account, the admin:
    every view LoginRequiredMiddleware guards) and every page under /accounts/ are sent
    with `Cache-Control: private, no-store`: no shared cache keeps them and the browser
    does not keep them on disk for the next person at a shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "private_page", False) or request.path_info.startswith(
                ACCOUNT_PATH):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.private_page = getattr(view_func, "login_required", True)
