"""The review workflow of a post: every change of its state, who may make it, and the
record of it (DESIGN principle 2: nothing is published without review, and every state
change is recorded: who, when, why).

Each transition is one function taking the post and the acting user. It locks the post's
row, checks the state and the actor on the locked row, changes the post, writes one
PostEvent and queues the officer's e-mail, all in one transaction: two reviewers clicking
at the same moment cannot both act, and a refused transition changes nothing. After a
successful transition the caller's instance carries the new values.

Refusals raise, always with a translated message for the person who tried:
- PermissionDenied: this user may not do this to this post (wrong officer, not press office);
- TransitionNotAllowed: nobody may do this in the post's current state;
- ValidationError: the input is missing or wrong (a note, the checklist, media not ready).
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from officers.models import Follow
from portal.emails import queue_email
from portal.push.kinds import Kind
from portal.push.service import notify
from portal.roles import press_office_members
from posts.models import ChecklistItem, MediaItem, Post, PostEvent
from posts.models.post import check_expiry
from posts.models.redaction import undecided_problem

State = Post.State
Action = PostEvent.Action

REVIEW_PERMISSION = "posts.review_post"
CAPTION_MAX_LENGTH = 2200
ALT_TEXT_MAX_LENGTH = 1000
PLACE_MAX_LENGTH = 120

# Which state allows which transition: the single source for the checks below and for
# the buttons the studio and the admin show.
SUBMITTABLE = frozenset(Post.EDITABLE_STATES)  # draft, changes requested
WITHDRAWABLE = frozenset({State.SUBMITTED})
DECIDABLE = frozenset({State.SUBMITTED, State.APPROVED})  # approve, request changes, reject
UNPUBLISHABLE = frozenset({State.PUBLISHED})
REVIEWER_EDITABLE = frozenset({State.SUBMITTED, State.APPROVED, State.PUBLISHED})

# Fields a transition may change; copied back to the caller's instance afterwards.
_POST_FIELDS = (
    "state", "review_note", "scheduled_for", "published_at", "submitted_at", "caption",
    "place_name", "expires_at", "updated_at", "corrected_at",
)


# Sent after every transition (and every edit by the press office), inside its
# transaction, with `post` (its new values) and `event` (the PostEvent recording it):
# for apps on top of posts that act on a state change, e.g. federation.
transitioned = Signal()


class TransitionNotAllowed(Exception):
    """The post's current state does not allow this transition, whoever asks."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- who acts ------------------------------------------------------------------------


def is_reviewer(user):
    """A press-office user (or a superuser): may approve, schedule, reject, unpublish."""
    return bool(user is not None and user.is_active and user.has_perm(REVIEW_PERMISSION))


def is_owner(user, post):
    """The officer who runs the channel the post belongs to (Officer.is_run_by)."""
    return post.officer.is_run_by(user)


def _require_owner(post, user):
    if not is_owner(user, post):
        raise PermissionDenied(_("Only the officer who owns this post can do that."))


def _require_reviewer(user):
    if not is_reviewer(user):
        raise PermissionDenied(_("Only the press office can do that."))


def _require_state(post, allowed, message):
    if post.state not in allowed:
        raise TransitionNotAllowed(message % {"state": post.get_state_display()})


def _require_note(note, message):
    note = (note or "").strip()
    if not note:
        raise ValidationError(message, code="note_required")
    return note


# --- media ---------------------------------------------------------------------------


def media_problem(post):
    """Why the post's media keeps it from being submitted or published, or None."""
    if post.media_ready():
        return None
    statuses = {m.status for m in post.media.all()}
    if not statuses:
        return _("Add at least one photo or video first.")
    if MediaItem.Status.FAILED in statuses:
        return _("A photo or video could not be processed. Remove it or upload it again.")
    return _("Photos and videos are still being processed. Please try again in a moment.")


