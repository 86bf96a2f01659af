"""How other servers find our actors: WebFinger (RFC 7033), host-meta and NodeInfo."""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.views.decorators.http import require_GET

from federation.documents import webfinger
from federation.models import LocalActor, RemoteFollower
from federation.models.actors import domain, site_url
from federation.views.helpers import actor_or_404, federation_enabled, json_response
from officers.models import Officer
from posts.models import Post

ACCT = re.compile(r"^(?:acct:)?@?(?P<user>[^@\s]+)@(?P<host>[^@\s]+)$", re.IGNORECASE)


@login_not_required
@require_GET
@federation_enabled
def webfinger_view(request):
    """acct:isabel_polizeikl@<domain> (or the channel's address) → the actor."""
    resource = request.GET.get("resource", "").strip()
    handle = None
    if resource.startswith(site_url("/@")):
        handle = resource[len(site_url("/@")):].strip("/")
    elif resource.rstrip("/") == site_url():
        handle = settings.FEDERATION_AUTHORITY_HANDLE
    elif match := ACCT.match(resource):
        if match["host"].lower() == domain().lower():
            handle = match["user"].lower()
    if not resource:
        return HttpResponseBadRequest("resource is required")
    if handle is None:
        return json_response({"error": "not found"}, status=404,
                             content_type="application/jrd+json")
    response = json_response(webfinger(actor_or_404(handle)),
                             content_type="application/jrd+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
@federation_enabled
def host_meta(request):
    template = site_url(reverse("federation:webfinger")) + "?resource={uri}"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{template}"/>\n'
        "</XRD>\n"
    )
    return HttpResponse(xml, content_type="application/xrd+xml; charset=utf-8")


@login_not_required
@require_GET
@federation_enabled
def nodeinfo_links(request):
    return json_response({"links": [{
        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
        "href": site_url(reverse("federation:nodeinfo")),
    }]}, content_type="application/json")


@login_not_required
@require_GET
@federation_enabled
def nodeinfo(request):
    channels = Officer.objects.active().count()
    return json_response({
        "version": "2.1",
        "software": {"name": "revier", "version": "0.1.0",
                     "homepage": settings.SITE_URL},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0"]},
        "openRegistrations": False,
        "usage": {"users": {"total": channels + 1},
                  "localPosts": Post.objects.published().count()},
        "metadata": {"nodeName": settings.FEDERATION_AUTHORITY_NAME,
                     "remoteFollowers": RemoteFollower.objects.count(),
                     "actors": LocalActor.objects.count()},
    }, content_type='application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"')
