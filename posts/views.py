from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from portal.metrics.counting import record_view
from posts.models import Post


@login_not_required
def detail(request, handle, post_id):
    post = get_object_or_404(
        Post.objects.published().for_listing(), pk=post_id, officer__handle=handle
    )
    record_view(request, post.officer, post)
    return render(request, "posts/detail.html", {"post": post, "officer": post.officer})


def feed(request):
    posts = Post.objects.for_feed(request.user).for_listing()
    page = Paginator(posts, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "posts/feed.html", {"page": page})
