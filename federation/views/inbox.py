"""Our inboxes (each actor's and the shared one): signed activities only."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from federation import inbound
from federation.authentication import Blocked, signer_of
from federation.signatures import SignatureError
from federation.views.helpers import actor_or_404, federation_enabled

JSON_TYPES = ("application/activity+json", "application/ld+json", "application/json")


def _answer(status, text):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@login_not_required
@require_POST
@federation_enabled
def inbox(request, handle=None):
    if handle is not None:
        actor_or_404(handle)
    limit = settings.FEDERATION_FETCH_MAX_BYTES
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > limit:
        return _answer(413, "Too large")
    content_type = request.content_type.lower()
    if content_type not in JSON_TYPES:
        return _answer(415, "Send ActivityStreams JSON")
    body = request.body
    try:
        activity = json.loads(body)
    except ValueError:
        return _answer(400, "Broken JSON")
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        return _answer(400, "Not an activity")
    try:
        remote = signer_of(request, body)
    except SignatureError as error:
        return _answer(401, f"Signature refused: {error}")
    except Blocked:
        return _answer(403, "Blocked")
    if inbound._id(activity.get("actor")) != remote.uri:
        return _answer(401, "The activity's actor did not sign it")
    try:
        inbound.handle(activity, remote)
    except inbound.Refused as refusal:
        return _answer(400, str(refusal))
    except inbound.Throttled:
        return _answer(429, "Too many activities; try again later")
    return _answer(202, "Accepted")
