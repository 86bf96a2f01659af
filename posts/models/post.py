import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officers.models import Officer
from portal.media.renditions import Renditions
from portal.media.storage import delete_replaced, journal_for_deletion, private_storage

# A hashtag: "#" not glued to a word, an entity or a URL path, then word characters.
HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w{1,50})")
MAX_PHOTOS = 10


def hashtags(text):
    """The hashtags of a caption, lower-cased, in order, without duplicates."""
    return list(dict.fromkeys(tag.lower() for tag in HASHTAG_RE.findall(text or "")))


def check_expiry(value):
    """An end date is set in the future: a post cannot end before it was planned. Used by
    the studio's and the admin's forms (not the model: old end dates stay valid)."""
    if value is not None and value <= timezone.now():
        raise ValidationError(
            _("The end date must be in the future. Choose a later date or leave it empty."),
            code="expiry_in_past",
        )


class PostQuerySet(models.QuerySet):
    def published(self):
        """What the public may read: published, due, and the channel is active or was
        closed with its posts left readable."""
        return self.filter(
            Q(officer__is_active=True) | Q(officer__posts_public_when_inactive=True),
            state=Post.State.PUBLISHED,
            published_at__lte=timezone.now(),
        )

    def expired(self):
        """Posts taken off because their end date passed: their page answers 410."""
        return self.filter(state=Post.State.UNPUBLISHED, expires_at__lte=timezone.now())

    def expiring(self):
        """Posts with an end date still to come (published or on their way)."""
        return self.filter(expires_at__gt=timezone.now()).exclude(
            state__in=[Post.State.UNPUBLISHED, Post.State.REJECTED]
        )

    def for_channel(self, officer):
        return self.published().filter(officer=officer)

    def for_feed(self, user):
        return self.published().filter(officer__followers__user=user)

    def tagged(self, tag):
        # `tags` is " a b c ": the spaces make the match exact, on every database.
        return self.filter(tags__contains=f" {tag.lower()} ")

    def for_listing(self):
        """What a page listing posts needs, in a fixed number of queries."""
        return (
            self.select_related("officer", "officer__station")
            .prefetch_related("media")
            .order_by("-published_at", "-pk")
        )

    def for_cards(self):
        """A page of post cards, as keys only: the cards themselves come from the cache
        (posts/templatetags/post_cards.py, which loads what it renders with for_listing),
        so the list query reads no more than the order needs."""
        return self.order_by("-published_at", "-pk").only("pk", "published_at")

    def for_studio(self, officer):
        """An officer's own posts in every state, for the studio list."""
        return (
            self.filter(officer=officer)
            .select_related("officer")
            .prefetch_related("media")
            .order_by("-created_at", "-pk")
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

    # States in which the officer may still change or delete the post.
    EDITABLE_STATES = (State.DRAFT, State.CHANGES_REQUESTED)

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
    # " tag1 tag2 " from the caption, kept in step by save(); used by tagged().
    tags = models.TextField(blank=True, default="", editable=False)
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
    # A search appeal, a warning or an event is out of date after some day: then the
    # portal unpublishes it (posts.workflow.expire_due) and its page answers 410.
    expires_at = models.DateTimeField(
        _("available until"), null=True, blank=True, db_index=True,
        help_text=_("Optional, e.g. for a search appeal, a warning or an event: the post "
                    "is taken off the public pages automatically at this time."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Set when a correction is applied to the published post (posts.corrections): the
    # page then says "korrigiert am …" and lists posts.models.Correction's public rows.
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True, editable=False)
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    # "Save and submit for review" while photos or video were still being processed:
    # the post goes to the press office by itself once they are ready.
    submit_when_ready = models.BooleanField(
        _("submitted once processed"), default=False, editable=False
    )
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    # Likes and boosts from other servers (FediverseReaction): not in like_count.
    fediverse_interaction_count = models.PositiveIntegerField(
        _("Fediverse interactions"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at"]
        indexes = [
            # The lists' order and keyset pages (portal/pagination.py): newest first, the id
            # breaking ties, read as a range (see benchmarks/explain.py).
            models.Index(fields=["state", "-published_at", "-id"], name="post_public_order"),
            models.Index(fields=["officer", "state", "-published_at", "-id"],
                         name="post_channel_order"),
        ]

    def __str__(self):
        return f"{self.officer.handle}/{self.pk}"

    def save(self, *args, **kwargs):
        tags = hashtags(self.caption)
        self.tags = f" {' '.join(tags)} " if tags else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "caption" in update_fields:
            kwargs["update_fields"] = {*update_fields, "tags"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.officer.handle, self.pk])

    @property
    def is_public(self):
        return (
            self.state == self.State.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and (self.officer.is_active or self.officer.posts_public_when_inactive)
        )

    @property
    def is_editable(self):
        """The officer may still change or delete it (the press office has not taken it)."""
        return self.state in self.EDITABLE_STATES

    # The media helpers below use `self.media.all()`, so a prefetch serves them all.

    def media_ready(self):
        """True when the post has media and all of it is processed. A post must not leave
        draft before this holds (the review workflow checks it on submit)."""
        media = list(self.media.all())
        return bool(media) and all(m.status == MediaItem.Status.READY for m in media)

    def media_processing(self):
        """True while some of the post's media is still being processed and none failed."""
        return self.processing_status == MediaItem.Status.PROCESSING

    @property
    def processing_status(self):
        """The post's media, summed up: "failed" beats "processing" beats "ready"."""
        statuses = {m.status for m in self.media.all()}
        for status in (MediaItem.Status.FAILED, MediaItem.Status.PROCESSING):
            if status in statuses:
                return status
        return MediaItem.Status.READY if statuses else ""

    @property
    def cover(self):
        """The first media item that is online, for cards and social previews (the first
        one, shown as "temporarily removed", when all are offline)."""
        media = self.media.all()
        return next((m for m in media if m.offline_since is None), None) or (
            media[0] if media else None)

    @property
    def photo_count(self):
        return sum(1 for m in self.media.all() if m.kind == MediaItem.Kind.PHOTO)

    @property
    def has_video(self):
        return any(m.kind == MediaItem.Kind.VIDEO for m in self.media.all())


def original_upload_to(instance, filename):
    # The original's name never appears anywhere public; keep only a random name.
    return f"originals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


def subtitles_upload_to(instance, filename):
    # Public once the post is, so unguessable; ".vtt" makes the media views serve it as
    # text/vtt. Stored by posts.studio.forms into the store the item's files are in.
    token = uuid.uuid4().hex
    return f"subtitles/{token[:2]}/{token}.vtt"


class MediaItemQuerySet(models.QuerySet):
    def claim(self, pk):
        """Take a media item for processing, or return None if another worker has it.

        The conditional update makes sure two workers never process the same item; a
        claim older than an hour is treated as left behind by a crashed worker."""
        stale = timezone.now() - timezone.timedelta(hours=1)
        claimed = self.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale),
            pk=pk,
            status=MediaItem.Status.PROCESSING,
        ).update(claimed_at=timezone.now())
        return self.select_related("post").filter(pk=pk).first() if claimed else None


class MediaItem(models.Model):
    """One photo or video of a post. The original stays private. Its renditions (listed
    in `renditions`), video, poster and subtitles are in the public store while the post
    is public and the item is not taken offline, in the private store otherwise
    (`files_public` says which; posts.media.place_files moves them)."""

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
        _("original"), storage=private_storage, upload_to=original_upload_to, max_length=200,
        blank=True,
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
        _("subtitles (WebVTT)"), upload_to=subtitles_upload_to, blank=True, max_length=200
    )
    subtitles_language = models.CharField(
        _("subtitle language"), max_length=8, choices=settings.LANGUAGES,
        # Officers speak German on their clips, whatever the interface language.
        default="de",
    )
    # Areas to pixelate, relative to the upright photo (see portal.media.redaction).
    regions = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("processing"), max_length=12, choices=Status.choices, default=Status.PROCESSING
    )
    failure_reason = models.CharField(_("reason"), max_length=300, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True)
    # [{"width": 480, "height": 360, "format": "webp", "name": "r/ab/cd.webp",
    #   "bytes": 12345}, ...], ordered by width.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    video = models.CharField(max_length=200, blank=True, editable=False)
    video_bytes = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    poster = models.CharField(max_length=200, blank=True, editable=False)
    # Where the files above are: the public store (a public URL each) or the private
    # one (reached only through signed links for the officer and the press office).
    files_public = models.BooleanField(_("files public"), default=False, editable=False)
    # Taken offline by the press office (a reader reported a recognisable person, say):
    # the post shows "Photo temporarily removed" and the files leave the public store.
    offline_since = models.DateTimeField(_("offline since"), null=True, blank=True,
                                         editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MediaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_photo(self):
        return self.kind == self.Kind.PHOTO

    @property
    def is_ready(self):
        return self.status == self.Status.READY

    def file_names(self):
        """Every file of this item but the original (renditions, video, poster,
        subtitles), in the store `files_public` names."""
        names = [r["name"] for r in self.renditions]
        names += [n for n in (self.video, self.poster, self.subtitles.name) if n]
        return names

    @property
    def belongs_online(self):
        """Whether the files belong in the public store: the post is public and the item
        not taken offline."""
        return self.offline_since is None and self.post.is_public

    @property
    def is_offline(self):
        return self.offline_since is not None

    def take_offline(self, by, note=""):
        """The press office takes this photo (or video) off the public pages at once: the
        post shows "Photo temporarily removed" in its place, its files leave the public
        store; recorded in the post's history. See posts.workflow.take_media_offline."""
        from posts import workflow  # imports the models: not at the top

        return workflow.take_media_offline(self, by, note)

    def put_back_online(self, by, note=""):
        """Undoes take_offline(): shown again (under new public URLs) if the post is
        public. See posts.workflow.put_media_back_online."""
        from posts import workflow  # imports the models: not at the top

        return workflow.put_media_back_online(self, by, note)

    def file_url(self, name):
        """The address of one of the item's files for whoever looks: its public URL while
        the files are public, a short-lived signed link for the owner officer and the
        press office in the studio and the admin, else "" (posts.media_links)."""
        from posts import media_links  # imports the workflow, which imports the models

        return media_links.url_for(self, name)

    # --- For templates: responsive images ---------------------------------------------

    @property
    def pictures(self):
        """The photo renditions, read as templates need them (srcsets, a JPEG of a size);
        none where the viewer may not reach them."""
        entries = self.renditions
        if entries and not self.file_url(entries[0]["name"]):
            entries = []
        return Renditions(entries, url=self.file_url)

    def srcset(self, fmt):
        return self.pictures.srcset(fmt)

    @property
    def sources(self):
        """<source> entries for the formats better than JPEG, best first."""
        return self.pictures.sources

    @property
    def jpeg_srcset(self):
        return self.pictures.srcset("jpeg")

    def jpeg(self, min_width=0):
        """The smallest JPEG rendition at least `min_width` wide (else the largest), with
        its URL; None before processing."""
        return self.pictures.jpeg(min_width)

    @property
    def fallback(self):
        """The <img src> for browsers without srcset: a mid-sized JPEG."""
        return self.jpeg(960)

    @property
    def large(self):
        """The largest JPEG (for feeds and social previews)."""
        return self.jpeg(10**6)

    @property
    def video_url(self):
        return self.file_url(self.video)

    @property
    def poster_url(self):
        return self.file_url(self.poster)

    @property
    def subtitles_url(self):
        return self.file_url(self.subtitles.name)

    @property
    def preview_url(self):
        """A small image for thumbnails of photos and videos alike."""
        if self.is_photo:
            small = self.jpeg(480)
            return small["url"] if small else ""
        return self.poster_url


@receiver(post_delete, sender=MediaItem)
def delete_media_files(sender, instance, **kwargs):
    """Deleting an item (or its post) deletes its files, public and private, once the
    deletion is committed. They are journaled in the deleting transaction: a process that
    dies before deleting them leaves them to the sweep. The instance may be older than a
    move of its files, so they are looked for in both stores."""
    names = instance.file_names()
    for public in (True, False):
        journal_for_deletion(names, public=public)
    original = journal_for_deletion([instance.original.name], public=False)

    def delete():
        for public in (True, False):
            delete_replaced(names, public=public)
        delete_replaced(original, public=False)

    transaction.on_commit(delete)
