"""Redaction: what the detector suggested on a photo, what was decided about
each suggestion, and the per-item options.

The areas actually blurred are `MediaItem.regions` (JSON, relative to the upright
photo, see `portal.media.redaction`): hand-marked areas and accepted suggestions alike. Public
renditions are always made from the private original with those areas pixelated, so
they can be made again at any time from the original and `regions`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.media.redaction import Region
from posts.models.post import MediaItem


class MediaRedaction(models.Model):
    """Redaction settings and bookkeeping of one photo or video."""

    media = models.OneToOneField(
        MediaItem, on_delete=models.CASCADE, primary_key=True, related_name="redaction",
        verbose_name=_("photo or video"),
    )
    blur_faces = models.BooleanField(
        _("blur all detected faces"),
        default=False,
        help_text=_("Videos: every face the detector finds is pixelated, frame by frame."),
    )
    # When the detector looked at the photo (on its first processing only); empty when
    # it has not, or could not.
    detected_at = models.DateTimeField(_("detected"), null=True, blank=True, editable=False)
    detector = models.CharField(_("detector"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")

    def __str__(self):
        return f"{self.media}"


class RedactionSuggestionQuerySet(models.QuerySet):
    def undecided(self):
        return self.filter(state=RedactionSuggestion.State.PROPOSED)

    def for_post(self, post):
        return self.filter(media__post=post)


class RedactionSuggestion(models.Model):
    """An area the detector proposes to blur, and what a person decided about it."""

    class Kind(models.TextChoices):
        FACE = "face", _("face")
        PLATE = "plate", _("licence plate")
        TEXT = "text", _("legible text")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("not decided yet")
        ACCEPTED = "accepted", _("accepted")
        DISMISSED = "dismissed", _("dismissed")

    media = models.ForeignKey(
        MediaItem, on_delete=models.CASCADE, related_name="suggestions",
        verbose_name=_("photo"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Relative to the upright photo, 0..1 (like MediaItem.regions).
    x = models.FloatField()
    y = models.FloatField()
    w = models.FloatField()
    h = models.FloatField()
    score = models.FloatField(_("score"), default=0.0)
    state = models.CharField(
        _("decision"), max_length=10, choices=State.choices, default=State.PROPOSED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    objects = RedactionSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("redaction suggestion")
        verbose_name_plural = _("redaction suggestions")
        ordering = ["media", "-score", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk} ({self.get_state_display()})"

    @property
    def region(self):
        return Region(x=self.x, y=self.y, w=self.w, h=self.h, kind=self.kind)

    @property
    def is_undecided(self):
        return self.state == self.State.PROPOSED

    def as_widget_json(self):
        """What the marking widget reads (see templates/posts/includes/redact_widget.html)."""
        return {
            "id": self.pk, "kind": self.kind,
            "x": round(self.x, 4), "y": round(self.y, 4),
            "w": round(self.w, 4), "h": round(self.h, 4),
        }


# --- the review: suggestions still to decide ---------------------------------------


def undecided_count(post):
    return RedactionSuggestion.objects.for_post(post).undecided().count()


def undecided_problem(post):
    """Why the post may not be approved yet because of suggestions, or None."""
    count = undecided_count(post)
    if not count:
        return None
    return ngettext(
        "%(count)d suggested area to blur is neither accepted nor dismissed. Accept or "
        "dismiss it on the photo's “Blur areas” page before the post goes public.",
        "%(count)d suggested areas to blur are neither accepted nor dismissed. Accept or "
        "dismiss each of them on the photo's “Blur areas” page before the post goes public.",
        count,
    ) % {"count": count}


def found_counts(suggestions):
    """What the detector found on one photo, by kind: {"face": n, "plate": m, "text": k}
    (the "faces found: N, plates found: M" line that the review checklist refers to)."""
    counts = dict.fromkeys(RedactionSuggestion.Kind.values, 0)
    for suggestion in suggestions:
        counts[suggestion.kind] = counts.get(suggestion.kind, 0) + 1
    return counts
