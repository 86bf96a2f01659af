"""Correcting a published post in the open: its caption, a photo's alt text, or one
photo replaced or removed, each with a short public reason.

The press office corrects at once (in the admin). The officer who runs the channel
corrects in the studio: at once when the channel publishes without review, otherwise
the correction is proposed and waits for the press office, which applies or declines
it (the post stays as it was meanwhile). Applying a correction changes the post, keeps
every old and new value in one history entry (PostEvent "corrected", which also sends
`workflow.transitioned`: the Fediverse gets an Update) and sets `Post.corrected_at`, so
the page says "korrigiert am …" and lists what was corrected and why (never the old
text, never the old photo). A replaced or removed photo's files are deleted once the
change is committed (MediaItem's post_delete receiver): its old addresses answer 404.

Refusals raise PermissionDenied (who), workflow.TransitionNotAllowed (the post's state)
or ValidationError (the input), and change nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.media import processing
from portal.media.storage import delete_files, private_storage
from portal.push.kinds import Kind
from portal.push.service import notify
from portal.roles import press_office_members
from posts import media as media_store
from posts import tasks, workflow
from posts.models import Correction, MediaItem, Post, PostEvent
from posts.models.corrections import REASON_MAX

Field = Correction.Field
State = Correction.State


# --- who may -------------------------------------------------------------------------


def may_correct(user, post):
    """The press office, and the officer who runs the post's channel; published posts only."""
    return post.state == Post.State.PUBLISHED and (
        workflow.is_reviewer(user) or workflow.is_owner(user, post))


def needs_review(user, post):
    """An officer's correction waits for the press office unless the channel publishes
    without review; the press office's own is applied at once."""
    return not workflow.is_reviewer(user) and not post.officer.publish_without_review


# --- what changes --------------------------------------------------------------------


def _photos(post):
    """The post's media in page order, numbered as the page shows them (1, 2, ...)."""
    return list(enumerate(post.media.all(), 1))


def _clean_reason(reason):
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give a short reason for the correction: it is shown "
                                "publicly with the post."), code="reason_required")
    if len(reason) > REASON_MAX:
        raise ValidationError(_("The reason can be at most %(max)d characters long."),
                              code="reason_too_long", params={"max": REASON_MAX})
    return reason


def _clean_alt(item, text):
    text = (text or "").strip()
    if item.kind == MediaItem.Kind.PHOTO and not text:
        raise ValidationError(_("Every photo needs an alt text."), code="alt_required")
    if len(text) > workflow.ALT_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("An alt text can be at most %(max)d characters long."),
            code="alt_too_long", params={"max": workflow.ALT_TEXT_MAX_LENGTH})
    return text


def _planned(post, *, caption, alt_texts, remove, replace):
    """The corrections the input asks for, checked against the post, unsaved."""
    numbered = _photos(post)
    by_id = {item.pk: (number, item) for number, item in numbered}

    def item_of(media_id):
        try:
            return by_id[int(media_id)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("This photo or video is not part of the post."),
                                  code="foreign_media") from None

    planned = []
    if caption is not None:
        caption = caption.strip()
        if len(caption) > workflow.CAPTION_MAX_LENGTH:
            raise ValidationError(
                _("The caption can be at most %(max)d characters long."),
                code="caption_too_long", params={"max": workflow.CAPTION_MAX_LENGTH})
        if caption != post.caption:
            planned.append(Correction(field=Field.CAPTION, old_value=post.caption,
                                      new_value=caption))
    removed = {item_of(m)[1].pk for m in (remove or ())}
    replaced = {}
    if replace:
        media_id, upload, alt = replace
        number, item = item_of(media_id)
        if item.kind != MediaItem.Kind.PHOTO:
            raise ValidationError(_("Only a photo can be replaced here."), code="not_a_photo")
        if item.pk in removed:
            raise ValidationError(_("A photo cannot be replaced and removed at once."),
                                  code="replace_and_remove")
        replaced[item.pk] = (upload, (alt or "").strip())
    for media_id, text in (alt_texts or {}).items():
        number, item = item_of(media_id)
        if item.pk in removed or item.pk in replaced:
            continue
        text = _clean_alt(item, text)
        if text != item.alt_text:
            planned.append(Correction(field=Field.ALT_TEXT, photo_number=number, media=item,
                                      old_value=item.alt_text, new_value=text))
    for number, item in numbered:
        if item.pk in replaced:
            upload, alt = replaced[item.pk]
            if not alt:
                raise ValidationError(_("Please add an alt text for the new photo."),
                                      code="alt_required")
            _clean_alt(item, alt)
            correction = Correction(field=Field.PHOTO_REPLACED, photo_number=number,
                                    media=item, old_value=item.alt_text, new_value=alt)
            correction.upload = upload
            planned.append(correction)
        elif item.pk in removed:
            planned.append(Correction(field=Field.PHOTO_REMOVED, photo_number=number,
                                      media=item, old_value=item.alt_text))
    if removed and len(removed) >= len(numbered):
        raise ValidationError(_("A post keeps at least one photo or video. To take all of "
                                "it down, withdraw the post."), code="last_media")
    if not planned:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    return planned


