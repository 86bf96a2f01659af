"""Readers report a problem with a published post ("Problem melden"): a recognisable
person or number plate, something outdated, wrong or offensive. No account is needed.
The press office works through the reports in the admin: claim, then resolve with a
note; a reporter who left an e-mail address gets the outcome.

Reports are personal data (an address, a text, maybe "that is me"): the address and the
text are removed PROBLEM_REPORT_RETENTION_DAYS after the report was resolved
(`ProblemReportQuerySet.anonymise_resolved`, run by a periodic task); the reason, the
photo concerned and the outcome stay as the record of what the press office did.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models.post import MediaItem, Post

PROBLEM_TEXT_MAX = 2000
RESOLUTION_NOTE_MAX = 2000


class ProblemReportQuerySet(models.QuerySet):
    def waiting(self):
        """The press office's queue: open and claimed reports, oldest first."""
        return self.filter(state__in=ProblemReport.WAITING).order_by("created_at", "pk")

    def due_for_anonymising(self, before):
        """Resolved before `before` and still holding an address, a text or an account."""
        return self.filter(state=ProblemReport.State.RESOLVED, resolved_at__lt=before,
                           anonymised_at__isnull=True)

    def anonymise_resolved(self, now=None):
        """Removes the address, the text and the link to an account of reports resolved
        more than PROBLEM_REPORT_RETENTION_DAYS ago; returns how many. One conditional
        update: safe to run twice at once."""
        now = now or timezone.now()
        before = now - timezone.timedelta(days=settings.PROBLEM_REPORT_RETENTION_DAYS)
        return self.due_for_anonymising(before).update(
            email="", text="", reporter=None, anonymised_at=now)


class ProblemReport(models.Model):
    class Reason(models.TextChoices):
        RECOGNISABLE = "recognisable", _("A person or a number plate is recognisable")
        OUTDATED = "outdated", _("The post is outdated")
        WRONG = "wrong", _("Something in the post is wrong")
        OFFENSIVE = "offensive", _("The post is offensive")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLAIMED = "claimed", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    class Outcome(models.TextChoices):
        CHANGED = "changed", _("The post was changed or taken down")
        NO_CHANGE = "no_change", _("No change needed")

    # The states in the press office's queue, and those that may be claimed or resolved.
    WAITING = (State.OPEN, State.CLAIMED)

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="problem_reports",
                             verbose_name=_("post"))
    media = models.ForeignKey(
        MediaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("photo"),
        help_text=_("The photo the reader named; empty means the post as a whole."),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    that_is_me = models.BooleanField(
        _("the reader is the person shown"), default=False,
        help_text=_("Ticked by the reader: the recognisable person is themselves."))
    text = models.TextField(_("what the reader wrote"), max_length=PROBLEM_TEXT_MAX, blank=True)
    email = models.EmailField(
        _("reader's e-mail address"), blank=True,
        help_text=_("Optional. Only used to send the outcome; removed after the retention "
                    "period."))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="problem_reports", verbose_name=_("reported by (account)"),
        help_text=_("Only when the reader was signed in."))
    language = models.CharField(_("language"), max_length=8, default="de", editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.OPEN, db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("claimed by"))
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               blank=True)
    resolution_note = models.TextField(
        _("resolution note"), max_length=RESOLUTION_NOTE_MAX, blank=True,
        help_text=_("Sent to the reader if they left an e-mail address."))
    outcome_sent_at = models.DateTimeField(_("outcome sent to the reader"), null=True,
                                           blank=True, editable=False)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True, db_index=True)
    anonymised_at = models.DateTimeField(_("address and text removed"), null=True, blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["created_at", "pk"]
        constraints = [
            # A resolved report always says how and by whom.
            models.CheckConstraint(
                condition=~Q(state="resolved") | (Q(resolved_at__isnull=False) & ~Q(outcome="")),
                name="problem_resolved_has_outcome"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.post_id})"

    @property
    def is_waiting(self):
        return self.state in self.WAITING

    @property
    def is_recognisable(self):
        return self.reason == self.Reason.RECOGNISABLE

    def photos_concerned(self):
        """(number, photo) of the photo named by the reader, else of every photo of the
        post; numbered as the post page shows them (1, 2, ...)."""
        photos = list(enumerate((m for m in self.post.media.all() if m.is_photo), 1))
        if self.media_id is not None:
            return [(n, m) for n, m in photos if m.pk == self.media_id]
        return photos

    # --- transitions: each a conditional update, so two press officers never both act --

    def claim(self, by):
        """`by` takes the report; False if someone else had taken or resolved it."""
        now = timezone.now()
        taken = ProblemReport.objects.filter(pk=self.pk, state=self.State.OPEN).update(
            state=self.State.CLAIMED, claimed_by=by, claimed_at=now)
        self.refresh_from_db()
        return bool(taken)

    def release(self, by):
        """The claimer hands the report back to the queue."""
        released = ProblemReport.objects.filter(
            pk=self.pk, state=self.State.CLAIMED, claimed_by=by,
        ).update(state=self.State.OPEN, claimed_by=None, claimed_at=None)
        self.refresh_from_db()
        return bool(released)

    def resolve(self, by, outcome, note):
        """Closes the report with its outcome and a note (sent to the reader with an
        address). An open report is claimed by `by` on the way; one claimed by someone
        else is theirs to resolve."""
        note = (note or "").strip()
        if outcome not in self.Outcome.values:
            raise ValidationError(_("Choose the outcome."), code="outcome")
        if not note:
            raise ValidationError(_("Write a short note on what was done."), code="note")
        if len(note) > RESOLUTION_NOTE_MAX:
            raise ValidationError(_("The note can be at most %(max)d characters long."),
                                  code="note_too_long", params={"max": RESOLUTION_NOTE_MAX})
        now = timezone.now()
        with transaction.atomic():
            ProblemReport.objects.filter(pk=self.pk, state=self.State.OPEN).update(
                state=self.State.CLAIMED, claimed_by=by, claimed_at=now)
            done = ProblemReport.objects.filter(
                pk=self.pk, state=self.State.CLAIMED, claimed_by=by,
            ).update(state=self.State.RESOLVED, resolved_by=by, resolved_at=now,
                     outcome=outcome, resolution_note=note)
            self.refresh_from_db()
            if not done:
                if self.state == self.State.CLAIMED:
                    raise PermissionDenied(
                        _("%(name)s is working on this report.")
                        % {"name": self.claimed_by.get_short_name() if self.claimed_by else "–"})
                return False
            if self.email:
                from posts.tasks import send_problem_report_outcome  # they import models

                # Only the id travels: the worker reads address and note when it sends.
                transaction.on_commit(lambda: send_problem_report_outcome.enqueue(self.pk))
        return True
