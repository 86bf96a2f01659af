from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

handle_validator = RegexValidator(
    r"^[a-z0-9_]{3,30}$",
    _("3 to 30 characters: lower-case letters, digits and underscores."),
)


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
    is_active = models.BooleanField(_("channel active"), default=True)
    publish_without_review = models.BooleanField(
        _("may publish without review"),
        default=False,
        help_text=_("Set by the press office only. Every decision is still recorded."),
    )
    follower_count = models.PositiveIntegerField(_("followers"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["display_name"]

    def __str__(self):
        return f"{self.display_name} (@{self.handle})"

    def get_absolute_url(self):
        return reverse("officers:channel", args=[self.handle])


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
