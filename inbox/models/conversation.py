"""Conversations between a citizen and an officer, and their messages."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inbox.models.support import DutySchedule, TriggerWord, find_triggers
from officers.models import Officer
from portal import admin_history
from portal.emails import queue_email
from portal.push.kinds import Kind
from portal.push.service import notify, notify_one_of
from portal.roles import is_press_office

BODY_MAX = 2000



def _channel_run_by(user):
    """The channel `user` runs now (Officer.is_run_by), without a query when the user's
    channel is loaded already."""
    officer = getattr(user, "officer", None)
    return officer if officer is not None and officer.is_run_by(user) else None

class ConversationQuerySet(models.QuerySet):
    # Visibility: views never repeat these filters.
    def for_citizen(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(citizen=user)

    def for_officer(self, officer):
        """Addressed to the officer or assigned to them; anonymised rows have no
        content left to show."""
        if officer is None:
            return self.none()
        return self.filter(Q(officer=officer) | Q(assigned_to=officer),
                           anonymised_at__isnull=True)

    def for_press_office(self):
        return self.all()

    # States.
    def waiting(self):
        return self.filter(state=Conversation.State.OPEN)

    def answered(self):
        return self.filter(state=Conversation.State.ANSWERED)

    def done(self):
        return self.filter(state__in=Conversation.DONE_STATES)

    # Pages.
    def for_citizen_list(self):
        return self.select_related("officer").order_by("-last_message_at")

    def for_studio(self):
        """Urgent waiting ones first, then everything waiting, oldest waiting first."""
        return (
            self.select_related("officer", "assigned_to")
            .annotate(rank=Case(
                When(state=Conversation.State.OPEN, urgent=True, then=Value(0)),
                When(state=Conversation.State.OPEN, then=Value(1)),
                When(state=Conversation.State.ANSWERED, then=Value(2)),
                default=Value(3),
            ))
            .order_by("rank", "waiting_since", "-last_message_at")
        )

    # Retention.
    def idle(self, cutoff):
        """Nobody has written since `cutoff`: answered ones the citizen left alone, and
        open ones that nobody will answer any more, because their channel is closed
        (and no active officer answers instead). An open one of an active channel still
        owes an answer."""
        nobody_answers = Q(officer__is_active=False) & (
            Q(assigned_to__isnull=True) | Q(assigned_to__is_active=False))
        return self.filter(last_message_at__lt=cutoff).filter(
            Q(state=Conversation.State.ANSWERED)
            | (Q(state=Conversation.State.OPEN) & nobody_answers))

    def due_for_anonymising(self, cutoff):
        return self.done().filter(closed_at__lt=cutoff, anonymised_at__isnull=True)

    def close_idle(self, now):
        return self.update(state=Conversation.State.CLOSED, closed_at=now, waiting_since=None)

    def anonymise(self, now=None):
        """Drops everything about the citizen and every text, keeps the row with its
        officer and times for the pilot figures. Returns how many rows it anonymised.

        Each batch is claimed by a conditional UPDATE, so two workers running the
        retention job at once never both work on the same row."""
        from inbox.models.oversight import PublicQA  # which imports this module

        now = now or timezone.now()
        pks = list(self.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
        done = 0
        for i in range(0, len(pks), 500):
            batch = pks[i:i + 500]
            with transaction.atomic():
                claimed = list(
                    Conversation.objects.filter(pk__in=batch, anonymised_at__isnull=True)
                    .select_for_update().values_list("pk", flat=True)
                )
                Message.objects.filter(conversation_id__in=claimed).delete()
                # An approved Q&A is public text without a name, published with consent.
                proposals = PublicQA.objects.filter(conversation_id__in=claimed).exclude(
                    state=PublicQA.State.APPROVED)
                admin_history.forget(PublicQA, proposals.values_list("pk", flat=True))
                proposals.delete()
                # The admin's history named each conversation by its subject.
                admin_history.anonymise(Conversation, claimed)
                done += Conversation.objects.filter(
                    pk__in=claimed, anonymised_at__isnull=True
                ).update(
                    citizen=None, subject="", anonymised_at=now, waiting_since=None,
                    remote_author_uri="", remote_author_handle="", remote_author_name="",
                    remote_author_url="",
                    closed_at=Coalesce(F("closed_at"), Value(now)),
                    state=Case(
                        When(state__in=Conversation.DONE_STATES, then=F("state")),
                        default=Value(Conversation.State.CLOSED),
                    ),
                )
        return done


class Conversation(models.Model):
    """One question of a citizen to one officer, and everything said about it.

    Retention: a conversation closed for longer than settings.INBOX_RETENTION_DAYS is
    anonymised, not deleted: the citizen, the subject and every message go, the row
    stays with its officer, state, created_at, first_answered_at, closed_at and
    message_count, so the pilot figures (questions and response times per officer)
    survive as numbers. Deleting a citizen's account anonymises their conversations at
    once (inbox/signals.py); `citizen` is SET_NULL only as the last line of defence."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for the officer")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        NOT_FOR_THIS_CHANNEL = "not_for_channel", _("Not for this channel")

    DONE_STATES = (State.CLOSED, State.NOT_FOR_THIS_CHANNEL)
    CITIZEN_MAY_REPLY = (State.OPEN, State.ANSWERED)

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True,
                                 editable=False)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="conversations", verbose_name=_("citizen"),
    )
    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="conversations",
        verbose_name=_("addressed to"),
    )
    assigned_to = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assigned to"),
        help_text=_("Another officer who answers instead, e.g. while the officer is on leave."),
    )
    subject = models.CharField(_("subject"), max_length=120)
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.OPEN, db_index=True)
    urgent = models.BooleanField(
        _("urgent"), default=False,
        help_text=_("A citizen's message contains a word from the urgent list."),
    )
    consent_public = models.BooleanField(
        _("may be published"), default=False,
        help_text=_("The citizen agrees that question and answer are shown publicly "
                    "without their name."),
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    waiting_since = models.DateTimeField(
        _("waiting since"), null=True, blank=True,
        help_text=_("The citizen's oldest message not yet answered."),
    )
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    # A question from someone on another server (a direct message to the channel's
    # Fediverse account) has no citizen: who wrote it, as their server described them.
    # Anonymised with the rest.
    remote_author_uri = models.URLField(_("remote account"), max_length=500, blank=True,
                                        db_index=True)
    remote_author_handle = models.CharField(_("remote handle"), max_length=300, blank=True)
    remote_author_name = models.CharField(_("remote name"), max_length=200, blank=True)
    remote_author_url = models.URLField(_("remote profile"), max_length=500, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["officer", "state", "waiting_since"],
                         name="inbox_officer_waiting"),
            models.Index(fields=["state", "closed_at"], name="inbox_state_closed"),
        ]

    def __str__(self):
        return self.subject or gettext("(anonymised)")

    def get_absolute_url(self):
        return reverse("inbox:thread", args=[self.public_id])

    def get_studio_url(self):
        return reverse("inbox_studio:conversation", args=[self.public_id])

    # Who.
    @property
    def responsible_officer(self):
        return self.assigned_to or self.officer

    def is_assigned_to(self, user):
        """True for the officer who answers it now (the assignee, else the addressee)."""
        officer = _channel_run_by(user)
        return officer is not None and officer.pk == (self.assigned_to_id or self.officer_id)

    def is_handled_by(self, user):
        officer = _channel_run_by(user)
        return officer is not None and officer.pk in (self.officer_id, self.assigned_to_id)

    @property
    def citizen_may_reply(self):
        return self.state in self.CITIZEN_MAY_REPLY and self.anonymised_at is None

    @property
    def is_done(self):
        return self.state in self.DONE_STATES

    # Transitions.
    @classmethod
    @transaction.atomic
    def start(cls, *, citizen, officer, subject, body, consent_public=False, now=None):
        """A citizen asks; outside the officer's duty hours an automatic reply says when
        an answer can be expected."""
        now = now or timezone.now()
        conversation = cls.objects.create(
            citizen=citizen, officer=officer, subject=subject, consent_public=consent_public,
            created_at=now, waiting_since=now, last_message_at=now,
        )
        conversation._add(citizen, body, now=now)
        conversation.flag_if_urgent(subject + "\n" + body)
        conversation._notify_officer()
        conversation._reply_if_off_duty(now)
        return conversation

    def _reply_if_off_duty(self, now):
        """Outside the officer's duty hours, an automatic reply says when an answer can
        be expected."""
        schedule = DutySchedule.for_officer(self.officer)
        if not schedule.is_on_duty(now):
            self._add(None, automatic_reply_text(self.officer, schedule.next_start(now)),
                      now=now, from_staff=True, automatic=True)

    @property
    def is_remote(self):
        return bool(self.remote_author_uri)

    @property
    def asker_name(self):
        """Who asked, as officers see it: the citizen's public name or the remote handle."""
        if self.is_remote:
            return self.remote_author_handle
        return self.citizen.public_name if self.citizen_id else gettext("Citizen")

    @classmethod
    @transaction.atomic
    def start_remote(cls, *, officer, author, body, remote_id, now=None):
        """Someone on another server writes to the officer's Fediverse account (a direct
        message): a conversation as a citizen's question is, through the same checks. A
        message that sounds like an emergency is answered at once with the emergency
        notice (no form stopped it before it was sent); outside duty hours the automatic
        reply says when an answer can be expected. `author`: uri, handle, name, profile."""
        now = now or timezone.now()
        first_line = next((line for line in body.splitlines() if line.strip()), "")
        subject = first_line[:117] + "…" if len(first_line) > 120 else first_line
        conversation = cls.objects.create(
            officer=officer, subject=subject or gettext("Message from the Fediverse"),
            created_at=now, waiting_since=now, last_message_at=now,
            remote_author_uri=author["uri"], remote_author_handle=author["handle"][:300],
            remote_author_name=author.get("name", "")[:200],
            remote_author_url=author.get("profile", "")[:500],
        )
        conversation._add(None, body, now=now, remote_id=remote_id)
        conversation._remote_wrote(body, now)
        conversation._notify_officer()
        conversation._reply_if_off_duty(now)
        return conversation

    @transaction.atomic
    def remote_reply(self, body, remote_id, now=None):
        """The remote author writes again in this conversation (a reply to our Note)."""
        if not self.citizen_may_reply:
            raise ValidationError(_("This conversation is closed. Please ask a new question."))
        now = now or timezone.now()
        message = self._add(None, body, now=now, remote_id=remote_id)
        self._remote_wrote(body, now)
        if self.state != self.State.OPEN:
            self.state = self.State.OPEN
            self.waiting_since = now
            self.save(update_fields=["state", "waiting_since"])
            self._notify_officer()
        return message

    def _remote_wrote(self, body, now):
        """The interceptor for messages no form checked: urgent words flag the
        conversation; emergency words (both lists) get the emergency notice back at once."""
        self.flag_if_urgent(body)
        words = TriggerWord.objects.words(TriggerWord.Kind.EMERGENCY_HINT) + \
            TriggerWord.objects.words(TriggerWord.Kind.URGENT)
        if find_triggers(body, words):
            self._add(None, emergency_reply_text(), now=now, from_staff=True, automatic=True)

    def _add(self, author, body, *, now, from_staff=False, automatic=False, remote_id=""):
        if not body.strip() or len(body) > BODY_MAX:
            raise ValidationError(_("A message needs between 1 and %(max)d characters."),
                                  params={"max": BODY_MAX})
        message = self.messages.create(author=author, body=body, created_at=now,
                                       is_from_staff=from_staff, is_automatic=automatic,
                                       remote_id=remote_id)
        self.message_count = F("message_count") + 1
        self.last_message_at = now
        self.save(update_fields=["message_count", "last_message_at"])
        self.refresh_from_db(fields=["message_count"])
        return message

    def flag_if_urgent(self, text):
        if not self.urgent and find_triggers(text, TriggerWord.objects.words(
                TriggerWord.Kind.URGENT)):
            self.urgent = True
            self.save(update_fields=["urgent"])

    @transaction.atomic
    def reply(self, user, body, now=None):
        """The citizen writes again: the conversation waits for the officer."""
        if user.pk != self.citizen_id:
            raise PermissionDenied
        if not self.citizen_may_reply:
            raise ValidationError(_("This conversation is closed. Please ask a new question."))
        now = now or timezone.now()
        message = self._add(user, body, now=now)
        self.flag_if_urgent(body)
        if self.state != self.State.OPEN:
            self.state = self.State.OPEN
            self.waiting_since = now
            self.save(update_fields=["state", "waiting_since"])
            self._notify_officer()
        return message

    def _staff_message(self, user, body, new_state, now):
        if not self.is_handled_by(user):
            raise PermissionDenied
        if self.is_done or self.anonymised_at:
            raise ValidationError(_("This conversation is already closed."))
        message = self._add(user, body, now=now, from_staff=True)
        self.state = new_state
        self.waiting_since = None
        self.first_answered_at = self.first_answered_at or now
        fields = ["state", "waiting_since", "first_answered_at"]
        if new_state in self.DONE_STATES:
            self.closed_at = now
            fields.append("closed_at")
        self.save(update_fields=fields)
        self._notify_citizen()
        return message

    @transaction.atomic
    def answer(self, user, body, now=None):
        """The officer answers; the citizen gets an e-mail with a link."""
        return self._staff_message(user, body, self.State.ANSWERED, now or timezone.now())

    @transaction.atomic
    def refer(self, user, canned_reply, now=None):
        """Not for this channel: sends the chosen referral and closes."""
        if canned_reply.kind != canned_reply.Kind.NOT_FOR_THIS_CHANNEL:
            raise ValidationError(_("Choose a referral text."))
        return self._staff_message(user, canned_reply.body, self.State.NOT_FOR_THIS_CHANNEL,
                                   now or timezone.now())

    def close(self, user, now=None):
        if not (self.is_handled_by(user) or is_press_office(user)):
            raise PermissionDenied
        if self.is_done:
            return
        self.state = self.State.CLOSED
        self.closed_at = now or timezone.now()
        self.waiting_since = None
        self.save(update_fields=["state", "closed_at", "waiting_since"])

    def assign(self, officer, by):
        """The press office hands the conversation to another officer (None: back to the
        addressed officer)."""
        if not is_press_office(by):
            raise PermissionDenied
        before = self.responsible_officer
        self.assigned_to = None if officer is None or officer.pk == self.officer_id else officer
        self.save(update_fields=["assigned_to"])
        if self.state == self.State.OPEN and self.responsible_officer != before:
            self._notify_officer()

    def _notify_officer(self):
        """The officer who answers it now learns that a question waits for them: an
        e-mail with a link to the studio, never the text (it may be read on any phone),
        and a push message if they chose one (urgent questions as such, if chosen)."""
        user = self.responsible_officer.user
        if user is None or not user.is_active:
            return
        queue_email(user.email, "inbox_question", {
            "url": settings.SITE_URL + self.get_studio_url(), "urgent": self.urgent,
        })
        kinds = [Kind.URGENT_QUESTION, Kind.QUESTION] if self.urgent else [Kind.QUESTION]
        notify_one_of(kinds, self.get_studio_url(), [user])

    def _notify_citizen(self):
        if self.citizen_id is None:
            return
        queue_email(self.citizen.email, "inbox_answer", {
            "url": settings.SITE_URL + self.get_absolute_url(),
            "officer": self.responsible_officer.display_name,
        })
        notify(Kind.ANSWER, self.get_absolute_url(), [self.citizen_id])

    # Content for pages.
    def thread(self):
        return self.messages.select_related("author", "author__officer").order_by(
            "created_at", "pk")

    def first_question(self):
        first = self.messages.filter(is_from_staff=False).order_by("created_at", "pk").first()
        return first.body if first else ""

    def first_answer(self):
        first = self.messages.filter(is_from_staff=True, is_automatic=False).order_by(
            "created_at", "pk").first()
        return first.body if first else ""


