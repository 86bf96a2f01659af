import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accessibility import notices

MESSAGE_MAX_LENGTH = 5000


def add_months(day, months):
    """The day `months` calendar months after `day`: a period of a month ends on the day
    of the same number (18 March → 18 April), or on the last day of a shorter month
    (31 January → 28/29 February), as § 188 BGB counts it."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def answer_deadline(received_at=None):
    """The last day to answer feedback received at `received_at` (now if None), local
    time: ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS (one, BITV 2.0 § 7) later."""
    received = timezone.localdate(received_at) if received_at else timezone.localdate()
    return add_months(received, settings.ACCESSIBILITY_FEEDBACK_ANSWER_MONTHS)


class FeedbackQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Feedback.Status.OPEN)

    def overdue(self, today=None):
        """Open feedback whose last day to answer has passed."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_soon(self, days=7, today=None):
        """Open feedback that must be answered within `days` days (and is not overdue)."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today,
                                  due_on__lte=today + datetime.timedelta(days=days))

    def due_for_deletion(self, now=None):
        """Answered longer ago than ACCESSIBILITY_FEEDBACK_RETENTION_DAYS."""
        cutoff = (now or timezone.now()) - datetime.timedelta(
            days=settings.ACCESSIBILITY_FEEDBACK_RETENTION_DAYS)
        return self.filter(status=Feedback.Status.ANSWERED, answered_at__lt=cutoff)


class Feedback(models.Model):
    """A message about a barrier (or about accessibility in general) sent with the
    form that every page links to (BGG § 12b, BITV 2.0 § 7). Anyone may send one, with
    or without an account and an address; the press office answers within a month
    (`due_on`) and the sender with an address gets the answer by e-mail.

    Kept until ACCESSIBILITY_FEEDBACK_RETENTION_DAYS after the answer (retention.py),
    and deleted with the sender's account (privacy.py)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    page = models.CharField(_("page"), max_length=300, blank=True, help_text=_(
        "The page of the portal the sender came from."))
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="de")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("account"))
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    answer = models.TextField(_("answer"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("answered by"))

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback on accessibility")
        verbose_name_plural = _("feedback on accessibility")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="feedback_queue")]

    def __str__(self):
        # The reference, never the sender's words: the admin's history (and its record of
        # a deletion) names objects by str() and outlives them.
        return self.reference

    @property
    def reference(self):
        """What the sender and the press office call it: "BF-2026-00042"."""
        return f"BF-{timezone.localtime(self.created_at):%Y}-{self.pk:05d}"

    @property
    def excerpt(self):
        text = " ".join(self.message.split())
        return text if len(text) <= 60 else text[:59] + "…"

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()

    @classmethod
    def receive(cls, *, message, page="", name="", email="", language="de", sender=None):
        """A new message from the form; the sender with an address is told when the
        answer is due (emails/accessibility_feedback_received)."""
        now = timezone.now()
        with transaction.atomic():
            feedback = cls.objects.create(
                message=message, page=page[:300], name=name, email=email,
                language=language, sender=sender if sender and sender.is_authenticated
                else None, created_at=now, due_on=answer_deadline(now))
            notices.received(feedback)
        return feedback

    def mark_answered(self, by, answer="", *, send=False):
        """The press office has answered: with `send`, `answer` goes to the sender's
        address from here; otherwise it went another way (by phone, by letter) and
        `answer` notes what was said. Only open feedback."""
        if self.status != self.Status.OPEN:
            raise ValidationError(_("This feedback has been answered already."),
                                  code="answered")
        with transaction.atomic():
            updated = Feedback.objects.filter(pk=self.pk, status=self.Status.OPEN).update(
                status=self.Status.ANSWERED, answer=answer, answered_at=timezone.now(),
                answered_by=by)
            if not updated:
                raise ValidationError(_("This feedback has been answered already."),
                                      code="answered")
            self.refresh_from_db()
            if send and answer and self.email:
                notices.answered(self)
        return self
