"""The officers' studio: write posts, see their state, edit and delete own drafts.

Uploads are checked for their total size before the request body is read (Django has
no limit on the size of uploaded files), which is why the upload views are
CSRF-exempt on the outside and CSRF-protected on the inside: the CSRF check would
otherwise read the whole body first.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from officers.models import Officer
from posts import alt_text, workflow
from posts.models import Comment, Post
from posts.models import comments as comment_rules
from posts.studio.forms import PostForm, error_messages


def _get_officer(request):
    """The channel the signed-in user posts to; 403 for everyone else."""
    officer = Officer.objects.run_by(request.user)
    if officer is None:
        raise PermissionDenied(_("The studio is for officers with an active channel."))
    return officer


def _get_post_for_officer(request, post_id, *, editable=True):
    """The officer's own post: 404 for anyone else's (and for non-officers, 403), 403
    for an own post that the press office has taken over (it is no longer a draft)."""
    officer = _get_officer(request)
    post = get_object_or_404(
        Post.objects.filter(officer=officer).select_related("officer"), pk=post_id
    )
    if editable and not post.is_editable:
        raise PermissionDenied(_("Only drafts can be changed."))
    return officer, post


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _upload_too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > settings.UPLOAD_MAX_BYTES


def _too_large_response(request, template, context):
    message = _(
        "The upload is too large: all files together may have at most %(limit)d MB. "
        "Please choose fewer or shorter files."
    ) % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": [message]}, status=413)
    return render(request, template, {**context, "upload_error": message}, status=413)


def _saved(request, post, message):
    """After a save: with "Save and submit for review" the post goes to the press office
    now, or by itself once its media is processed; the message says which."""
    level = messages.SUCCESS
    if request.POST.get("submit_for_review"):
        try:
            if workflow.submit_once_ready(post, request.user):
                post.refresh_from_db(fields=["state"])
                message = (_("Saved and published.") if post.state == Post.State.PUBLISHED
                           else _("Saved and submitted: your post is with the press office "
                                  "for review."))
            else:
                message = _("Saved. Your post goes to the press office for review by itself "
                            "as soon as its photos and video are processed.")
        except (ValidationError, PermissionDenied) as error:
            level = messages.WARNING
            reason = " ".join(getattr(error, "messages", [str(error)]))
            message = _("Saved as a draft, but not submitted: %(reason)s") % {"reason": reason}
    elif post.submit_when_ready:  # saved as a draft again: it no longer waits to go
        Post.objects.filter(pk=post.pk).update(submit_when_ready=False)
    url = reverse("posts:studio")
    messages.add_message(request, level, message)
    # Hints, not errors: the post is saved; the officer may improve the alt texts.
    for number, _item, hints in alt_text.post_warnings(post):
        for hint in hints:
            messages.warning(request, _("Alt text of photo %(number)d: %(hint)s") % {
                "number": number, "hint": hint})
    if _wants_json(request):
        return JsonResponse({"ok": True, "redirect": url, "post": post.pk})
    return redirect(url)


def _invalid(request, template, context):
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": error_messages(context["form"])}, status=400)
    return render(request, template, context)


@require_http_methods(["GET"])
def index(request):
    officer = _get_officer(request)
    return render(request, "posts/studio/index.html", {
        "officer": officer, "posts": Post.objects.for_studio(officer),
        "comments_waiting": Comment.objects.waiting_count(officer),
        "comments_counted": comment_rules.WAITING_PAGE,
    })


@csrf_exempt
@require_http_methods(["GET", "POST"])
def new_post(request):
    officer = _get_officer(request)
    if request.method == "POST" and _upload_too_large(request):
        return _too_large_response(request, "posts/studio/form.html", {"form": PostForm()})
    return _new_post(request, officer)


@csrf_protect
def _new_post(request, officer):
    form = PostForm(request.POST or None, request.FILES or None, uploader=request.user)
    if request.method == "POST" and form.is_valid():
        post = form.save(officer=officer, author=request.user)
        return _saved(request, post, _("Saved as a draft. Photos and videos are being processed."))
    return _invalid(request, "posts/studio/form.html", {"form": form, "officer": officer})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def edit_post(request, post_id):
    officer, post = _get_post_for_officer(request, post_id)
    if request.method == "POST" and _upload_too_large(request):
        return _too_large_response(
            request, "posts/studio/form.html", {"form": PostForm(instance=post), "post": post}
        )
    return _edit_post(request, officer, post)


@csrf_protect
def _edit_post(request, officer, post):
    form = PostForm(request.POST or None, request.FILES or None, instance=post,
                    uploader=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _saved(request, post, _("Your changes are saved."))
    context = {"form": form, "officer": officer, "post": post}
    return _invalid(request, "posts/studio/form.html", context)


@require_http_methods(["GET", "POST"])
def delete_post(request, post_id):
    officer, post = _get_post_for_officer(request, post_id)
    if request.method == "POST":
        post.delete()  # media rows cascade; their files go after the commit
        messages.success(request, _("The draft is deleted."))
        return redirect("posts:studio")
    return render(request, "posts/studio/delete.html", {"officer": officer, "post": post})


@csrf_exempt  # the phone's share sheet posts without our token: see below
@require_http_methods(["POST"])
def share(request):
    """The manifest's share target: photos or a video shared from the camera or the
    gallery (Android) become a new draft, through the same checks as the post form; the
    officer adds the alt texts on the draft's page. Not CSRF-protected, since the share
    sheet cannot carry a token; instead only requests the browser itself started (no
    other site's page) are taken, and the session cookie (SameSite=Lax) is not sent
    with another site's POST anyway. A refused file leaves nothing behind."""
    officer = _get_officer(request)
    if request.headers.get("Sec-Fetch-Site", "none") not in ("none", "same-origin"):
        raise PermissionDenied(_("Sharing into the studio works only from this device."))
    if _upload_too_large(request):
        return _too_large_response(request, "posts/studio/share_refused.html", {})
    caption = "\n\n".join(
        value.strip() for value in (request.POST.get("title", ""), request.POST.get("text", ""),
                                    request.POST.get("url", "")) if value.strip()
    )
    data = QueryDict(mutable=True)
    data.update({"caption": caption[:2200], "place_name": ""})
    form = PostForm(data, request.FILES, alt_required=False)
    if not form.is_valid():
        return render(request, "posts/studio/share_refused.html",
                      {"errors": error_messages(form)}, status=400)
    post = form.save(officer=officer, author=request.user)
    messages.success(request, _("The shared files are in a new draft. Please add an alt text "
                                "for every photo, then save."))
    return redirect("posts:studio_edit", post_id=post.pk)