def _require_media_ready(post):
    problem = media_problem(post)
    if problem:
        raise ValidationError(problem, code="media_not_ready")
    # A photo shared into a draft from another app comes without an alt text.
    if post.media.filter(kind=MediaItem.Kind.PHOTO, alt_text="").exists():
        raise ValidationError(_("Every photo needs an alt text. Please add it first."),
                              code="alt_required")


# --- the record ----------------------------------------------------------------------


@contextmanager
def _locked(post):
    """The post's row, locked until the transaction ends; copied back on success."""
    with transaction.atomic():
        locked = (
            Post.objects.select_for_update(of=("self",))
            .select_related("officer")
            .get(pk=post.pk)
        )
        yield locked
    for field in _POST_FIELDS:
        setattr(post, field, getattr(locked, field))


def _move(post, by, to_state, action, *, note="", checklist=(), changes=(), **fields):
    """Changes the state (and `fields`) of a locked post and records the event."""
    event = PostEvent.objects.create(
        post=post,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_state=post.state,
        to_state=to_state,
        note=note,
        scheduled_for=fields.get("scheduled_for"),
        checklist=list(checklist),
        changes=list(changes),
    )
    post.state = to_state
    for name, value in fields.items():
        setattr(post, name, value)
    post.save(update_fields=["state", "updated_at", *fields])
    transitioned.send(sender=Post, post=post, event=event)
    return event


def _notify(post, template, note=""):
    """Queues the e-mail (and a push message, if chosen) to the officer; sent by the
    worker after the commit."""
    user = post.officer.user
    if user is None or not user.email:
        return
    notify(Kind.REVIEW_DECISION, reverse("posts:studio"), [user])
    queue_email(
        user.email,
        template,
        {
            "officer_name": post.officer.display_name,
            "caption": Truncator(post.caption).chars(80),
            "note": note,
            "studio_url": settings.SITE_URL + reverse("posts:studio"),
            "post_url": settings.SITE_URL + post.get_absolute_url(),
        },
    )


def _announce(post):
    """A post has just gone public: its channel's followers who chose it get a push."""
    followers = Follow.objects.filter(officer_id=post.officer_id).values("user_id")
    notify(Kind.NEW_POST, post.get_absolute_url(), followers)


# --- the officer's transitions -------------------------------------------------------


def submit(post, by):
    """The owner officer hands a ready draft to the press office. An officer who may
    publish without review (or a press-office user posting on their own channel)
    publishes at once; that is recorded like any other decision."""
    with _locked(post) as post:
        _require_owner(post, by)
        _require_state(
            post, SUBMITTABLE,
            _("Only a draft can be submitted for review; this post is “%(state)s”."),
        )
        _require_media_ready(post)
        now = timezone.now()
        if post.officer.publish_without_review or is_reviewer(by):
            # Redaction: publishing without review needs every suggestion decided.
            if problem := undecided_problem(post):
                raise ValidationError(problem, code="undecided_suggestions")
            event = _move(
                post, by, State.PUBLISHED, Action.PUBLISHED_WITHOUT_REVIEW,
                submitted_at=now, published_at=now, scheduled_for=None, review_note="",
            )
            _announce(post)
            return event
        # The previous round's note stays in the history; the post shows no stale note.
        event = _move(
            post, by, State.SUBMITTED, Action.SUBMITTED, submitted_at=now, review_note=""
        )
        notify(Kind.POST_SUBMITTED, reverse("admin:posts_post_change", args=[post.pk]),
               press_office_members())
        return event


def submit_once_ready(post, by):
    """"Save and submit for review" in one go: submits the draft now if its media is
    ready; while photos or video are still being processed, marks it to be submitted
    by submit_waiting() as soon as they are. True if it was submitted now. A failed
    upload raises, as submit() does: the officer has to fix it first."""
    try:
        submit(post, by)
        return True
    except ValidationError as error:
        if error.code != "media_not_ready" or not post.media_processing():
            raise
    with _locked(post) as post:
        _require_owner(post, by)
        if post.state in SUBMITTABLE:
            post.submit_when_ready = True
            post.save(update_fields=["submit_when_ready"])
    return False


