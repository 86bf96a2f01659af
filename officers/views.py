import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from officers.models import Officer
from portal.metrics.counting import record_view
from posts.models import Post

TAG_RE = re.compile(r"^\w{1,50}$")


@login_not_required
def channel(request, handle):
    officer = get_object_or_404(Officer.objects.for_channel_page(), handle=handle)
    posts = Post.objects.for_channel(officer)
    tag = request.GET.get("tag", "").strip().lstrip("#").lower()
    if TAG_RE.match(tag):
        posts = posts.tagged(tag)
    else:
        tag = ""
    page = Paginator(posts.for_listing(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    record_view(request, officer)
    return render(request, "officers/channel.html", {"officer": officer, "page": page, "tag": tag})
