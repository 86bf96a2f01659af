"""What the posts app keeps about a person (see portal/privacy.py): their likes, comments
and reports (of comments, and of problems with posts when they were signed in), and an
officer's unfinished uploads."""

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse

from posts import uploads
from posts.models import Comment, CommentReport, Like, Post, ProblemReport
from posts.models.comments import recount_comments


def export(user):
    return {"likes": _likes(user), "comments": _comments(user), "reports": _reports(user),
            "problem_reports": _problem_reports(user)}


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


def _problem_reports(user):
    return [
        {"post": _post_url(r.post_id, r.post.officer.handle), "photo": r.media_id,
         "reason": r.reason, "that_is_me": r.that_is_me, "text": r.text, "email": r.email,
         "created_at": r.created_at.isoformat(), "state": r.state, "outcome": r.outcome,
         "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None,
         "resolution_note": r.resolution_note}
        for r in ProblemReport.objects.filter(reporter=user).select_related("post__officer")
        .order_by("pk")
    ]


def forget(user):
    """Before an account is deleted: its likes go (the totals go down), its comments are
    deleted with their replies, its reports are deleted (a problem report still waiting
    keeps its reason and photo, nothing of the person)."""
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
        # Problem reports: resolved ones go; one still waiting stays for the press office
        # to act on (a recognisable person), without the account, the address or the text.
        reports = ProblemReport.objects.filter(reporter=user)
        reports.filter(state=ProblemReport.State.RESOLVED).delete()
        reports.update(reporter=None, email="", text="")
        # Resumable uploads go with their files (the rows alone would go by cascade).
        uploads.forget(user)
