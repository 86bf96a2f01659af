"""The account settings' push section: turn a device on or off, choose the kinds."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.push import keys
from portal.push.forms import ChoicesForm, SubscriptionForm
from portal.push.models import PushSubscription
from portal.ratelimit import allow


def get_own_device(request, public_id):
    """One of the signed-in person's devices; 404 for anyone else's."""
    return get_object_or_404(PushSubscription, public_id=public_id, user=request.user)


def _json_error(message, status=400):
    return JsonResponse({"error": str(message)}, status=status)


@never_cache
@require_POST
def subscribe(request):
    """static/js/push.js sends the browser's subscription here as JSON."""
    if not keys.enabled():
        raise Http404
    try:
        sent = json.loads(request.body)
        data = {"endpoint": sent["endpoint"], "p256dh": sent["keys"]["p256dh"],
                "auth": sent["keys"]["auth"]}
    except (ValueError, KeyError, TypeError):
        return _json_error(_("The browser sent no push subscription."))
    if not allow(request, "push_subscribe"):
        return _json_error(_("That was a lot in a short time. Please wait a moment and try "
                             "again."), status=429)
    form = SubscriptionForm(data, user=request.user, language=get_language(),
                            user_agent=request.headers.get("User-Agent", ""))
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _json_error(first)
    device = form.save()
    return JsonResponse({"id": str(device.public_id), "device": device.device}, status=201)


@never_cache
@require_POST
def unsubscribe(request):
    """static/js/push.js: this browser turned push off, so its device goes too."""
    try:
        endpoint = json.loads(request.body)["endpoint"]
    except (ValueError, KeyError, TypeError):
        return _json_error(_("The browser sent no push subscription."))
    PushSubscription.objects.filter(user=request.user, endpoint=str(endpoint)).delete()
    return HttpResponse(status=204)


@never_cache
@require_POST
def remove_device(request, public_id):
    device = get_own_device(request, public_id)
    device.delete()
    messages.success(request, _("Push messages to “%(device)s” are off.") %
                     {"device": device.device})
    return redirect("account_settings")


@never_cache
@require_POST
def choices(request):
    form = ChoicesForm(request.POST, user=request.user)
    if form.is_valid():  # checkboxes: always valid, unknown kinds are ignored
        form.save()
        messages.success(request, _("Your push message settings have been saved."))
    return redirect("account_settings")


def settings_context(user):
    """For templates/push/settings.html on the account settings page."""
    enabled = keys.enabled()
    return {
        "push_enabled": enabled,
        "push_key": keys.application_server_key() if enabled else "",
        "push_form": ChoicesForm(user=user),
        "push_devices": PushSubscription.objects.for_settings(user),
    }
