import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accessibility.models.topics import Topic
from portal.media.storage import private_storage, public_url


def original_upload_to(instance, filename):
    """A random private name: nothing of the uploaded file's name is kept."""
    return f"sign-language/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class SignLanguageVideoQuerySet(models.QuerySet):
    def shown(self):
        """Published and processed: what /gebaerdensprache/ shows."""
        return self.filter(published=True, status=SignLanguageVideo.Status.READY) \
            .order_by("order", "pk")


class SignLanguageVideo(models.Model):
    """A video in German Sign Language (DGS; BITV 2.0 § 4, Anlage 2 Teil 1), uploaded by
    the press office in the admin and made public through the portal's video pipeline
    (portal.media.processing): transcoded to H.264/AAC MP4 with a poster, all metadata
    dropped; the original stays private."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Being processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=120, help_text=_(
        "For example “Was finden Sie auf dieser Seite?”. Shown publicly."))
    topic = models.CharField(_("required explanation"), max_length=20, choices=Topic.choices,
                             blank=True, help_text=_(
        "Which of the four explanations the law asks for this video gives, if any."))
    description = models.TextField(_("description"), max_length=1000, blank=True, help_text=_(
        "A sentence or two on what the video explains, for those who cannot watch it. "
        "Shown publicly."))
    original = models.FileField(
        _("video file"), storage=private_storage, upload_to=original_upload_to,
        max_length=200, blank=True, help_text=_(
            "MP4, MOV or WebM, at least 320 × 240 pixels and 25 frames per second, so "
            "that hands, face and mouth can be read. Location and camera data are removed."))
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_(
        "Videos are listed by this number, smallest first."))
    published = models.BooleanField(_("published"), default=False, help_text=_(
        "Only published videos are shown, once they are processed."))
    status = models.CharField(_("processing"), max_length=20, choices=Status.choices,
                              default=Status.PROCESSING, editable=False)
    failure_reason = models.CharField(_("why it failed"), max_length=300, blank=True,
                                      editable=False)
    # The public files (names in public storage) and what the download link says.
    video = models.CharField(max_length=200, blank=True, editable=False)
    poster = models.CharField(max_length=200, blank=True, editable=False)
    video_bytes = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    duration = models.FloatField(_("duration"), null=True, blank=True, editable=False)
    frame_rate = models.FloatField(_("frames per second"), null=True, blank=True,
                                   editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SignLanguageVideoQuerySet.as_manager()

    class Meta:
        verbose_name = _("video in German Sign Language")
        verbose_name_plural = _("videos in German Sign Language")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @property
    def video_url(self):
        return public_url(self.video) if self.video else ""

    @property
    def poster_url(self):
        return public_url(self.poster) if self.poster else ""

    def public_names(self):
        return [name for name in (self.video, self.poster) if name]