def submit_waiting(post_id):
    """Called when one of a post's media items is processed: a post marked by
    submit_once_ready() goes to review, in its owner's name, once all its items are
    ready. If one failed it stays a draft (the studio says why) and waits no longer."""
    post = Post.objects.filter(pk=post_id, submit_when_ready=True).first()
    if post is None or post.media_processing():
        return None
    Post.objects.filter(pk=post.pk).update(submit_when_ready=False)
    if not post.media_ready():
        return None
    try:
        return submit(post, post.author)
    except (ValidationError, PermissionDenied):
        return None  # changed meanwhile (withdrawn, edited, no longer the owner's)


def withdraw_submission(post, by):
    """The owner officer takes a submitted post back to edit it further."""
    with _locked(post) as post:
        _require_owner(post, by)
        _require_state(
            post, WITHDRAWABLE,
            _("Only a post waiting for review can be withdrawn; this post is “%(state)s”."),
        )
        return _move(post, by, State.DRAFT, Action.WITHDRAWN, submitted_at=None)


# --- the press office's transitions --------------------------------------------------


def request_changes(post, by, note):
    """Sends the post back to the officer with a note saying what to change."""
    with _locked(post) as post:
        _require_reviewer(by)
        _require_state(
            post, DECIDABLE,
            _("Changes can be requested only while a post waits for review or is "
              "scheduled; this post is “%(state)s”."),
        )
        note = _require_note(note, _("Tell the officer what to change."))
        event = _move(
            post, by, State.CHANGES_REQUESTED, Action.CHANGES_REQUESTED, note=note,
            review_note=note, scheduled_for=None,
        )
        _notify(post, "post_changes_requested", note)
        return event


def approve(post, by, checklist=(), publish_at=None, note=""):
    """Approves the post after the reviewer ticked every active checklist item.

    `checklist`: the ticked ChecklistItems (or their ids). `publish_at`: None or a time
    not in the future publishes now; a future time schedules the post (see publish_due).
    An approved, scheduled post may be approved again to publish it now or move it."""
    with _locked(post) as post:
        _require_reviewer(by)
        _require_state(
            post, DECIDABLE,
            _("Only a post waiting for review or scheduled can be approved; "
              "this post is “%(state)s”."),
        )
        _require_media_ready(post)
        # --- Redaction: no suggested area to blur may be left undecided. ---
        if problem := undecided_problem(post):
            raise ValidationError(problem, code="undecided_suggestions")
        # --- end of redaction ---
        ticked = {int(getattr(item, "pk", item)) for item in checklist}
        items = list(ChecklistItem.objects.filter(active=True))
        if not items:
            raise ValidationError(
                _("The review checklist is empty. Add its points in the admin first."),
                code="no_checklist",
            )
        missing = [item.text for item in items if item.pk not in ticked]
        if missing:
            raise ValidationError(
                _("Tick every point of the checklist before approving. Not ticked: "
                  "%(items)s"),
                code="checklist", params={"items": "; ".join(missing)},
            )
        # The texts as they read now: the record keeps what the reviewer confirmed.
        snapshot = [{"id": item.pk, "text": item.text, "checked": True} for item in items]
        note = (note or "").strip()
        now = timezone.now()
        if publish_at is not None and timezone.is_naive(publish_at):
            publish_at = timezone.make_aware(publish_at)
        if publish_at is None or publish_at <= now:
            event = _move(
                post, by, State.PUBLISHED, Action.APPROVED, note=note, checklist=snapshot,
                published_at=now, scheduled_for=None, review_note=note,
            )
            _notify(post, "post_published", note)
            _announce(post)
            return event
        return _move(
            post, by, State.APPROVED, Action.APPROVED, note=note, checklist=snapshot,
            scheduled_for=publish_at, review_note=note,
        )


