"""What the posts app keeps about a person (see portal/privacy.py): their likes, comments
and reports, and an officer's unfinished uploads."""

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse

from posts import uploads
from posts.models import Comment, CommentReport, Like, Post
from posts.models.comments import recount_comments


def export(user):
    return {"likes": _likes(user), "comments": _comments(user), "reports": _reports(user)}


def _post_url(post_id, handle):
    return reverse("posts:detail", args=[handle, post_id])


def _likes(user):
    return [
        {"post": _post_url(post_id, handle), "at": created.isoformat()}
        for post_id, handle, created in Like.objects.filter(user=user)
        .order_by("pk").values_list("post_id", "post__officer__handle", "created_at")
    ]


def _comments(user):
    return [
        {
            "id": c.pk,
            "post": _post_url(c.post_id, c.post.officer.handle),
            "reply_to": c.parent_id,
            "text": c.body,
            "state": c.state,
            "created_at": c.created_at.isoformat(),
            # Why it was held, and what the press office noted when it decided.
            "held_reason": c.held_reason,
            "held_detail": c.held_detail,
            "moderated_at": c.moderated_at.isoformat() if c.moderated_at else None,
            "moderation_note": c.moderation_note,
        }
        for c in Comment.objects.filter(author=user).select_related("post__officer")
        .order_by("pk")
    ]


def _reports(user):
    return [
        {"comment": r.comment_id, "reason": r.reason, "note": r.note,
         "created_at": r.created_at.isoformat()}
        for r in CommentReport.objects.filter(reporter=user).order_by("pk")
    ]


def forget(user):
    """Before an account is deleted: its likes go (the totals go down), its comments are
    deleted with their replies, its reports are deleted."""
    with transaction.atomic():
        liked = list(Like.objects.filter(user=user).values_list("post_id", flat=True))
        Like.objects.filter(user=user).delete()
        Post.objects.filter(pk__in=liked).update(
            like_count=Greatest(F("like_count") - 1, Value(0))
        )
        commented = set(Comment.objects.filter(author=user).values_list("post_id", flat=True))
        Comment.objects.filter(author=user).delete()
        recount_comments(commented)
        CommentReport.objects.filter(reporter=user).delete()
        # Resumable uploads go with their files (the rows alone would go by cascade).
        uploads.forget(user)
