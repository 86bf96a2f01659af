"""What every federation view shares: the switch, JSON answers, the actor lookup."""

import functools
import json

from django.conf import settings
from django.http import Http404, HttpResponse

from federation.models import LocalActor

ACTIVITY_JSON = "application/activity+json"


def json_response(document, *, status=200, content_type=ACTIVITY_JSON):
    response = HttpResponse(json.dumps(document), status=status,
                            content_type=f"{content_type}; charset=utf-8")
    # Readers of the same URL may get HTML or JSON: a shared cache must keep them apart.
    response["Vary"] = "Accept"
    return response


def federation_enabled(view):
    """404 for every federation view while FEDERATION_ENABLED is off."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.FEDERATION_ENABLED:
            raise Http404("Federation is switched off")
        return view(request, *args, **kwargs)

    return wrapper


def actor_or_404(handle):
    """The actor of the authority or of an active channel; 404 for anything else."""
    actor = LocalActor.objects.by_handle(handle)
    if actor is None:
        raise Http404("No such actor")
    return actor