def automatic_reply_text(officer, next_start):
    when = timezone.localtime(next_start)
    return gettext(
        "Thank you for your question. %(officer)s is not on duty at the moment. You can "
        "expect an answer after %(weekday)s, %(when)s, usually within %(hours)d hours.\n"
        "This is not an emergency channel: in an emergency call %(number)s."
    ) % {
        "officer": officer.display_name,
        "weekday": date_format(when, "l"),
        "when": date_format(when, "DATETIME_FORMAT"),
        "hours": settings.INBOX_TARGET_HOURS,
        "number": settings.EMERGENCY_NUMBER,
    }


def emergency_reply_text():
    return gettext(
        "This is an automatic reply. Your message sounds as if it could be an emergency. "
        "This account is not an emergency channel and is not watched around the clock: "
        "in an emergency call %(number)s now. Crimes can be reported at any police "
        "station or the online police station: %(online)s"
    ) % {"number": settings.EMERGENCY_NUMBER, "online": settings.ONLINE_POLICE_STATION_URL}


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="messages", verbose_name=_("conversation"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=BODY_MAX)
    is_from_staff = models.BooleanField(_("from the police"), default=False)
    is_automatic = models.BooleanField(_("automatic reply"), default=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    # A message from another server: the id of its Note (to find the conversation a
    # reply to it belongs to).
    remote_id = models.URLField(_("remote note"), max_length=500, blank=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.conversation_id}/{self.pk}"

    @property
    def author_name(self):
        """What the citizen sees: the officer's channel name, never a private e-mail."""
        if self.is_automatic:
            return gettext("Automatic reply")
        if not self.is_from_staff:
            if self.author is None and self.conversation.is_remote:
                return self.conversation.remote_author_handle
            return self.author.public_name if self.author else gettext("Citizen")
        officer = getattr(self.author, "officer", None) if self.author else None
        return officer.display_name if officer else gettext("Police")
