"""The signed-in citizen's feed: the latest posts of the officers they follow."""

from django.shortcuts import render

from officers.context_processors import runs_channel
from officers.follows import followed_officer_ids
from portal.pagecache import cache_public_page
from portal.pagination import page_of
from posts.models import Post


def feed_reader(request):
    """The feed is the same for everyone who follows the same officers (but for officers,
    whose menu differs)."""
    if runs_channel(request.user):
        return None
    return followed_officer_ids(request.user)


@cache_public_page(scopes=["site"], params=["before", "after"], reader=feed_reader)
def feed(request):
    posts = Post.objects.for_feed(request.user).for_cards()
    page = page_of(request, posts)
    return render(request, "posts/feed.html", {"page": page})
