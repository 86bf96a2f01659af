import re

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from officers.models import Officer
from portal.metrics.counting import record_view
from portal.pagecache import cache_public_page, on_every_view
from posts.models import Post
from posts.pagination import page_of

TAG_RE = re.compile(r"^\w{1,50}$")


@login_not_required
@cache_public_page(scopes=["site", "officer:{handle}"], params=["before", "after", "tag"])
def channel(request, handle):
    officer = get_object_or_404(Officer.objects.for_channel_page(), handle=handle)
    posts = Post.objects.for_channel(officer)
    tag = request.GET.get("tag", "").strip().lstrip("#").lower()
    if TAG_RE.match(tag):
        posts = posts.tagged(tag)
    else:
        tag = ""
    page = page_of(request, posts.for_cards())
    on_every_view(request, record_view, officer)  # counted on cache hits too
    return render(request, "officers/channel.html", {"officer": officer, "page": page, "tag": tag})
