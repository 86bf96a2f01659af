"""Comments waiting for the officer in the studio: citizens' comments on the officer's
posts that nobody from the police has answered. The officer replies right there (the
reply goes through the public comment view) or sets a comment aside."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from posts.models import Comment
from posts.models import comments as comment_rules
from posts.studio.posts import _get_officer


@require_GET
def waiting(request):
    officer = _get_officer(request)
    comments = Comment.objects.waiting_for_reply(officer)
    page = comment_rules.WAITING_PAGE
    shown = list(comments.select_related("author", "post__officer")[:page + 1])
    return render(request, "posts/studio/comments.html", {
        "officer": officer, "comments": shown[:page], "more": len(shown) > page,
        "days": comment_rules.WAITING_DAYS,
    })


@require_POST
def set_aside(request, comment_id):
    officer = _get_officer(request)
    comment = get_object_or_404(
        Comment.objects.waiting_for_reply(officer).select_related("post"), pk=comment_id
    )
    comment.set_aside(officer)
    messages.success(request, _("The comment is set aside; it no longer waits for a reply."))
    return redirect("posts:studio_comments")