# --- correcting ----------------------------------------------------------------------


def correct(post, by, *, reason, caption=None, alt_texts=None, remove=(), replace=None):
    """Corrects the published `post`: `caption` (None leaves it), `alt_texts` (media id
    -> text), `remove` (media ids), `replace` ((media id, inspected upload, alt text) of
    one photo; not for an officer whose channel needs review). Applied at once, or
    proposed when `by` is an officer whose channel needs review. Returns the Correction
    rows."""
    reason = _clean_reason(reason)
    if not may_correct(by, post):
        if post.state != Post.State.PUBLISHED:
            raise workflow.TransitionNotAllowed(
                _("Only a published post can be corrected; this post is “%(state)s”.")
                % {"state": post.get_state_display()})
        raise PermissionDenied(_("Only the press office or the officer of this channel can "
                                 "correct this post."))
    if replace is not None and needs_review(by, post):
        # A new photo in a published post would skip the review: the press office
        # replaces it, or an officer whose channel publishes without review.
        raise PermissionDenied(_("Only the press office replaces a photo of a published "
                                 "post."))
    if needs_review(by, post):
        return _propose(post, by, reason, caption=caption, alt_texts=alt_texts, remove=remove)
    with workflow._locked(post) as locked:
        planned = _planned(locked, caption=caption, alt_texts=alt_texts, remove=remove,
                           replace=replace)
        for correction in planned:
            correction.post, correction.reason, correction.proposed_by = locked, reason, by
        return _apply(locked, by, planned)


def _propose(post, by, reason, **changes):
    with transaction.atomic():
        locked = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
        planned = _planned(locked, replace=None, **changes)
        for correction in planned:
            correction.post, correction.reason, correction.proposed_by = locked, reason, by
            correction.state = State.PROPOSED
            correction.save()
        notify(Kind.POST_SUBMITTED, reverse("admin:posts_correction_changelist"),
               press_office_members())
    return planned


def apply_proposed(corrections, by):
    """The press office applies an officer's proposed corrections (of one post). A
    proposal whose old value no longer matches the post (changed meanwhile) is refused:
    the officer proposes again."""
    _require_reviewer(by)
    corrections = list(corrections)
    if not corrections:
        return []
    post = corrections[0].post
    with workflow._locked(post) as locked:
        if locked.state != Post.State.PUBLISHED:
            raise workflow.TransitionNotAllowed(
                _("Only a published post can be corrected; this post is “%(state)s”.")
                % {"state": locked.get_state_display()})
        fresh = list(Correction.objects.select_for_update().filter(
            pk__in=[c.pk for c in corrections], post=locked, state=State.PROPOSED))
        if len(fresh) != len(corrections):
            raise ValidationError(_("This correction was decided meanwhile."), code="decided")
        numbered = {item.pk: (number, item) for number, item in _photos(locked)}
        for correction in fresh:
            if correction.field == Field.CAPTION:
                current = locked.caption
            elif correction.media_id in numbered:
                number, correction.media = numbered[correction.media_id]
                correction.photo_number = number
                current = correction.media.alt_text
            else:
                current = None
            if current != correction.old_value:
                raise ValidationError(
                    _("The post changed since this correction was proposed. Decline it; the "
                      "officer can propose it again."), code="stale")
        if any(c.field == Field.PHOTO_REMOVED for c in fresh) and len(numbered) <= sum(
                c.field == Field.PHOTO_REMOVED for c in fresh):
            raise ValidationError(_("A post keeps at least one photo or video. To take all of "
                                    "it down, withdraw the post."), code="last_media")
        applied = _apply(locked, by, fresh)
        _tell_proposers(locked, fresh)
        return applied


