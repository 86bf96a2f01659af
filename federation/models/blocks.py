"""Servers and accounts the press office does not deal with: their requests are refused
and nothing is delivered to them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def host_of(uri):
    return (urlsplit(uri).hostname or "").lower()


class BlockedDomainQuerySet(models.QuerySet):
    def blocks(self, host):
        """True if `host` or a domain it belongs to is blocked (sub.example.org is
        blocked with example.org)."""
        host = (host or "").lower().rstrip(".")
        parts = host.split(".")
        candidates = {".".join(parts[i:]) for i in range(len(parts))}
        return self.filter(domain__in=candidates).exists()


class BlockedDomain(models.Model):
    domain = models.CharField(
        _("server"), max_length=255, unique=True,
        help_text=_("For example bad.example: its sub-domains are blocked with it."),
    )
    note = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, editable=False, related_name="+")
    created_at = models.DateTimeField(_("since"), default=timezone.now, editable=False)

    objects = BlockedDomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("blocked server")
        verbose_name_plural = _("blocked servers")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().rstrip(".")
        super().save(*args, **kwargs)


class BlockedAccountQuerySet(models.QuerySet):
    def blocks(self, uri):
        return self.filter(uri=uri).exists()


class BlockedAccount(models.Model):
    uri = models.URLField(
        _("account address"), max_length=500, unique=True,
        help_text=_("The account's address (its id), e.g. https://social.example/users/x"),
    )
    note = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, editable=False, related_name="+")
    created_at = models.DateTimeField(_("since"), default=timezone.now, editable=False)

    objects = BlockedAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("blocked account")
        verbose_name_plural = _("blocked accounts")
        ordering = ["uri"]

    def __str__(self):
        return self.uri


def is_blocked(uri):
    """Whether an actor (or object) at `uri` is blocked, by its server or itself."""
    return BlockedDomain.objects.blocks(host_of(uri)) or BlockedAccount.objects.blocks(uri)
