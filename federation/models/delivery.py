"""What we send: one OutgoingActivity per activity, one Delivery per inbox it goes to.

A Delivery is claimed with a conditional update before it is sent (claimed_by, until
claimed_until), so two workers never send it at once, and a worker killed mid-way
leaves a claim that runs out after FEDERATION_CLAIM_SECONDS: then another worker sends
it. Each is marked delivered on its own, as soon as its inbox answered, in a statement
that checks the claim is still this worker's: a killed worker leaves unsent only what
it had not yet marked, so at most the one request in flight can go out again."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federation.models.actors import LocalActor


class OutgoingActivity(models.Model):
    class Kind(models.TextChoices):
        CREATE = "Create", "Create"
        UPDATE = "Update", "Update"
        DELETE = "Delete", "Delete"
        ANNOUNCE = "Announce", "Announce"
        ACCEPT = "Accept", "Accept"
        REJECT = "Reject", "Reject"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="activities",
                              verbose_name=_("sent by"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The post it is about (no foreign key: a Delete outlives its post).
    post_id = models.PositiveBigIntegerField(_("post"), null=True, blank=True)
    payload = models.JSONField(_("activity"))
    # Who gets it: the followers of these LocalActors (as they are at fan-out) and
    # these inboxes; the deliveries are made once (fanned_out_at).
    audience = models.JSONField(default=list, blank=True, editable=False)
    inboxes = models.JSONField(default=list, blank=True, editable=False)
    fanned_out_at = models.DateTimeField(_("fanned out"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("sent activity")
        verbose_name_plural = _("sent activities")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.payload.get('id', self.uuid)}"


class Inbox(models.Model):
    """A remote inbox; marked dead when deliveries failed for the whole retry window,
    and skipped from then on until its server shows signs of life (it writes to us)."""

    url = models.URLField(_("inbox"), max_length=500, unique=True)
    dead_since = models.DateTimeField(_("dead since"), null=True, blank=True)

    class Meta:
        verbose_name = _("remote inbox")
        verbose_name_plural = _("remote inboxes")
        ordering = ["url"]

    def __str__(self):
        return self.url


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            state__in=[Delivery.State.QUEUED, Delivery.State.FAILING],
            next_attempt_at__lte=now,
        )

    def claim(self, pks, now=None):
        """Takes those of the deliveries `pks` that are due and nobody else has, for
        this worker until the claim runs out, in one conditional update. Returns the
        claim (a token) and the rows it took."""
        now = now or timezone.now()
        until = now + timedelta(seconds=settings.FEDERATION_CLAIM_SECONDS)
        token = uuid.uuid4()
        self.due(now).filter(pk__in=list(pks)).update(claimed_until=until, claimed_by=token)
        taken = self.filter(claimed_by=token).select_related(
            "activity__actor__officer", "inbox").order_by("pk")
        return token, list(taken)


class Delivery(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DELIVERED = "delivered", _("Delivered")
        FAILING = "failing", _("Failing, will retry")
        DEAD = "dead", _("Dead, given up")

    activity = models.ForeignKey(OutgoingActivity, on_delete=models.CASCADE,
                                 related_name="deliveries", verbose_name=_("activity"))
    inbox = models.ForeignKey(Inbox, on_delete=models.CASCADE, related_name="deliveries",
                              verbose_name=_("inbox"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_by = models.UUIDField(null=True, blank=True, editable=False)
    last_status = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "inbox"], name="deliver_once"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self):
        return f"{self.activity.kind} → {self.inbox.url}"

    def mine(self, claim):
        """This row, while it is still claimed with `claim`."""
        return Delivery.objects.filter(pk=self.pk, claimed_by=claim)

    def succeeded(self, claim, status):
        now = timezone.now()
        return self.mine(claim).update(
            state=self.State.DELIVERED, delivered_at=now, claimed_until=None, claimed_by=None,
            attempts=models.F("attempts") + 1, last_status=status, last_error="",
        )

    def failed(self, claim, error, status=None):
        """Schedules the next attempt with exponential backoff, or gives up (dead) once
        the retry window since the delivery was made has passed."""
        now = timezone.now()
        attempts = self.attempts + 1
        give_up_at = self.created_at + timedelta(seconds=settings.FEDERATION_RETRY_SECONDS)
        fields = {"attempts": attempts, "claimed_until": None, "claimed_by": None,
                  "last_status": status,
                  "last_error": str(error)[:300]}
        if now >= give_up_at:
            self.mine(claim).update(state=self.State.DEAD, **fields)
            Inbox.objects.filter(pk=self.inbox_id, dead_since=None).update(dead_since=now)
            return self.State.DEAD
        delay = min(settings.FEDERATION_RETRY_FIRST_DELAY * 2 ** (attempts - 1),
                    settings.FEDERATION_RETRY_MAX_DELAY)
        next_at = min(now + timedelta(seconds=delay), give_up_at)
        self.mine(claim).update(state=self.State.FAILING, next_attempt_at=next_at, **fields)
        return self.State.FAILING
