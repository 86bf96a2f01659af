"""What the press office keeps watch with: the access log and public Q&As."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inbox.models.conversation import BODY_MAX, Conversation
from officers.models import Officer
from portal.roles import is_press_office


class AccessLog(models.Model):
    """Append-only: every time staff open a conversation they are not assigned to."""

    class Why(models.TextChoices):
        ADMIN = "admin", _("Opened in the admin")
        STUDIO = "studio", _("Opened in the studio, assigned to another officer")
        ASSIGN = "assign", _("Assigned to an officer")
        PUBLISH = "publish", _("Proposed as public Q&A")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("staff user"))
    # Copies, so the record stays readable whatever happens to the user or the row.
    user_email = models.CharField(_("e-mail"), max_length=254)
    conversation = models.ForeignKey(Conversation, on_delete=models.SET_NULL, null=True,
                                     related_name="access_log", verbose_name=_("conversation"))
    conversation_public_id = models.UUIDField(_("conversation id"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    why = models.CharField(_("why"), max_length=20, choices=Why.choices)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user_email} {self.conversation_public_id} {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def record_if_not_assigned(cls, user, conversation, why):
        """Records the access unless `user` is the officer the conversation is assigned
        to (the assignee, else the addressed officer). Citizens are never logged."""
        if conversation.is_assigned_to(user) or user.pk == conversation.citizen_id:
            return None
        return cls.objects.create(
            user=user, user_email=user.email, conversation=conversation,
            conversation_public_id=conversation.public_id, why=why,
        )


class PublicQAQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=PublicQA.State.APPROVED)

    def for_channel(self, officer):
        return self.approved().filter(officer=officer).order_by("-published_at")


class PublicQA(models.Model):
    """A question and its answer shown on the officer's channel without the citizen's
    name, only with the citizen's consent and only once the press office approved it.

    It keeps its own copy of both texts (edited to leave out anything personal), so it
    outlives the retention of the conversation. Deleting the citizen's account removes
    it: the consent ends with the account."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for the press office")
        APPROVED = "approved", _("Approved, shown on the channel")
        REJECTED = "rejected", _("Rejected or withdrawn")

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE,
                                        related_name="public_qa", verbose_name=_("conversation"))
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="public_qas",
                                verbose_name=_("channel"))
    question = models.TextField(
        _("question"), max_length=BODY_MAX,
        help_text=_("Shown publicly, without the citizen's name. Leave out anything personal."),
    )
    answer = models.TextField(_("answer"), max_length=BODY_MAX, help_text=_("Shown publicly."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.PROPOSED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+", verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True,
                                     help_text=_("Why it was rejected or withdrawn."))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = PublicQAQuerySet.as_manager()

    class Meta:
        verbose_name = _("public Q&A")
        verbose_name_plural = _("public Q&As")
        ordering = ["-proposed_at"]

    def __str__(self):
        return self.question[:60]

    @classmethod
    @transaction.atomic
    def propose(cls, conversation, by, question, answer):
        """The handling officer or the press office proposes; needs the citizen's
        consent and an answer. A rejected proposal may be proposed again."""
        if not (conversation.is_handled_by(by) or is_press_office(by)):
            raise PermissionDenied
        if not conversation.consent_public or conversation.anonymised_at:
            raise ValidationError(_("The citizen did not agree to publication."))
        if conversation.first_answered_at is None:
            raise ValidationError(_("Answer the question before proposing it."))
        if not question.strip() or not answer.strip():
            raise ValidationError(_("Question and answer are both required."))
        existing = cls.objects.filter(conversation=conversation).first()
        if existing and existing.state != cls.State.REJECTED:
            raise ValidationError(_("This conversation has already been proposed."))
        if existing:
            existing.delete()
        return cls.objects.create(
            conversation=conversation, officer=conversation.officer, question=question,
            answer=answer, proposed_by=by,
        )

    def _decide(self, by, state, note=""):
        if not is_press_office(by):
            raise PermissionDenied
        self.state = state
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_note = note
        self.published_at = self.decided_at if state == self.State.APPROVED else None
        self.save()

    def approve(self, by):
        if self.state != self.State.PROPOSED:
            raise ValidationError(_("Only a proposed Q&A can be approved."))
        self._decide(by, self.State.APPROVED)

    def reject(self, by, note):
        """Rejects a proposal or withdraws a published one; a reason is owed."""
        if self.state == self.State.REJECTED:
            raise ValidationError(_("Already rejected."))
        if not note.strip():
            raise ValidationError(_("Give a reason."))
        self._decide(by, self.State.REJECTED, note)
