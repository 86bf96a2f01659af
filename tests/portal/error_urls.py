"""The portal's URLconf with views that fail in each way (tests/portal/test_error_pages.py)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db.utils import OperationalError
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from portal.urls import *  # noqa: F403 (the handlers and every page)
from portal.urls import urlpatterns as portal_urlpatterns

FAILURES = {
    "400": SuspiciousOperation("forged"),
    "403": PermissionDenied(),
    "404": Http404(),
    "500": ZeroDivisionError("a bug"),
    "503": OperationalError("connection to server failed"),
}


@csrf_exempt
@login_not_required
def fail(request, code):
    if code == "429":
        return render(request, "429.html", status=429)  # as allauth's rate limit does
    raise FAILURES[code]


urlpatterns = [path("fail/<str:code>/", fail), *portal_urlpatterns]
