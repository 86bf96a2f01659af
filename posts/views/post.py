"""One published post with its comments, as every reader sees it."""

import functools
import re

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from officers.context_processors import runs_channel
from officers.models import Follow
from portal import pagecache
from portal.accounts import can_write
from portal.pagecache import cache_public_page, on_every_view
from portal.viewcounts import record_view
from posts.models import Comment, Like, Post
from posts.templatetags.comments import COMMENTS_PER_PAGE

PAGE_NUMBER_RE = re.compile(r"\A[1-9][0-9]{0,6}\Z")


def detail_reader(request, handle, post_id):
    """What the post page shows differently to a signed-in reader (the stored pages of
    portal/pagecache.py): the like and follow buttons and the comment form. None for
    officers, whose menu differs, and for readers who commented on the post: the list
    shows them their own comments with their buttons."""
    user = request.user
    state = reader_state(request, post_id)
    if state["commented"] or runs_channel(user):
        return None
    return (state["liked"], state["following"],
            can_write(user, verified=state["verified"]), user.is_muted)


@login_not_required
@cache_public_page(scopes=["site", "officer:{handle}", "post:{post_id}"], params=["comments"],
                   reader=detail_reader)
def detail(request, handle, post_id):
    try:
        post = public_post(handle, post_id)
    except Http404:
        # A post taken off at its end date is gone for good, and says so (410).
        if Post.objects.expired().filter(pk=post_id, officer__handle=handle).exists():
            return render(request, "posts/gone.html", status=410)
        raise
    check_comments_page(request, post)
    on_every_view(request, record_view, post.officer, post)  # counted on cache hits too
    context = {"post": post, "officer": post.officer}
    if request.user.is_authenticated:
        state = reader_state(request, post.pk)
        context.update(liked=state["liked"], following=state["following"])
        # For the comment list (posts/templatetags/comments.py).
        post.commented = state["commented"]
        post.reader_can_write = can_write(request.user, verified=state["verified"])
    return render(request, "posts/detail.html", context)


def published_post(handle, post_id):
    """The published post with its officer, fresh from the database, for the writes on
    it (like, comment, report); Http404 if it is not public."""
    return get_object_or_404(
        Post.objects.published().select_related("officer"), pk=post_id, officer__handle=handle
    )


def check_comments_page(request, post):
    """Http404 for a ?comments= page number the post cannot have (its comment count
    bounds its pages), so that no page is stored for it (portal/pagecache.py)."""
    number = request.GET.get("comments")
    if number is None:
        return
    pages = max(1, -(-post.comment_count // COMMENTS_PER_PAGE))
    if not PAGE_NUMBER_RE.match(number) or int(number) > pages:
        raise Http404("No such page of comments")


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


# Built by the ORM from four Exists() this took 4 ms of Python for 0.3 ms in the
# database, on every signed-in view of a post; the query never changes, so it is written
# out once (the tables' names from the models).
READER_STATE_SQL = """
SELECT
  EXISTS (SELECT 1 FROM {like} WHERE post_id = %s AND user_id = %s),
  EXISTS (SELECT 1 FROM {follow} INNER JOIN {post} ON {post}.officer_id = {follow}.officer_id
          WHERE {post}.id = %s AND {follow}.user_id = %s),
  EXISTS (SELECT 1 FROM {comment} WHERE post_id = %s AND author_id = %s AND state <> %s),
  EXISTS (SELECT 1 FROM {address} WHERE user_id = %s AND {primary} = %s AND verified = %s)
"""


@functools.cache
def reader_state_sql():
    quote = connection.ops.quote_name
    return READER_STATE_SQL.format(
        like=quote(Like._meta.db_table), follow=quote(Follow._meta.db_table),
        post=quote(Post._meta.db_table), comment=quote(Comment._meta.db_table),
        address=quote(EmailAddress._meta.db_table), primary=quote("primary"),
    )


def reader_state(request, post_id):
    """What the post page shows only to its signed-in reader, in one query (once per
    request): whether they like the post, follow its officer, wrote comments under it
    (any but deleted ones), and have a verified primary address."""
    if getattr(request, "_reader_state", (None,))[0] != post_id:
        user_id = request.user.pk
        with connection.cursor() as cursor:
            cursor.execute(reader_state_sql(), [
                post_id, user_id, post_id, user_id, post_id, user_id, Comment.State.DELETED,
                user_id, True, True,
            ])
            row = cursor.fetchone()
        names = ("liked", "following", "commented", "verified")
        request._reader_state = (post_id, dict(zip(names, map(bool, row), strict=True)))
    return request._reader_state[1]
