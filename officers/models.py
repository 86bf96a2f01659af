import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.media.renditions import Renditions
from portal.media.storage import private_storage
from portal.roles import is_officer_account

handle_validator = RegexValidator(
    r"^[a-z0-9_]{3,30}$",
    _("3 to 30 characters: lower-case letters, digits and underscores."),
)
# Django's URLValidator also allows ftp; a link on a public page must be http(s).
web_url_validator = URLValidator(schemes=["http", "https"])


def portrait_upload_to(instance, filename):
    # Never keep the uploaded file name: it may carry a real name or a date.
    return f"portraits/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Station(models.Model):
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.CharField(_("district"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OfficerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_listing(self):
        return self.active().select_related("station").order_by("display_name")

    def for_channel_page(self):
        """What the channel page shows about the officer, in two queries."""
        return self.active().select_related("station").prefetch_related("links")

    def run_by(self, user):
        """The channel this user runs now, or None (one query): see Officer.is_run_by."""
        if not user.is_authenticated or not user.is_active:
            return None
        return self.active().select_related("station").filter(user=user).first()

    def runners(self):
        """The ids of the users with an active channel (signed-in users are active)."""
        return self.active().exclude(user=None).values_list("user_id", flat=True)


class Officer(models.Model):
    """An officer's public channel. It belongs to the police, not to the person:
    when an officer leaves, the press office hands it over or deactivates it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="officer",
        null=True,
        blank=True,
        verbose_name=_("user"),
    )
    handle = models.CharField(
        _("handle"),
        max_length=30,
        unique=True,
        validators=[handle_validator],
        help_text=_("Part of the public address /@handle/."),
    )
    display_name = models.CharField(_("display name"), max_length=80)
    rank = models.CharField(
        _("rank"), max_length=80, blank=True, help_text=_("For example Polizeikommissarin.")
    )
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="officers", verbose_name=_("station")
    )
    bio = models.TextField(
        _("short bio"), max_length=500, blank=True, help_text=_("Shown publicly.")
    )
    portrait = models.FileField(
        _("portrait"),
        storage=private_storage,
        upload_to=portrait_upload_to,
        max_length=200,
        blank=True,
        help_text=_(
            "Shown publicly, after processing: a JPEG, PNG, WebP or HEIC photo. "
            "Location and camera data are removed."
        ),
    )
    # Public renditions of the portrait, like MediaItem.renditions.
    portrait_renditions = models.JSONField(default=list, blank=True, editable=False)
    is_active = models.BooleanField(_("channel active"), default=True)
    posts_public_when_inactive = models.BooleanField(
        _("posts stay readable when inactive"),
        default=True,
        help_text=_(
            "When the channel is deactivated, its published posts stay readable at their "
            "addresses; otherwise they are archived (hidden from the public)."
        ),
    )
    publish_without_review = models.BooleanField(
        _("may publish without review"),
        default=False,
        help_text=_("Set by the press office only. Every decision is still recorded."),
    )
    class FediverseReplies(models.TextChoices):
        SITE = "", _("As set for the whole portal")
        HOLD = "hold", _("Held until the press office releases them")
        SHOW = "show", _("Shown at once (unless a check holds them)")

    fediverse_replies = models.CharField(
        _("replies from other servers"), max_length=4, blank=True,
        choices=FediverseReplies.choices, default=FediverseReplies.SITE,
        help_text=_("Replies from Mastodon and other Fediverse servers to this channel's "
                    "posts. Blocked words and personal data hold them either way."),
    )
    follower_count = models.PositiveIntegerField(_("followers"), default=0, editable=False)
    # Followers on other servers (Mastodon & co.), kept by the federation app.
    fediverse_follower_count = models.PositiveIntegerField(
        _("Fediverse followers"), default=0, editable=False
    )
    # The day the officer was last e-mailed about comments waiting for an answer
    # (posts.tasks.remind_of_waiting_comments): at most once a day.
    comments_reminded_on = models.DateField(
        _("last reminded of comments"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["display_name"]

    def __str__(self):
        return f"{self.display_name} (@{self.handle})"

    def get_absolute_url(self):
        return reverse("posts:channel", args=[self.handle])

    @property
    def holds_fediverse_replies(self):
        """Whether replies from other servers wait for the press office's release: the
        channel's setting, else the portal's (FEDERATION_HOLD_REPLIES)."""
        if self.fediverse_replies:
            return self.fediverse_replies == self.FediverseReplies.HOLD
        return settings.FEDERATION_HOLD_REPLIES

    def is_run_by(self, user):
        """Whether `user` runs this channel now: it is active, it is theirs (not handed
        over to a successor), and their account is active. The one definition of "the
        officer of this channel": the studio, the inbox and the review ask it."""
        return bool(
            self.is_active and user is not None and user.is_authenticated
            and user.is_active and self.user_id == user.pk
        )

    # --- Portrait ----------------------------------------------------------------------

    @property
    def portrait_pictures(self):
        return Renditions(self.portrait_renditions)

    @property
    def portrait_webp_srcset(self):
        return self.portrait_pictures.srcset("webp")

    @property
    def portrait_jpeg_srcset(self):
        return self.portrait_pictures.srcset("jpeg")

    @property
    def portrait_thumb(self):
        return self.portrait_pictures.jpeg(160)

    # --- Transitions (the press office, in the admin) ---------------------------------

    def deactivate(self, *, by, posts_public, note=""):
        """Close the channel; its posts stay readable or are archived, as chosen."""
        if not self.is_active:
            raise ValidationError(_("The channel @%(handle)s is already inactive."),
                                  params={"handle": self.handle})
        with transaction.atomic():
            self.is_active = False
            self.posts_public_when_inactive = posts_public
            self.save(update_fields=["is_active", "posts_public_when_inactive"])
            self.events.create(
                kind=ChannelEvent.Kind.DEACTIVATED, actor=by, from_user=self.user,
                posts_public=posts_public, note=note,
            )

    def reactivate(self, *, by, note=""):
        if self.is_active:
            raise ValidationError(_("The channel @%(handle)s is already active."),
                                  params={"handle": self.handle})
        with transaction.atomic():
            self.is_active = True
            self.save(update_fields=["is_active"])
            self.events.create(
                kind=ChannelEvent.Kind.REACTIVATED, actor=by, to_user=self.user, note=note
            )

    def hand_over(self, *, to_user, by, note="", display_name="", rank=""):
        """Give the channel (posts, followers, address) to a successor."""
        if to_user == self.user:
            raise ValidationError(_("This person already runs the channel."))
        if not is_officer_account(to_user):
            raise ValidationError(
                _("The successor must be an active member of the officers group.")
            )
        if Officer.objects.filter(user=to_user).exclude(pk=self.pk).exists():
            raise ValidationError(_("The successor already runs another channel."))
        with transaction.atomic():
            previous = self.user
            self.user = to_user
            if display_name:
                self.display_name = display_name
            if rank:
                self.rank = rank
            self.save(update_fields=["user", "display_name", "rank"])
            self.events.create(
                kind=ChannelEvent.Kind.HANDED_OVER, actor=by, from_user=previous,
                to_user=to_user, note=note,
            )


class OfficerLink(models.Model):
    """The officer's channel on another platform, shown on the channel page."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(
        _("platform"), max_length=40, help_text=_("For example Instagram or Mastodon.")
    )
    url = models.URLField(
        _("address"), max_length=300, validators=[web_url_validator],
        help_text=_("Shown publicly. Only http:// and https:// addresses."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("link to another platform")
        verbose_name_plural = _("links to other platforms")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.label}: {self.url}"


class ChannelEvent(models.Model):
    """Append-only history of who ran a channel and when it was closed or reopened."""

    class Kind(models.TextChoices):
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")
        HANDED_OVER = "handed_over", _("Handed over")

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("by"),
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        # People: German "von"/"an" (post states say "von"/"nach").
        related_name="+", verbose_name=pgettext_lazy("person", "from"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=pgettext_lazy("person", "to"),
    )
    posts_public = models.BooleanField(_("posts stay readable"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("channel event")
        verbose_name_plural = _("channel events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"@{self.officer.handle}: {self.get_kind_display()}"


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "officer"], name="follow_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.officer}"

    def save(self, *args, **kwargs):
        # The follow button is hidden on one's own channel; a posted form is refused
        # here, for every way a follow is made. A follower count counts other people.
        if self._state.adding and self.user_id == self.officer.user_id:
            raise ValidationError(_("You cannot follow your own channel."),
                                  code="own_channel")
        super().save(*args, **kwargs)