def reject(post, by, note):
    """Refuses the post for good, with the reason the officer reads."""
    with _locked(post) as post:
        _require_reviewer(by)
        _require_state(
            post, DECIDABLE,
            _("Only a post waiting for review or scheduled can be rejected; "
              "this post is “%(state)s”."),
        )
        note = _require_note(note, _("Tell the officer why the post is rejected."))
        event = _move(
            post, by, State.REJECTED, Action.REJECTED, note=note, review_note=note,
            scheduled_for=None,
        )
        _notify(post, "post_rejected", note)
        return event


def unpublish(post, by, reason):
    """Takes a published post off the public pages, with the reason."""
    with _locked(post) as post:
        _require_reviewer(by)
        _require_state(
            post, UNPUBLISHABLE,
            _("Only a published post can be withdrawn from public; "
              "this post is “%(state)s”."),
        )
        reason = _require_note(reason, _("Give the reason for withdrawing the post."))
        event = _move(
            post, by, State.UNPUBLISHED, Action.UNPUBLISHED, note=reason, review_note=reason
        )
        _notify(post, "post_unpublished", reason)
        return event


def reviewer_edit(post, by, *, caption=None, place_name=None, alt_texts=None, note="",
                  expires_at=False):
    """The press office corrects the caption, the place, the end date (`expires_at`: a
    time or None to clear; False leaves it) or alt texts; the record keeps
    the old and the new values. `alt_texts` maps media item ids to texts. Returns the
    event, or None when nothing changed."""
    with _locked(post) as post:
        _require_reviewer(by)
        _require_state(
            post, REVIEWER_EDITABLE,
            _("The press office edits only posts under review, scheduled or published; "
              "this post is “%(state)s”."),
        )
        changes = []
        if caption is not None and caption != post.caption:
            if len(caption) > CAPTION_MAX_LENGTH:
                raise ValidationError(
                    _("The caption can be at most %(max)d characters long."),
                    code="caption_too_long", params={"max": CAPTION_MAX_LENGTH},
                )
            changes.append({"field": "caption", "old": post.caption, "new": caption})
            post.caption = caption
        if place_name is not None and place_name != post.place_name:
            if len(place_name) > PLACE_MAX_LENGTH:
                raise ValidationError(
                    _("The place can be at most %(max)d characters long."),
                    code="place_too_long", params={"max": PLACE_MAX_LENGTH},
                )
            changes.append({"field": "place_name", "old": post.place_name, "new": place_name})
            post.place_name = place_name
        if expires_at is not False and expires_at != post.expires_at:
            check_expiry(expires_at)
            changes.append({"field": "expires_at", "old": _iso(post.expires_at),
                            "new": _iso(expires_at)})
            post.expires_at = expires_at
        media = {m.pk: m for m in post.media.all()}
        changed_media = []
        for media_id, text in (alt_texts or {}).items():
            item = media.get(int(media_id))
            if item is None:  # an id from another post: refuse rather than ignore
                raise ValidationError(_("This photo or video is not part of the post."),
                                      code="foreign_media")
            text = (text or "").strip()
            if item.kind == MediaItem.Kind.PHOTO and not text:
                raise ValidationError(_("Every photo needs an alt text."), code="alt_required")
            if len(text) > ALT_TEXT_MAX_LENGTH:
                raise ValidationError(
                    _("An alt text can be at most %(max)d characters long."),
                    code="alt_too_long", params={"max": ALT_TEXT_MAX_LENGTH},
                )
            if text != item.alt_text:
                changes.append(
                    {"field": "alt_text", "media": item.pk, "old": item.alt_text, "new": text}
                )
                item.alt_text = text
                changed_media.append(item)
        if not changes:
            return None
        for item in changed_media:
            item.save(update_fields=["alt_text"])
        post.save(update_fields=["caption", "place_name", "expires_at", "updated_at"])
        event = PostEvent.objects.create(
            post=post, actor=by, action=Action.EDITED, from_state=post.state,
            to_state=post.state, note=(note or "").strip(), changes=changes,
        )
        transitioned.send(sender=Post, post=post, event=event)
        return event


