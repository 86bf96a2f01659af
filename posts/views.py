from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render

from officers.models import Follow
from portal import pagecache
from portal.accounts import can_write, verified_address
from portal.metrics.counting import record_view
from portal.pagecache import cache_public_page, on_every_view
from posts.models import Comment, Like, Post
from posts.pagination import page_of


@login_not_required
@cache_public_page(scopes=["site", "officer:{handle}", "post:{post_id}"], params=["comments"])
def detail(request, handle, post_id):
    post = public_post(handle, post_id)
    on_every_view(request, record_view, post.officer, post)  # counted on cache hits too
    context = {"post": post, "officer": post.officer}
    if request.user.is_authenticated:
        state = reader_state(post, request.user)
        context.update(liked=state["liked"], following=state["following"])
        # For the comment list (posts/templatetags/engagement.py).
        post.commented = state["commented"]
        post.reader_can_write = can_write(request.user, verified=state["verified"])
    return render(request, "posts/detail.html", context)


def public_post(handle, post_id):
    """The post with its officer and media as every reader sees it, from the cache while
    neither the post nor the site changed (portal/pagecache.py); Http404 if not public."""
    name = f"post:{post_id}:{handle}"

    def load(names):
        return {name: Post.objects.published().for_listing()
                .filter(pk=post_id, officer__handle=handle).first()}

    post = pagecache.fragments([name], ["site", f"post:{post_id}"], load)[name]
    if post is None:
        raise Http404("No such post")
    return post


def reader_state(post, user):
    """What the post page shows only to this reader, in one query: whether they like the
    post, follow its officer, wrote comments under it, and have a verified address."""
    return Post.objects.filter(pk=post.pk).annotate(
        liked=Exists(Like.objects.filter(post=OuterRef("pk"), user=user)),
        following=Exists(Follow.objects.filter(officer=OuterRef("officer"), user=user)),
        commented=Exists(Comment.objects.filter(post=OuterRef("pk")).written_by(user)),
        verified=Exists(verified_address(user)),
    ).values("liked", "following", "commented", "verified").get()


def feed(request):
    posts = Post.objects.for_feed(request.user).for_cards()
    page = page_of(request, posts)
    return render(request, "posts/feed.html", {"page": page})
