"""Redaction of a post's photos and videos: who may mark areas, saving marked areas and
decisions on the detector's suggestions (recorded in the post's history, followed by new
renditions), and the staff preview.

`portal.media.redaction` is the pure library (regions, pixelation, detectors);
`posts.media` runs the detector when a photo is first processed and blurs faces in
videos; the check the review makes before approval is `undecided_problem` in
`posts.models.redaction`. This module decides who may do what and keeps the rows and
files in step.
"""

import hashlib
import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.media.redaction import MAX_REGIONS, parse_regions, regions_to_json
from posts import media, tasks, workflow
from posts.models import MediaItem, MediaRedaction, Post, PostEvent, RedactionSuggestion

logger = logging.getLogger(__name__)

# The action of the history rows this module writes (PostEvent.action).
ACTION = "redaction"
PREVIEW_WIDTH = 1280

Suggestion = RedactionSuggestion
Decision = RedactionSuggestion.State


# --- who may -------------------------------------------------------------------------


def is_owner_officer(user, post):
    """The officer whose active channel the post belongs to."""
    return workflow.is_owner(user, post)


def may_see(user, post):
    """The owner officer and the press office see a post's private preview."""
    return is_owner_officer(user, post) or workflow.is_reviewer(user)


def may_redact(user, post):
    """The owner officer while the post is theirs to change (draft, changes requested);
    the press office while the post is under review, scheduled or public."""
    if is_owner_officer(user, post) and post.state in Post.EDITABLE_STATES:
        return True
    return workflow.is_reviewer(user) and post.state in workflow.REVIEWER_EDITABLE


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
                tasks.process_media.call(item.pk)
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
    media.files_changed(item)
    tasks.enqueue_processing([item.pk])


# --- the private preview -------------------------------------------------------------


def preview_version(item):
    """Changes whenever the preview would: for cache-busting the preview's URL."""
    text = json.dumps([item.original.name, item.regions], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def preview_jpeg(item):
    """A downscaled JPEG of the original, upright, without metadata and with the stored
    areas pixelated. For the owner officer and the press office only: never public."""
    return media.oriented_copy(item, PREVIEW_WIDTH, current_regions(item)).data