def _tell_proposers(post, corrections):
    """A push message (if chosen) to the officers whose proposals were decided: the kind
    and the link to the post's correction page in the studio, where the decision shows."""
    proposers = {c.proposed_by_id for c in corrections if c.proposed_by_id}
    if proposers:
        notify(Kind.REVIEW_DECISION, reverse("posts:studio_correct", args=[post.pk]),
               list(proposers))


def decline(corrections, by, note):
    """The press office declines proposed corrections, with a note for the officer."""
    _require_reviewer(by)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Tell the officer why the correction is declined."),
                              code="note_required")
    corrections = list(corrections)
    with transaction.atomic():
        declined = Correction.objects.filter(
            pk__in=[c.pk for c in corrections], state=State.PROPOSED,
        ).update(state=State.DECLINED, decided_by=by, decided_at=timezone.now(),
                 decline_note=note)
        if declined:
            _tell_proposers(corrections[0].post, corrections)
    return declined


def _require_reviewer(user):
    if not workflow.is_reviewer(user):
        raise PermissionDenied(_("Only the press office can do that."))


def _apply(post, by, corrections):
    """Applies checked corrections to the locked post and records them (one history
    entry). Runs inside the post's lock."""
    now = timezone.now()
    changes, new_ids, stored = [], [], []
    try:
        for correction in corrections:
            change = {"field": correction.field, "old": correction.old_value,
                      "new": correction.new_value}
            if correction.field == Field.CAPTION:
                post.caption = correction.new_value
            elif correction.field == Field.ALT_TEXT:
                correction.media.alt_text = correction.new_value
                correction.media.save(update_fields=["alt_text"])
                change.update(media=correction.media_id, photo=correction.photo_number)
            elif correction.field == Field.PHOTO_REMOVED:
                change.update(media=correction.media_id, photo=correction.photo_number)
                correction.media.delete()  # its files go once this commits
                correction.media = None
            elif correction.field == Field.PHOTO_REPLACED:
                old = correction.media
                new = _replacement(old, correction.upload, correction.new_value, stored)
                change.update(media=old.pk, photo=correction.photo_number, new_media=new.pk)
                old.delete()  # its renditions go once this commits
                correction.media = new
                new_ids.append(new.pk)
            changes.append(change)
        post.corrected_at = now
        post.save(update_fields=["caption", "corrected_at", "updated_at"])
        event = PostEvent.objects.create(
            post=post, actor=by, action=PostEvent.Action.CORRECTED, from_state=post.state,
            to_state=post.state, note=corrections[0].reason, changes=changes, created_at=now)
        for correction in corrections:
            correction.state, correction.decided_by, correction.decided_at = (
                State.APPLIED, by, now)
            correction.event = event
            correction.save()
        tasks.enqueue_processing(new_ids)
        workflow.transitioned.send(sender=Post, post=post, event=event)
    except BaseException:
        delete_files(private_storage(), stored)  # the rows go with the rollback
        raise
    return corrections


def _replacement(old, upload, alt_text, stored):
    """The new photo in the old one's place: its original stored privately, processed
    after the commit (the page shows "Being processed …" until its renditions exist)."""
    info = processing.inspect_upload(upload)
    if info.kind != "photo":
        raise ValidationError(_("Replace a photo with a photo."), code="not_a_photo")
    item = MediaItem(post_id=old.post_id, kind=MediaItem.Kind.PHOTO, position=old.position,
                     alt_text=alt_text, width=info.width, height=info.height)
    media_store.store_original(item, upload)
    stored.append(item.original.name)
    item.save()
    return item
