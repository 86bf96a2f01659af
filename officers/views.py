from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from officers.models import Officer
from posts.models import Post


@login_not_required
def channel(request, handle):
    officer = get_object_or_404(Officer.objects.active().select_related("station"), handle=handle)
    posts = Paginator(Post.objects.for_channel(officer).for_listing(), 24).get_page(
        request.GET.get("page")
    )
    return render(request, "officers/channel.html", {"officer": officer, "page": posts})
