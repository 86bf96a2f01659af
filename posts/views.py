from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from portal.metrics.counting import record_view
from portal.pagecache import cache_public_page, on_every_view
from posts.models import Post
from posts.pagination import page_of


@login_not_required
@cache_public_page(scopes=["site", "officer:{handle}", "post:{post_id}"], params=["comments"])
def detail(request, handle, post_id):
    post = get_object_or_404(
        Post.objects.published().for_listing(), pk=post_id, officer__handle=handle
    )
    on_every_view(request, record_view, post.officer, post)  # counted on cache hits too
    return render(request, "posts/detail.html", {"post": post, "officer": post.officer})


def feed(request):
    posts = Post.objects.for_feed(request.user).for_cards()
    page = page_of(request, posts)
    return render(request, "posts/feed.html", {"page": page})
