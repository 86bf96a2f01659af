"""Redaction wired into the posts app (issue 8): detector suggestions when a photo is
first processed, the "blur all detected faces" filter for videos, saving marked areas
and decisions (recorded in the post's history, followed by new renditions), the staff
preview, and the check the review makes before approval.

`posts.redaction` is the pure library (regions, pixelation, detectors); this module
decides who may do what and keeps the rows and files in step.
"""

import hashlib
import io
import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image

from officers.models import Officer
from posts import processing
from posts.models import MediaItem, MediaRedaction, Post, PostEvent, RedactionSuggestion
from posts.redaction import (
    MAX_REGIONS,
    get_detector,
    parse_regions,
    regions_to_json,
)

logger = logging.getLogger(__name__)

# The action of the history rows this module writes (PostEvent.action).
ACTION = "redaction"
PREVIEW_WIDTH = 1280
DETECT_WIDTH = 1024  # the Haar detector works on at most 1024 px anyway

Suggestion = RedactionSuggestion
Decision = RedactionSuggestion.State


# --- who may -------------------------------------------------------------------------


def _is_reviewer(user):
    from posts import workflow

    return workflow.is_reviewer(user)


def is_owner_officer(user, post):
    """The officer whose active channel the post belongs to."""
    officer = Officer.objects.run_by(user)
    return officer is not None and officer.pk == post.officer_id


def may_see(user, post):
    """The owner officer and the press office see a post's private preview."""
    return is_owner_officer(user, post) or _is_reviewer(user)


def may_redact(user, post):
    """The owner officer while the post is theirs to change (draft, changes requested);
    the press office while the post is under review, scheduled or public."""
    from posts import workflow

    if is_owner_officer(user, post) and post.state in Post.EDITABLE_STATES:
        return True
    return _is_reviewer(user) and post.state in workflow.REVIEWER_EDITABLE


# --- processing: suggestions and the video filter ------------------------------------


def _oriented_copy(item, width, regions=()):
    """The upright photo, at most `width` wide, without metadata, as a JPEG rendition."""
    with item.original.open("rb") as f:
        (rendition,) = processing.photo_renditions(
            f, regions=regions, widths=[width], formats=["jpeg"]
        )
    return rendition


def suggest_regions(item):
    """Runs the detector on a photo the first time it is processed and stores what it
    proposes. Returns the new suggestions (none on later processing). A detector that
    fails only costs the suggestions: processing goes on (and says why a broken file
    cannot be used)."""
    if item.kind != MediaItem.Kind.PHOTO or not item.original:
        return []
    redaction, _created = MediaRedaction.objects.get_or_create(media=item)
    if redaction.detected_at is not None:
        return []
    detector = get_detector()
    width = getattr(detector, "max_side", DETECT_WIDTH)
    try:
        rendition = _oriented_copy(item, width)
        with Image.open(io.BytesIO(rendition.data)) as image:
            found = detector.detect(image.convert("RGB"))
    except ValidationError:
        return []  # not a usable photo: processing reports it
    except Exception:
        logger.exception("redaction detector failed on media item %s", item.pk)
        return []
    kinds = set(Suggestion.Kind.values)
    rows = [
        Suggestion(
            media=item, kind=s.region.kind, x=s.region.x, y=s.region.y, w=s.region.w,
            h=s.region.h, score=float(s.score),
        )
        for s in found
        if s.region.kind in kinds
    ][:MAX_REGIONS]
    with transaction.atomic():
        created = Suggestion.objects.bulk_create(rows)
        MediaRedaction.objects.filter(pk=redaction.pk).update(
            detected_at=timezone.now(),
            detector=f"{type(detector).__module__}.{type(detector).__qualname__}"[:200],
        )
    return created


def blurs_faces(item):
    return MediaRedaction.objects.filter(media=item, blur_faces=True).exists()


def video_frame_filter(item):
    """The frame filter for transcoding a video: every detected face pixelated when the
    item asks for it, else None."""
    if item.kind != MediaItem.Kind.VIDEO or not blurs_faces(item):
        return None
    from posts.redaction import face_blur_filter

    return face_blur_filter()


# --- the review --------------------------------------------------------------------


def undecided_count(post):
    return Suggestion.objects.for_post(post).undecided().count()


def undecided_problem(post):
    """Why the post may not be approved yet because of suggestions, or None."""
    count = undecided_count(post)
    if not count:
        return None
    return ngettext(
        "%(count)d suggested area to blur is neither accepted nor dismissed. Accept or "
        "dismiss it on the photo's “Blur areas” page before the post goes public.",
        "%(count)d suggested areas to blur are neither accepted nor dismissed. Accept or "
        "dismiss each of them on the photo's “Blur areas” page before the post goes public.",
        count,
    ) % {"count": count}


# --- saving marked areas and decisions -----------------------------------------------


def _ids(raw, message):
    """Suggestion ids from the widget's comma-separated field."""
    if isinstance(raw, list | tuple | set | frozenset):
        raw = ",".join(str(v) for v in raw)
    ids = set()
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or len(part) > 18:
            raise ValidationError(message, code="invalid_ids")
        ids.add(int(part))
    return ids


def _intersects(a, b):
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def current_regions(item):
    """The stored areas of an item, as Regions (empty for none or unreadable data)."""
    try:
        return parse_regions(item.regions or [])
    except ValidationError:
        logger.warning("media item %s has unreadable regions", item.pk)
        return []


