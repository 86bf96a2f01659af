"""Citizens take part: comments (one level of replies), reports of comments, and the
blocked words the press office manages.

The counter on Post (comment_count) change in the same transaction as the row
they count, with F() expressions, so concurrent requests never lose an update. Each
state change of a comment is a method that checks the current state and who acts.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from officers.models import Officer
from portal import pagecache
from portal.emails import queue_email
from portal.push.kinds import Kind
from portal.push.service import notify
from portal.roles import is_press_office, press_office_members
from posts.models.post import Post
from posts.moderation import describe_personal_data, find_blocked_words, find_personal_data

COMMENT_MAX = 1000
# Sent inside the transaction of every new comment and change of a comment's state
# (comment, previous: its state before, None for a new one), for the apps above (the
# federation app sends the police's answers to people on other servers).
comment_changed = Signal()
# Sent with `posts` (Post rows) after comments were closed or opened on them (the
# federation app tells other servers who may reply now).
comments_toggled = Signal()
# Comments older than this no longer wait for the officer's reply in the studio, which
# lists them a page at a time and counts them up to a page.
WAITING_DAYS = 30
WAITING_PAGE = 50


class BlockedWord(models.Model):
    """A word or phrase that holds a citizen's comment for review (see posts.moderation)."""

    word = models.CharField(
        _("word or phrase"),
        max_length=100,
        unique=True,
        help_text=_("Matched as a whole word, whatever the case. End it with * to match "
                    "every ending, e.g. idiot* also matches Idioten."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = " ".join(self.word.split()).casefold()
        super().save(*args, **kwargs)


def recount_comments(post_ids):
    """Sets comment_count of the posts to their number of visible comments; used where
    many comments change at once (account deletion)."""
    visible = (
        Comment.objects.filter(post=OuterRef("pk"), state=Comment.State.VISIBLE)
        .order_by().values("post").annotate(n=Count("pk")).values("n")
    )
    Post.objects.filter(pk__in=post_ids).update(
        comment_count=Coalesce(Subquery(visible), Value(0))
    )


def _is_moderator(user):
    return bool(user and user.is_active and user.has_perm("posts.change_comment"))


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(state=Comment.State.VISIBLE)

    def written_by(self, user):
        """The user's own comments that still show to them (any state but deleted)."""
        return self.filter(author=user).exclude(state=Comment.State.DELETED)

    def shown_to(self, viewer):
        """Visible comments, plus the viewer's own held or hidden ones (marked as such)."""
        shown = Q(state=Comment.State.VISIBLE)
        if viewer is not None and viewer.is_authenticated:
            shown |= Q(author=viewer) & ~Q(state=Comment.State.DELETED)
        return self.filter(shown)

    def for_post(self, post, viewer=None):
        """The thread under a post: top-level comments oldest first, each with its
        replies in `shown_replies`; a fixed number of queries however many there are."""
        replies = (
            Comment.objects.shown_to(viewer).select_related("author").order_by("created_at", "pk")
        )
        return (
            self.shown_to(viewer)
            .filter(post=post, parent=None)
            .select_related("author")
            .prefetch_related(Prefetch("replies", queryset=replies, to_attr="shown_replies"))
            .order_by("created_at", "pk")
        )

    def waiting_for_reply(self, officer):
        """Comments of citizens and of people on other servers of the last WAITING_DAYS
        on the officer's public posts open for comments that no officer or press officer
        has answered and the officer has not set aside, newest first: the studio's list
        of comments to answer."""
        answered = Comment.objects.filter(parent=OuterRef("pk"), state=Comment.State.VISIBLE,
                                          author_role__in=Comment.STAFF_ROLES)
        return (
            self.filter(
                post__in=Post.objects.published().filter(officer=officer, comments_closed=False),
                parent=None, state=Comment.State.VISIBLE,
                author_role__in=[Comment.Role.CITIZEN, Comment.Role.REMOTE],
                no_reply_needed_at=None,
                created_at__gte=timezone.now() - timezone.timedelta(days=WAITING_DAYS),
            )
            .exclude(Exists(answered))
            .order_by("-created_at", "-pk")
        )

    def waiting_count(self, officer):
        """How many comments wait for the officer, counted up to WAITING_PAGE: a flood
        of comments costs no more than a page of them."""
        return self.waiting_for_reply(officer).values("pk")[:WAITING_PAGE].count()

    def needing_review(self):
        """The press office's moderation queue: held and reported comments, oldest first."""
        return self.filter(needs_review=True).order_by("created_at", "pk")


class Comment(models.Model):
    class State(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HELD = "held", _("Held for review")
        HIDDEN = "hidden", _("Hidden")
        DELETED = "deleted", _("Deleted")

    class HeldReason(models.TextChoices):
        BLOCKED_WORD = "blocked_word", _("Blocked word")
        PERSONAL_DATA = "personal_data", _("Personal data")
        REPORTED = "reported", _("Reported by citizens")
        FEDIVERSE = "fediverse", _("Reply from another server, waiting for release")

    class Role(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        OFFICER = "officer", _("Officer")
        PRESS = "press", _("Press office")
        # Someone on another server (a reply from the Fediverse): no account here, never
        # counted as a citizen.
        REMOTE = "remote", _("Fediverse")

    STAFF_ROLES = (Role.OFFICER, Role.PRESS)

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments",
        verbose_name=_("author"), null=True, blank=True,
        help_text=_("Empty for a reply from another server (see the remote author)."),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
        verbose_name=_("reply to"),
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.VISIBLE, db_index=True
    )
    held_reason = models.CharField(
        _("reason held"), max_length=20, choices=HeldReason.choices, blank=True
    )
    held_detail = models.CharField(_("what was found"), max_length=200, blank=True)
    # Who wrote it, as shown: officers and the press office carry a badge. A snapshot,
    # so the badge stays right when an officer's rank or channel changes later.
    author_role = models.CharField(
        _("written as"), max_length=10, choices=Role.choices, default=Role.CITIZEN
    )
    badge = models.CharField(_("badge"), max_length=200, blank=True)
    report_count = models.PositiveIntegerField(_("open reports"), default=0)
    needs_review = models.BooleanField(_("waiting for review"), default=False, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderation_note = models.CharField(_("moderation note"), max_length=300, blank=True)
    no_reply_needed_at = models.DateTimeField(
        _("set aside without reply"), null=True, blank=True,
        help_text=_("The officer decided that this comment needs no answer."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    # A reply from another server (author_role REMOTE): who wrote it, as their server
    # described them, and the Note it was (its id, to apply its Update and Delete; its
    # address, to link to the original). Kept as long as the comment is.
    remote_author_uri = models.URLField(_("remote account"), max_length=500, blank=True,
                                        db_index=True)
    remote_author_handle = models.CharField(_("remote handle"), max_length=300, blank=True)
    remote_author_name = models.CharField(_("remote name"), max_length=200, blank=True)
    remote_author_url = models.URLField(_("remote profile"), max_length=500, blank=True)
    remote_id = models.URLField(_("remote note"), max_length=500, blank=True)
    remote_url = models.URLField(_("original"), max_length=500, blank=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            # The top-level comments of a thread in their order (for_post), read as a
            # range that stops after a page. Partial: PostgreSQL orders by an index only
            # after columns compared with "=", and "parent IS NULL" is not one.
            models.Index(fields=["post", "state", "created_at", "id"],
                         condition=models.Q(parent=None), name="comment_thread"),
            # The studio's comments to answer (waiting_for_reply), read newest first until
            # a page of the officer's is found. State and role as stored ("visible",
            # "citizen"): the choices are not in reach inside Meta.
            models.Index(fields=["-created_at", "-id"], name="comment_waiting_any",
                         condition=models.Q(parent=None, state="visible",
                                            author_role__in=["citizen", "remote"],
                                            no_reply_needed_at=None)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["remote_id"], name="remote_comment_once",
                                    condition=~models.Q(remote_id="")),
            # A comment has an author here or one on another server, never neither.
            models.CheckConstraint(
                condition=models.Q(author__isnull=False) | ~models.Q(remote_author_uri=""),
                name="comment_has_author"),
        ]

    def __str__(self):
        return self.body[:60] or f"#{self.pk}"

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_visible(self):
        return self.state == self.State.VISIBLE

    @property
    def shown_author(self):
        """The name above the comment, as posts/includes/comment_meta.html shows it."""
        if self.author_role == self.Role.OFFICER:
            return self.badge
        if self.author_role == self.Role.PRESS:
            return _("Press office")
        if self.author_role == self.Role.REMOTE:
            return self.remote_author_name or self.remote_author_handle
        return self.author.public_name

    @property
    def is_remote(self):
        return self.author_role == self.Role.REMOTE

    @property
    def is_staff_reply(self):
        return self.author_role in self.STAFF_ROLES

    # --- Writing -------------------------------------------------------------------

    @classmethod
    def write(cls, *, post, author, body, parent=None):
        """A new comment or reply. Citizens' comments with a blocked word or personal
        data are held for review. Raises ValidationError when it may not be written."""
        body = (body or "").strip()
        if not body:
            raise ValidationError(_("Please write something."), code="empty")
        if len(body) > COMMENT_MAX:
            raise ValidationError(
                _("A comment can be at most %(max)d characters long."),
                code="too_long", params={"max": COMMENT_MAX},
            )
        if not post.is_public:
            raise ValidationError(_("This post cannot be commented on."), code="not_public")
        if post.comments_closed:
            raise ValidationError(_("Comments on this post are closed."), code="closed")
        if parent is not None:
            if parent.post_id != post.pk or parent.parent_id is not None:
                raise ValidationError(_("You can only reply to a comment."), code="level")
            if parent.state != cls.State.VISIBLE:
                raise ValidationError(_("This comment cannot be replied to."), code="parent")

        role, badge = cls.role_of(author)
        comment = cls(post=post, author=author, parent=parent, body=body,
                      author_role=role, badge=badge)
        if role == cls.Role.CITIZEN:
            blocked = find_blocked_words(body, BlockedWord.objects.values_list("word", flat=True))
            personal = find_personal_data(body)
            if personal:
                comment.hold(cls.HeldReason.PERSONAL_DATA, describe_personal_data(personal))
            elif blocked:
                comment.hold(cls.HeldReason.BLOCKED_WORD, ", ".join(blocked))
        with transaction.atomic():
            comment.save()
            if comment.is_visible:
                Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
                comment._notify_replied_to()
            comment_changed.send(Comment, comment=comment, previous=None)
        return comment

    def _notify_replied_to(self):
        """Tells the author of the comment this one answers, once it is shown: an e-mail
        with a link, at most one per comment and REPLY_EMAIL_INTERVAL (a busy thread must
        not fill an inbox), never to the reply's own author or a closed account."""
        parent = self.parent
        if parent is None:
            return
        recipient = parent.author
        if recipient is None:  # someone on another server: the federation app answers
            return
        if recipient.pk == self.author_id or not recipient.is_active:
            return
        # A push message (if chosen) for every reply: the device shows only the newest.
        notify(Kind.REPLY, self.get_absolute_url(), [recipient.pk])
        if not recipient.notify_replies:
            return
        if not cache.add(f"reply-email:{parent.pk}", 1, settings.REPLY_EMAIL_INTERVAL):
            return
        with translation.override(settings.LANGUAGE_CODE):  # the e-mail's language
            replier = str(self.shown_author)
        if self.author_role == self.Role.OFFICER and "," in replier:
            replier += ","  # "Isabel, Polizeikommissarin, hat ...": the rank is set off
        queue_email(recipient.email, "comment_reply", {
            "url": settings.SITE_URL + self.get_absolute_url(),
            "replier": replier,
            "officer": self.post.officer.display_name,
        }, unsubscribe=recipient.pk)

    def set_aside(self, officer):
        """The officer of the post decides the comment needs no answer. False if it was
        set aside already."""
        if self.post.officer_id != officer.pk:
            raise PermissionDenied
        return bool(Comment.objects.filter(pk=self.pk, no_reply_needed_at=None)
                    .update(no_reply_needed_at=timezone.now()))

    def hold(self, reason, detail=""):
        self.state = self.State.HELD
        self.held_reason = reason
        self.held_detail = str(detail)[:200]
        self.needs_review = True

    @classmethod
    def role_of(cls, user):
        """(role, badge text) for a new comment by `user`."""
        officer = Officer.objects.filter(user=user, is_active=True).first()
        if officer is not None:
            badge = f"{officer.display_name}, {officer.rank}" if officer.rank else \
                officer.display_name
            return cls.Role.OFFICER, badge
        if is_press_office(user):
            return cls.Role.PRESS, ""
        return cls.Role.CITIZEN, ""

    # --- Replies from other servers ----------------------------------------------------

    @classmethod
    def target_of(cls, post, parent_id=None):
        """Where a reply to `post` (or to its comment `parent_id`) goes: (post, parent),
        the parent being a top-level comment (one level of replies, as on our pages)."""
        if parent_id is None:
            return post, None
        parent = cls.objects.filter(pk=parent_id, post=post).first()
        if parent is None:
            return None, None
        if parent.parent_id is not None:
            parent = parent.parent
        return post, parent

    def _remote_hold(self, body):
        """(reason, detail) a reply from another server is held for, or None to show it:
        the citizens' checks first (they say more), then the channel's release setting."""
        personal = find_personal_data(body)
        if personal:
            return Comment.HeldReason.PERSONAL_DATA, describe_personal_data(personal)
        blocked = find_blocked_words(body, BlockedWord.objects.values_list("word", flat=True))
        if blocked:
            return Comment.HeldReason.BLOCKED_WORD, ", ".join(blocked)
        if self.post.officer.holds_fediverse_replies:
            return Comment.HeldReason.FEDIVERSE, ""
        return None

    @staticmethod
    def _check_remote_body(body):
        if not body:
            raise ValidationError(_("The reply has no text."), code="empty")
        if len(body) > COMMENT_MAX:
            raise ValidationError(
                _("A comment can be at most %(max)d characters long."),
                code="too_long", params={"max": COMMENT_MAX},
            )

    @classmethod
    def receive_remote(cls, *, post, parent, remote_id, url, author, body):
        """A reply from another server (a Note) as a comment by its remote author
        (`author`: uri, handle, name, profile), through the citizens' checks and held for
        release if the channel's setting says so (Officer.holds_fediverse_replies). The
        same Note again changes nothing; returns
        (comment, created). Raises ValidationError when it may not be written."""
        existing = cls.objects.filter(remote_id=remote_id).first()
        if existing is not None:
            return existing, False
        body = (body or "").strip()
        cls._check_remote_body(body)
        if not post.is_public:
            raise ValidationError(_("This post cannot be commented on."), code="not_public")
        if post.comments_closed:
            raise ValidationError(_("Comments on this post are closed."), code="closed")
        if parent is not None and parent.state != cls.State.VISIBLE:
            raise ValidationError(_("This comment cannot be replied to."), code="parent")
        comment = cls(
            post=post, parent=parent, body=body, author_role=cls.Role.REMOTE,
            remote_author_uri=author["uri"], remote_author_handle=author["handle"][:300],
            remote_author_name=author.get("name", "")[:200],
            remote_author_url=author.get("profile", "")[:500],
            remote_id=remote_id, remote_url=url[:500],
        )
        hold = comment._remote_hold(body)
        if hold:
            comment.hold(*hold)
        try:
            with transaction.atomic():
                comment.save()
                if comment.is_visible:
                    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
                pagecache.comments_changed(post.pk)
        except IntegrityError:  # the same Note, delivered twice at once
            return cls.objects.get(remote_id=remote_id), False
        return comment, True

    def remote_edited(self, body):
        """Its author changed the Note (an Update). A shown comment goes back into
        moderation if its new text would be held; a hidden or deleted one stays as the
        press office left it, whatever the other server sends. False if not applied."""
        body = (body or "").strip()
        self._check_remote_body(body)
        fields = {"body": body, "edited_at": timezone.now()}
        hold = self._remote_hold(body)
        if hold:
            reason, detail = hold
            fields.update(held_reason=reason, held_detail=str(detail)[:200], needs_review=True)
            moved = self._change_state(self.State.HELD, (self.State.VISIBLE, self.State.HELD),
                                       **fields)
            return moved is not None
        return any(self._change_state(state, (state,), **fields) is not None
                   for state in (self.State.VISIBLE, self.State.HELD))

    def remote_deleted(self):
        """Its author deleted the Note: the text goes, the row stays as a placeholder
        (as when a citizen deletes a comment)."""
        return self._change_state(
            self.State.DELETED, (self.State.VISIBLE, self.State.HELD, self.State.HIDDEN),
            body="", held_detail="", needs_review=False, report_count=0,
        ) is not None

    @classmethod
    def forget_remote(cls, actor_uri):
        """Everything a remote account wrote here goes (it deleted itself, or the
        retention rules say so): its comments with the replies to them."""
        with transaction.atomic():
            rows = cls.objects.filter(remote_author_uri=actor_uri)
            post_ids = set(rows.values_list("post_id", flat=True))
            if not post_ids:
                return 0
            count, _ = rows.delete()
            recount_comments(post_ids)
            for post_id in post_ids:
                pagecache.comments_changed(post_id)
        return count

    # --- Moderation ------------------------------------------------------------------

    def _change_state(self, new_state, from_states, **fields):
        """Moves the comment to `new_state` if it is in one of `from_states`, keeping the
        post's comment_count in step. Returns the state it moved from, or None if the
        comment had moved on already."""
        with transaction.atomic():
            current = Comment.objects.select_for_update().filter(pk=self.pk).first()
            if current is None or current.state not in from_states:
                return None
            delta = (new_state == self.State.VISIBLE) - (current.state == self.State.VISIBLE)
            Comment.objects.filter(pk=self.pk).update(state=new_state, **fields)
            if delta:
                Post.objects.filter(pk=self.post_id).update(
                    comment_count=Greatest(F("comment_count") + delta, Value(0))
                )
            # update() sends no signal: the stored public pages are told here.
            pagecache.comments_changed(self.post_id)
            self.refresh_from_db()
            comment_changed.send(Comment, comment=self, previous=current.state)
        return current.state

    def _resolve_reports(self):
        self.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())

    def _moderated(self, by, note):
        return {
            "moderated_by": by, "moderated_at": timezone.now(), "moderation_note": note[:300],
            "needs_review": False, "report_count": 0,
        }

    def hide(self, by, note=""):
        """The press office hides a comment (it stays visible to its author, marked)."""
        if not _is_moderator(by):
            raise PermissionDenied
        with transaction.atomic():
            previous = self._change_state(
                self.State.HIDDEN, (self.State.VISIBLE, self.State.HELD, self.State.HIDDEN),
                **self._moderated(by, note),
            )
            if previous:
                self._resolve_reports()
        return previous is not None

    def restore(self, by, note=""):
        """The press office publishes a held comment or shows a hidden one again."""
        if not _is_moderator(by):
            raise PermissionDenied
        with transaction.atomic():
            previous = self._change_state(
                self.State.VISIBLE, (self.State.HELD, self.State.HIDDEN, self.State.VISIBLE),
                held_reason="", held_detail="", **self._moderated(by, note),
            )
            if previous:
                self._resolve_reports()
            if previous == self.State.HELD:
                self._notify_replied_to()
        return previous is not None

    def delete_by(self, user, note=""):
        """Deleted by its author or by the press office: the text is removed; the row
        stays as a placeholder so replies keep their place and the decision is kept."""
        if user.pk != self.author_id and not _is_moderator(user):
            raise PermissionDenied
        fields = {"body": "", "held_detail": ""}
        if user.pk != self.author_id:
            fields.update(self._moderated(user, note))
        else:
            fields.update(needs_review=False, report_count=0)
        with transaction.atomic():
            previous = self._change_state(
                self.State.DELETED, (self.State.VISIBLE, self.State.HELD, self.State.HIDDEN),
                **fields,
            )
            if previous:
                self._resolve_reports()
        return previous is not None

    def report(self, reporter, reason, note=""):
        """A citizen reports the comment. Once COMMENT_REPORTS_TO_HIDE citizens have, it
        is hidden until the press office reviews it. False if already reported by them."""
        if reporter.pk == self.author_id:
            raise ValidationError(_("You cannot report your own comment."), code="own")
        with transaction.atomic():
            try:
                with transaction.atomic():
                    CommentReport.objects.create(
                        comment=self, reporter=reporter, reason=reason, note=note[:300]
                    )
            except IntegrityError:
                return False
            notify(Kind.COMMENT_REPORTED, reverse("admin:posts_comment_change", args=[self.pk]),
                   press_office_members())
            Comment.objects.filter(pk=self.pk).update(
                report_count=F("report_count") + 1, needs_review=True
            )
            self.refresh_from_db(fields=["report_count", "needs_review", "state"])
            if (self.state == self.State.VISIBLE
                    and self.report_count >= settings.COMMENT_REPORTS_TO_HIDE):
                self._change_state(
                    self.State.HIDDEN, (self.State.VISIBLE,),
                    held_reason=self.HeldReason.REPORTED,
                )
        return True


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        INSULT = "insult", _("Insult or hate")
        PERSONAL_DATA = "personal_data", _("Personal data of someone")
        SPAM = "spam", _("Spam or advertising")
        FALSE = "false", _("False or misleading")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.comment_id})"
