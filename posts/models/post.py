import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officers.models import Officer


def private_storage():
    return storages["private"]


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            state=Post.State.PUBLISHED,
            officer__is_active=True,
            published_at__lte=timezone.now(),
        )

    def for_channel(self, officer):
        return self.published().filter(officer=officer)

    def for_feed(self, user):
        return self.published().filter(officer__followers__user=user)

    def for_listing(self):
        """What a page listing posts needs, in a fixed number of queries."""
        return (
            self.select_related("officer", "officer__station")
            .prefetch_related("media")
            .order_by("-published_at", "-pk")
        )


class Post(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved, scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="posts", verbose_name=_("officer")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    caption = models.TextField(
        _("caption"),
        max_length=2200,
        blank=True,
        help_text=_("Shown publicly. Plain text; links and #hashtags become clickable."),
    )
    place_name = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("Shown publicly, e.g. 'Ostertor'. Never an exact address of a case."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    review_note = models.TextField(
        _("note from the press office"), blank=True, help_text=_("Shown to the officer.")
    )
    scheduled_for = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="post_state_published"),
            models.Index(fields=["officer", "state", "-published_at"],
                         name="post_officer_published"),
        ]

    def __str__(self):
        return f"{self.officer.handle}/{self.pk}"

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.officer.handle, self.pk])

    @property
    def is_public(self):
        return (
            self.state == self.State.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def original_upload_to(instance, filename):
    # The original's name never appears anywhere public; keep only a random name.
    return f"originals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class MediaItem(models.Model):
    """One photo or video of a post. The original stays private; only renditions
    (listed in `renditions`) are public."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    original = models.FileField(
        _("original"), storage=private_storage, upload_to=original_upload_to, max_length=200
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Describe what the photo shows for people who cannot see it. Shown publicly."
        ),
    )
    subtitles = models.FileField(
        _("subtitles (WebVTT)"), upload_to="subtitles/", blank=True, max_length=200
    )
    status = models.CharField(
        _("processing"), max_length=12, choices=Status.choices, default=Status.PROCESSING
    )
    failure_reason = models.CharField(_("reason"), max_length=300, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)
    # [{"width": 480, "height": 360, "format": "webp", "name": "r/ab/cd.webp"}, ...]
    renditions = models.JSONField(default=list, blank=True, editable=False)
    video = models.CharField(max_length=200, blank=True, editable=False)
    poster = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"