def save_redaction(item, by, *, regions=None, accepted="", dismissed="", blur_faces=None):
    """Stores the marked areas of a photo (`regions`: the widget's JSON, or None to keep
    them), the decisions on its suggestions (`accepted`, `dismissed`: ids) and, for a
    video, whether every detected face is blurred. Records who changed what in the
    post's history and has new renditions made when what is blurred changed (the old
    files are deleted once the new ones exist).

    Returns the history event, or None when nothing changed. Raises PermissionDenied or
    ValidationError (with a message for the person) and then changes nothing.
    """
    message = _("The decisions on the suggested areas could not be read.")
    accepted, dismissed = _ids(accepted, message), _ids(dismissed, message)
    if accepted & dismissed:
        raise ValidationError(
            _("A suggested area cannot be accepted and dismissed at the same time."),
            code="both",
        )

    with transaction.atomic():
        # The post's row first, as the workflow's transitions lock it: a submission or a
        # decision at the same moment waits, and the state checked here stays true.
        post = (
            Post.objects.select_for_update(of=("self",)).select_related("officer")
            .get(pk=item.post_id)
        )
        if not may_redact(by, post):
            raise PermissionDenied(_("You may not change the blurred areas of this post."))
        item = MediaItem.objects.select_for_update().get(pk=item.pk)
        if item.status != MediaItem.Status.READY:
            raise ValidationError(not_ready_message(item), code="not_ready")
        suggestions = {s.pk: s for s in item.suggestions.all()}
        unknown = (accepted | dismissed) - suggestions.keys()
        if unknown:
            raise ValidationError(
                _("A suggested area does not belong to this photo."), code="unknown_suggestion"
            )
        old = current_regions(item)
        new = old if regions is None or item.kind != MediaItem.Kind.PHOTO else parse_regions(
            regions
        )
        new = list(new)

        now = timezone.now()
        decided = []
        for pk in sorted(accepted | dismissed):
            suggestion = suggestions[pk]
            state = Decision.ACCEPTED if pk in accepted else Decision.DISMISSED
            if suggestion.state == state:
                continue
            if state == Decision.ACCEPTED and not any(
                _intersects(suggestion.region, r) for r in new
            ):
                # Accepted but not marked (a client without the widget): blur it as proposed.
                new.append(suggestion.region)
            suggestion.state, suggestion.decided_by, suggestion.decided_at = state, by, now
            decided.append(suggestion)
        if len(new) > MAX_REGIONS:
            raise ValidationError(
                _("Too many marked areas: at most %(max)d are possible, %(count)d were sent."),
                code="too_many", params={"max": MAX_REGIONS, "count": len(new)},
            )

        changes = []
        old_json, new_json = regions_to_json(old), regions_to_json(new)
        if new_json != old_json:
            changes.append({"field": "regions", "media": item.pk, "old": old_json,
                            "new": new_json})
        for suggestion in decided:
            changes.append({
                "field": "suggestion", "media": item.pk, "suggestion": suggestion.pk,
                "kind": suggestion.kind, "decision": suggestion.state,
                "area": regions_to_json([suggestion.region])[0],
            })
        redaction = None
        if blur_faces is not None and item.kind == MediaItem.Kind.VIDEO:
            redaction, _created = MediaRedaction.objects.get_or_create(media=item)
            if redaction.blur_faces != bool(blur_faces):
                changes.append({"field": "blur_faces", "media": item.pk,
                                "old": redaction.blur_faces, "new": bool(blur_faces)})
                redaction.blur_faces = bool(blur_faces)
            else:
                redaction = None
        if not changes:
            return None

        for suggestion in decided:
            suggestion.save(update_fields=["state", "decided_by", "decided_at"])
        if redaction is not None:
            redaction.save(update_fields=["blur_faces"])
        if new_json != old_json or redaction is not None:
            _reprocess(item, new_json)
        return PostEvent.objects.create(
            post=post, actor=by, action=ACTION, from_state=post.state, to_state=post.state,
            changes=changes,
        )


def accept_all_suggestions(post, by, *, process_now=False):
    """Accepts every undecided suggestion on the post's photos (each blurred as proposed),
    as `by`, recorded like a decision in the studio. With `process_now` the new
    renditions are made here instead of by the worker (for the demo). Returns the
    history events."""
    events = []
    for item in post.media.filter(suggestions__state=Decision.PROPOSED).distinct():
        pending = item.suggestions.undecided().values_list("pk", flat=True)
        event = save_redaction(item, by, accepted=list(pending))
        if event is not None:
            events.append(event)
            if process_now:
                from posts.tasks import process_media

                process_media.call(item.pk)
    return events


def not_ready_message(item):
    if item.status == MediaItem.Status.PROCESSING:
        return _("The photo or video is still being processed. Please try again in a moment.")
    return _("This photo or video could not be processed. Remove it or upload it again.")


def _reprocess(item, regions_json):
    """New renditions from the original with these areas; the running transaction must
    hold the item. Taking it back to "processing" keeps the post from being submitted
    or approved with the old files; `posts.media.process` deletes those when done."""
    updated = MediaItem.objects.filter(pk=item.pk, status=MediaItem.Status.READY).update(
        regions=regions_json, status=MediaItem.Status.PROCESSING, claimed_at=None
    )
    if not updated:
        raise ValidationError(not_ready_message(item), code="not_ready")
    item.regions, item.status, item.claimed_at = regions_json, MediaItem.Status.PROCESSING, None
    from posts.media import enqueue_processing, files_changed

    files_changed(item)
    enqueue_processing([item.pk])


# --- the private preview -------------------------------------------------------------


def preview_version(item):
    """Changes whenever the preview would: for cache-busting the preview's URL."""
    text = json.dumps([item.original.name, item.regions], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def preview_jpeg(item):
    """A downscaled JPEG of the original, upright, without metadata and with the stored
    areas pixelated. For the owner officer and the press office only: never public."""
    return _oriented_copy(item, PREVIEW_WIDTH, current_regions(item)).data
