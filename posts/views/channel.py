"""An officer's channel: their published posts, newest first, with a tag filter."""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from officers.context_processors import runs_channel
from officers.models import Follow, Officer
from portal.pagecache import cache_public_page, on_every_view
from portal.pagination import page_of
from portal.viewcounts import record_view
from posts.models import Post

TAG_RE = re.compile(r"^\w{1,50}$")


def follows_channel(request, handle):
    """Whether the signed-in reader follows the channel (asked once per request)."""
    if not hasattr(request, "_follows_channel"):
        request._follows_channel = Follow.objects.filter(
            user=request.user, officer__handle=handle).exists()
    return request._follows_channel


def channel_reader(request, handle):
    """What a channel shows differently to a signed-in reader: the follow button. None
    for officers (their own channel has no button, and their menu differs)."""
    if runs_channel(request.user):
        return None
    return (follows_channel(request, handle),)


@login_not_required
@cache_public_page(scopes=["site", "officer:{handle}"], params=["before", "after", "tag"],
                   reader=channel_reader)
def channel(request, handle):
    officer = get_object_or_404(Officer.objects.for_channel_page(), handle=handle)
    posts = Post.objects.for_channel(officer)
    tag = request.GET.get("tag", "").strip().lstrip("#").lower()
    if tag:
        if not TAG_RE.match(tag):
            raise Http404("No such tag")  # nor a page stored for it (portal/pagecache.py)
        posts = posts.tagged(tag)
    page = page_of(request, posts.for_cards())
    on_every_view(request, record_view, officer)  # counted on cache hits too
    context = {"officer": officer, "page": page, "tag": tag}
    if request.user.is_authenticated:
        context["following"] = follows_channel(request, handle)
    return render(request, "officers/channel.html", context)
