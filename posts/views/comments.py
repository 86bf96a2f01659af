"""Views for comments, replies and reports. Every view is a plain POST form that
redirects back; with JavaScript (static/js/engagement.js) the same view returns the
re-rendered partial."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal import second_factor
from portal.accounts import refuse_write, safe_next, wants_fragment, write_done, write_refusal
from posts.models import Comment, CommentReport, Post
from posts.models.comments import COMMENT_MAX
from posts.views.post import published_post


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
        help_text=gettext_lazy("Plain text, up to 1,000 characters. Shown publicly with "
                               "your display name."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=CommentReport.Reason.choices)
    note = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=300, required=False)


def _comment_on_public_post(comment_id, **filters):
    return get_object_or_404(
        Comment.objects.select_related("post__officer").filter(
            post__in=Post.objects.published(), **filters
        ),
        pk=comment_id,
    )


def _error(request, message, fallback_url, status=400):
    if wants_fragment(request):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(safe_next(request, fallback_url))


# Comments -----------------------------------------------------------------------------

def held_message(comment):
    """What the author is told about a comment held for review."""
    if comment.held_reason == Comment.HeldReason.PERSONAL_DATA:
        return format_html(
            _("Your comment waits for review because it seems to contain {found}. Please do "
              "not share personal details of yourself or others here. Tips for the police "
              "belong to the <a href=\"{online}\">online police station</a>; in an emergency "
              "call {number}."),
            found=comment.held_detail, online=settings.ONLINE_POLICE_STATION_URL,
            number=settings.EMERGENCY_NUMBER,
        )
    return _("Your comment waits for review by the press office before it is shown.")


@require_POST
def comment(request, handle, post_id, comment_id=None):
    """A new comment, or with `comment_id` a reply to that comment."""
    post = published_post(handle, post_id)
    back = post.get_absolute_url()
    parent = None
    if comment_id is not None:
        parent = get_object_or_404(Comment, pk=comment_id, post=post)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _error(request, " ".join(e for errors in form.errors.values() for e in errors),
                      back)
    refusal = refuse_write(request, "comment", back, speaks_for_police=True)
    if refusal:
        return refusal
    try:
        new = Comment.write(post=post, author=request.user, body=form.cleaned_data["body"],
                            parent=parent)
    except ValidationError as error:
        return _error(request, " ".join(error.messages), back, status=409)

    if wants_fragment(request):
        return render(request, "posts/includes/comment.html", {
            "comment": new, "post": post, "reply": parent is not None, "can_write": True,
        }, status=201)
    if new.is_visible:
        messages.success(request, _("Thank you, your comment is online."))
    else:
        messages.info(request, held_message(new))
    return redirect(f"{safe_next(request, back)}#comment-{new.pk}")


def _form_page(request, comment, kind, refusal=None):
    """A comment's report or reply form on its own page (the link's target without
    JavaScript), or why this reader cannot use it."""
    refusal = refusal or write_refusal(request.user, speaks_for_police=kind == "reply")
    headings = {"reply": _("Reply to a comment"), "report": _("Report a comment")}
    return render(request, "posts/comment_action.html", {
        "comment": comment, "post": comment.post, "heading": headings[kind],
        "form_template": f"posts/includes/{kind}_form.html", "refusal": refusal,
    })


@require_http_methods(["GET", "POST"])
def reply(request, handle, post_id, comment_id):
    """The reply form of a comment (GET), and the reply (POST)."""
    if request.method == "POST":
        return comment(request, handle, post_id, comment_id)
    post = published_post(handle, post_id)
    parent = get_object_or_404(
        Comment.objects.select_related("author", "post__officer"),
        pk=comment_id, post=post, parent=None, state=Comment.State.VISIBLE,
    )
    closed = _("Comments on this post are closed.") if post.comments_closed else None
    return _form_page(request, parent, "reply", closed)


@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    """The report form of a comment (GET), and the report (POST)."""
    target = _comment_on_public_post(comment_id, state=Comment.State.VISIBLE)
    if request.method == "GET":
        own = target.author_id == request.user.pk
        return _form_page(request, target, "report",
                          _("You cannot report your own comment.") if own else None)
    back = target.post.get_absolute_url()
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _error(request, _("Please choose a reason."), back)
    refusal = refuse_write(request, "report", back)
    if refusal:
        return refusal
    try:
        target.report(request.user, form.cleaned_data["reason"], form.cleaned_data["note"])
    except ValidationError as error:
        return _error(request, " ".join(error.messages), back, status=409)
    thanks = _("Thank you. The press office will look at this comment.")

    def fragment():
        return HttpResponse(thanks, content_type="text/plain; charset=utf-8")

    return write_done(request, fragment, back, thanks)


@require_POST
def delete_comment(request, comment_id):
    """The author deletes their own comment, or the press office any comment: a staff
    action, so only after a second factor in this session."""
    target = _comment_on_public_post(comment_id)
    back = target.post.get_absolute_url()
    if request.user.pk != target.author_id and second_factor.refusal_url(request):
        return _error(request, _("Staff accounts need a second factor in this session. "
                                 "Please sign in again with your authenticator app."),
                      back, status=403)
    try:
        target.delete_by(request.user)
    except PermissionDenied:
        return _error(request, _("You can only delete your own comments."), back, status=403)

    def fragment():
        return HttpResponse(_("Your comment has been deleted."),
                            content_type="text/plain; charset=utf-8")

    return write_done(request, fragment, back, _("Your comment has been deleted."))
