"""The officer corrects a published post of their channel: caption, alt texts, remove a
photo, with a public reason. Applied at once when the channel publishes without review
(then a photo can be replaced too), otherwise proposed to the press office
(posts.corrections): a new photo of such a channel needs the press office's review, so
the press office replaces it, in the admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from posts import corrections, workflow
from posts.correction_form import CorrectionForm
from posts.models import Correction, Post
from posts.studio.posts import _get_post_for_officer, _too_large_response, _upload_too_large


@csrf_exempt  # the size is checked before the body is read, as for the post form
@require_http_methods(["GET", "POST"])
def correct(request, post_id):
    _officer, post = _get_post_for_officer(request, post_id, editable=False)
    if post.state != Post.State.PUBLISHED:
        raise PermissionDenied(_("Only a published post can be corrected."))
    if request.method == "POST" and _upload_too_large(request):
        return _too_large_response(request, "posts/studio/correct.html", {
            "post": post, "form": CorrectionForm(post=post), "needs_review": False})
    return _correct(request, post)


@csrf_protect
def _correct(request, post):
    needs_review = corrections.needs_review(request.user, post)
    form = CorrectionForm(request.POST or None, request.FILES or None, post=post,
                          allow_replace=not needs_review)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = corrections.correct(post, request.user, **form.changes())
            except (ValidationError, PermissionDenied, workflow.TransitionNotAllowed) as exc:
                form.add_error(None, " ".join(exc.messages) if isinstance(
                    exc, ValidationError) else str(exc))
            else:
                if done[0].state == Correction.State.APPLIED:
                    messages.success(request, _("Corrected: the post says so publicly."))
                else:
                    messages.info(request, _("Your correction waits for the press office. The "
                                             "post stays as it is until then."))
                return redirect("posts:studio")
        status = 400
    return render(request, "posts/studio/correct.html", {
        "post": post, "form": form, "needs_review": needs_review,
        "proposed": post.corrections.proposed(),
        # The officer's own proposals the press office decided on, with the note of a decline.
        "decided": post.corrections.filter(proposed_by=request.user).exclude(
            state=Correction.State.PROPOSED)[:10],
    }, status=status)