def take_media_offline(item, by, note=""):
    """The press office takes one photo or video of a post off the public pages at once
    (a reader reported a recognisable person, say): the post shows "Photo temporarily
    removed" in its place and the item's files leave the public store when the
    transaction commits (posts.signals). Recorded in the post's history; other servers
    get the post without it (an Update). Returns the event, or None if it was offline."""
    return _set_offline(item, by, note, offline=True)


def put_media_back_online(item, by, note=""):
    """Undoes take_media_offline(): the item is shown again, under new public URLs, if
    its post is public. Returns the event, or None if it was online."""
    return _set_offline(item, by, note, offline=False)


def _set_offline(item, by, note, *, offline):
    with _locked(item.post) as post:
        _require_reviewer(by)
        current = MediaItem.objects.select_for_update().filter(pk=item.pk, post=post).first()
        if current is None:
            raise ValidationError(_("This photo or video is not part of the post."),
                                  code="foreign_media")
        if (current.offline_since is not None) == offline:
            item.offline_since = current.offline_since
            return None
        since = timezone.now() if offline else None
        MediaItem.objects.filter(pk=item.pk).update(offline_since=since)
        item.offline_since = since
        event = PostEvent.objects.create(
            post=post, actor=by, action=Action.MEDIA_OFFLINE if offline else Action.MEDIA_ONLINE,
            from_state=post.state, to_state=post.state, note=(note or "").strip(),
            changes=[{"field": "offline", "media": item.pk, "old": not offline,
                      "new": offline}],
        )
        transitioned.send(sender=Post, post=post, event=event)
        return event


def _iso(value):
    # The record is JSON; the history shows the time in local time.
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# --- the portal's own transitions ----------------------------------------------------


def publish_due(now=None):
    """Publishes every approved post whose time has come; returns how many.

    Run by the periodic task. Each post is claimed with a conditional UPDATE, so two
    workers running this at once never publish (or record, or e-mail) a post twice."""
    now = now or timezone.now()
    due = Post.objects.filter(state=State.APPROVED, scheduled_for__lte=now)
    published = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Post.objects.filter(
                pk=pk, state=State.APPROVED, scheduled_for__lte=now
            ).update(state=State.PUBLISHED, published_at=now, updated_at=now)
            if not claimed:
                continue
            post = Post.objects.select_related("officer__user").get(pk=pk)
            event = PostEvent.objects.create(
                post=post, actor=None, action=Action.PUBLISHED, from_state=State.APPROVED,
                to_state=State.PUBLISHED, scheduled_for=post.scheduled_for, created_at=now,
            )
            transitioned.send(sender=Post, post=post, event=event)
            _notify(post, "post_published", post.review_note)
            _announce(post)
        published += 1
    return published



def expire_due(now=None):
    """Unpublishes every published post whose end date has come; returns how many.

    Run by the periodic task. Claimed like publish_due, so two workers never take a post
    off (or record it) twice. What follows an unpublication follows here too: the
    transitioned signal (federation sends a Delete), the page caches (the PostEvent)."""
    now = now or timezone.now()
    due = Post.objects.filter(state=State.PUBLISHED, expires_at__lte=now)
    expired = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Post.objects.filter(
                pk=pk, state=State.PUBLISHED, expires_at__lte=now
            ).update(state=State.UNPUBLISHED, updated_at=now)
            if not claimed:
                continue
            post = Post.objects.select_related("officer__user").get(pk=pk)
            event = PostEvent.objects.create(
                post=post, actor=None, action=Action.EXPIRED, from_state=State.PUBLISHED,
                to_state=State.UNPUBLISHED, created_at=now,
            )
            transitioned.send(sender=Post, post=post, event=event)
        expired += 1
    return expired
