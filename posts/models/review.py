"""The press office's review: the police checklist and the append-only record of every
decision on a post. The transitions themselves live in `posts.workflow`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from posts.models.post import Post

# The points the pilot starts with (data, in the press office's language); the press
# office edits them in the admin.
DEFAULT_CHECKLIST = [
    "Erkennbare Unbeteiligte und Kfz-Kennzeichen sind verpixelt oder nicht im Bild "
    "(„Gesichter gefunden: N, Kennzeichen gefunden: M“ unter „Unkenntlich gemachte "
    "Bereiche“ zeigt, was die Erkennung gefunden hat; Übersehenes selbst markieren).",
    "Keine Ermittlungsdetails und keine personenbezogenen Daten sichtbar "
    "(Bildschirme, Akten, Adressen).",
    "Die Alternativtexte beschreiben, was zu sehen ist.",
    "Videos mit Sprache haben Untertitel.",
]


class ChecklistItem(models.Model):
    """One point the reviewer must tick before approving a post (managed in the admin).

    Approval stores the text of every item as it was then, so editing or deleting an
    item later never changes what a past reviewer confirmed."""

    text = models.CharField(_("text"), max_length=300)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active items are asked on approval.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("review checklist")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a recorded event."""


class PostEventQuerySet(models.QuerySet):
    # Bulk changes would bypass Model.save()/delete(); refuse them too. Deleting a post
    # still removes its events: the deletion collector does not go through this queryset.
    def update(self, **kwargs):
        raise AppendOnlyError("Post events are append-only.")

    def delete(self):
        raise AppendOnlyError("Post events are append-only.")


class PostEvent(models.Model):
    """One transition of a post, or one edit by a reviewer: who, when, from which state
    to which, why (the note), what changed (old and new values) and, on approval, the
    checklist as it was ticked. Written once, never changed."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for review")
        WITHDRAWN = "withdrawn", _("submission withdrawn")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        APPROVED = "approved", _("approved")
        PUBLISHED = "published", _("published at the scheduled time")
        PUBLISHED_WITHOUT_REVIEW = "published_without_review", _("published without review")
        REJECTED = "rejected", _("rejected")
        UNPUBLISHED = "unpublished", _("withdrawn from public")
        EDITED = "edited", _("edited by the press office")
        EXPIRED = "expired", _("taken off at its end date")
        CORRECTED = "corrected", _("corrected in public")
        MEDIA_OFFLINE = "media_offline", _("photo or video taken offline")
        MEDIA_ONLINE = "media_online", _("photo or video put back online")

    post = models.ForeignKey(
        # A post is deleted only as an officer's own draft; its history goes with it.
        Post, on_delete=models.CASCADE, related_name="events", verbose_name=_("post")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the portal acted on its own (a scheduled publication)."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # States: German "von"/"nach" (people are handed things "von"/"an").
    from_state = models.CharField(pgettext_lazy("post state", "from"), max_length=20,
                                  choices=Post.State.choices)
    to_state = models.CharField(pgettext_lazy("post state", "to"), max_length=20,
                                choices=Post.State.choices)
    note = models.TextField(_("note"), blank=True)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    # [{"field": "caption", "old": "...", "new": "..."},
    #  {"field": "alt_text", "media": 12, "old": "...", "new": "..."}]
    changes = models.JSONField(_("changes"), default=list, blank=True)
    # [{"id": 3, "text": "No investigation details visible", "checked": true}, ...]
    checklist = models.JSONField(_("checklist"), default=list, blank=True)

    objects = PostEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review history")
        ordering = ["created_at", "pk"]
        permissions = [("review_post", _("Can review, publish and unpublish posts"))]

    def __str__(self):
        return f"{self.post_id}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Post events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Post events are append-only.")
