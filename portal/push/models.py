"""A person's devices that receive push messages, and the kinds they turned on."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.push.kinds import Kind

MAX_DEVICES = 10


class PushSubscriptionQuerySet(models.QuerySet):
    def for_kind(self, kind):
        """Devices of active accounts that turned `kind` on."""
        return self.filter(user__is_active=True, user__push_choices__kind=kind)

    def for_settings(self, user):
        return self.filter(user=user).order_by("-created_at", "-pk")


class PushSubscription(models.Model):
    """One browser on one device, as its push service knows it (PushSubscription in the
    browser's Push API). The endpoint and keys come from the push service and the browser;
    the device name is made from the browser's User-Agent when it subscribed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="push_subscriptions")
    endpoint = models.URLField(_("push service address"), max_length=1000, unique=True)
    p256dh = models.CharField(_("browser's public key"), max_length=100)
    auth = models.CharField(_("authentication secret"), max_length=50)
    device = models.CharField(_("device"), max_length=80)
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("turned on"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last message"), null=True, blank=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("push device")
        verbose_name_plural = _("push devices")

    def __str__(self):
        return self.device

    def subscription_info(self):
        """As pywebpush takes it (the browser's PushSubscription.toJSON())."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushChoice(models.Model):
    """A kind of push message the person turned on (for all their devices)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="push_choices")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("push message turned on")
        verbose_name_plural = _("push messages turned on")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="push_choice_once"),
        ]

    def __str__(self):
        return self.get_kind_display()


def device_name(user_agent):
    """'Chrome · Android' from a User-Agent: enough to tell one's devices apart on the
    settings page, without keeping the User-Agent itself."""
    ua = user_agent or ""
    browser = next((name for token, name in (
        ("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"), ("Safari/", "Safari"),
    ) if token in ua), None)
    system = next((name for token, name in (
        ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
        ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ) if token in ua), None)
    return " · ".join(name for name in (browser, system) if name) or "?"


def export_for(user):
    """For the data export: the devices and the kinds turned on (no keys)."""
    return {
        "kinds": sorted(user.push_choices.values_list("kind", flat=True)),
        "devices": [
            {"device": s.device, "turned_on": s.created_at.isoformat(),
             "last_message": s.last_sent_at.isoformat() if s.last_sent_at else None}
            for s in PushSubscription.objects.for_settings(user)
        ],
    }
