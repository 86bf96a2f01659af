"""Blurring areas of a photo (and faces in a video) before a post goes public.

One page per photo or video: the owner officer uses it while the post is a draft (or
changes were requested), the press office while it reviews the post (linked from the
admin). The photo is shown as a private preview streamed by `preview`, never as a
public file. Saving goes through `posts.redaction.save_redaction`, which records
the change in the post's history and has new renditions made.
"""

import json
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.media.redaction import MAX_REGIONS, regions_to_json
from posts import media, redaction
from posts.models import MediaItem
from posts.models.redaction import found_counts


def _media(request, post_id, media_id):
    """The item, if the user may see its post's private preview (the owner officer or
    the press office); "not found" for everyone else, whether the item exists or not."""
    item = (
        MediaItem.objects.select_related("post", "post__officer")
        .filter(post_id=post_id, pk=media_id)
        .first()
    )
    if item is None or not redaction.may_see(request.user, item.post):
        raise Http404
    return item


def _back(request, item):
    if redaction.is_owner_officer(request.user, item.post):
        if item.post.is_editable:
            return reverse("posts:studio_edit", args=[item.post_id])
        return reverse("posts:studio")
    return reverse("admin:posts_post_change", args=[item.post_id])


def _widget_context(item):
    suggestions = list(item.suggestions.all())
    decided = {state: ",".join(str(s.pk) for s in suggestions if s.state == state)
               for state in (redaction.Decision.ACCEPTED, redaction.Decision.DISMISSED)}
    photo = SimpleNamespace(
        pk=item.pk,
        alt_text=item.alt_text,
        width=item.width or "",
        height=item.height or "",
        preview_url=reverse("posts:studio_redact_preview", args=[item.post_id, item.pk])
        + f"?v={redaction.preview_version(item)}",
    )
    return {
        "photo": photo,
        "regions_json": json.dumps(regions_to_json(redaction.current_regions(item))),
        "suggestions_json": [s.as_widget_json() for s in suggestions],
        "accepted": decided[redaction.Decision.ACCEPTED],
        "dismissed": decided[redaction.Decision.DISMISSED],
        "max_regions": MAX_REGIONS,
        "suggestions": suggestions,
        "found": found_counts(suggestions),
        "undecided": [s for s in suggestions if s.is_undecided],
        "dismissed_suggestions": [
            s for s in suggestions if s.state == redaction.Decision.DISMISSED
        ],
    }


@require_http_methods(["GET", "POST"])
def redact(request, post_id, media_id):
    item = _media(request, post_id, media_id)
    if not redaction.may_redact(request.user, item.post):
        raise PermissionDenied(_("The blurred areas of this post can no longer be changed."))
    errors = []
    if request.method == "POST":
        n = item.pk
        try:
            event = redaction.save_redaction(
                item,
                request.user,
                regions=request.POST.get(f"regions-{n}") if item.is_photo else None,
                accepted=request.POST.get(f"accepted-{n}", ""),
                dismissed=request.POST.get(f"dismissed-{n}", ""),
                blur_faces=None if item.is_photo else bool(request.POST.get("blur_faces")),
            )
        except ValidationError as exc:
            errors = exc.messages
            item.refresh_from_db()
        else:
            if event is None:
                messages.info(request, _("Nothing was changed."))
            elif item.status == MediaItem.Status.PROCESSING:
                messages.success(
                    request, _("Saved. The public images are being made again with the "
                               "blurred areas.")
                )
            else:
                messages.success(request, _("Saved."))
            return redirect(_back(request, item))

    context = {
        "item": item,
        "post": item.post,
        "errors": errors,
        "back_url": _back(request, item),
        "ready": item.status == MediaItem.Status.READY,
        "not_ready_message": None if item.is_ready else redaction.not_ready_message(item),
    }
    if item.is_photo:
        context.update(_widget_context(item))
    else:
        context["blur_faces"] = media.blurs_faces(item)
    return render(request, "posts/studio/redaction.html", context, status=400 if errors else 200)


@require_GET
def preview(request, post_id, media_id):
    """The photo with its stored areas pixelated, downscaled and without metadata, for
    the owner officer and the press office only (404 for everyone else)."""
    item = _media(request, post_id, media_id)
    if not item.is_photo or not item.original:
        raise Http404
    try:
        data = redaction.preview_jpeg(item)
    except ValidationError:
        raise Http404 from None
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
