"""Corrections in the open: a published post whose caption, alt text or photo is
corrected says so on its page ("korrigiert am …", with what was corrected and why).

One row per corrected field: what (caption, the alt text of photo N, photo N replaced or
removed), the old and the new value (kept for the record, never shown publicly), who,
when, and the short reason the public reads. An officer of a channel that needs review
proposes; the press office applies or declines (`posts.corrections`, which also writes
the post's history).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from posts.models.post import MediaItem, Post
from posts.models.review import PostEvent

REASON_MAX = 200


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """What the post page lists: applied corrections, oldest first."""
        return self.filter(state=Correction.State.APPLIED).order_by("decided_at", "pk")

    def proposed(self):
        return self.filter(state=Correction.State.PROPOSED)


class Correction(models.Model):
    class Field(models.TextChoices):
        CAPTION = "caption", _("Caption")
        ALT_TEXT = "alt_text", _("Alt text")
        PHOTO_REPLACED = "photo_replaced", _("Photo replaced")
        PHOTO_REMOVED = "photo_removed", _("Photo removed")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, waiting for the press office")
        APPLIED = "applied", _("Applied")
        DECLINED = "declined", _("Declined")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="corrections",
                             verbose_name=_("post"))
    field = models.CharField(_("what"), max_length=20, choices=Field.choices)
    # The photo's place on the post page (1, 2, ...) when the correction was made: the
    # public list names it so, and it stays right after the photo itself is gone.
    photo_number = models.PositiveSmallIntegerField(_("photo"), null=True, blank=True)
    media = models.ForeignKey(
        MediaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("media item"),
        help_text=_("The photo concerned (for a replacement: the new one)."))
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    reason = models.CharField(
        _("reason"), max_length=REASON_MAX,
        help_text=_("Shown publicly under the post, e.g. “Ort richtiggestellt”. No case "
                    "details, no names."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.PROPOSED, db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("proposed by"))
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_note = models.TextField(_("why declined"), blank=True)
    event = models.ForeignKey(PostEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("history entry"))

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.post_id}: {self.describe()}"

    def describe(self):
        """What was corrected, as the public list says it ("Alt text of photo 2")."""
        if self.field == self.Field.CAPTION:
            return str(_("Caption"))
        names = {
            self.Field.ALT_TEXT: _("Alt text of photo %(number)s"),
            self.Field.PHOTO_REPLACED: _("Photo %(number)s replaced"),
            self.Field.PHOTO_REMOVED: _("Photo %(number)s removed"),
        }
        return str(names[self.field]) % {"number": self.photo_number or "–"}
