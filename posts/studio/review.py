"""The officer's side of the review in the studio: submit a draft, withdraw a submission.

The views only find the officer's own post and call the workflow; the workflow decides
whether the transition is allowed and says why not."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from officers.models import Officer
from posts import workflow
from posts.models import Post


def _own_post(request, post_id):
    """403 for anyone without a channel; another officer's post is "not found"."""
    officer = Officer.objects.run_by(request.user)
    if officer is None:
        raise PermissionDenied(_("The studio is for officers with an active channel."))
    return get_object_or_404(Post.objects.select_related("officer"), pk=post_id,
                             officer=officer)


def _run(request, transition, post, success):
    try:
        transition(post, request.user)
    except (PermissionDenied, workflow.TransitionNotAllowed) as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success(post))
    return redirect("posts:studio")


@require_POST
def submit(request, post_id):
    def success(post):
        if post.state == Post.State.PUBLISHED:
            return _("Your post is published.")
        return _("Your post is with the press office for review.")

    return _run(request, workflow.submit, _own_post(request, post_id), success)


@require_POST
def withdraw(request, post_id):
    return _run(
        request, workflow.withdraw_submission, _own_post(request, post_id),
        lambda post: _("The submission is withdrawn; the post is a draft again."),
    )
