"""Our actors (a channel, or the authority itself) and the remote ones that follow them."""

from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from federation import keys
from officers.models import Officer
from portal import pagecache


def site_url(path=""):
    return settings.SITE_URL.rstrip("/") + path


def domain():
    """Our host as it appears in handles (@isabel_polizeikl@<domain>)."""
    return urlsplit(settings.SITE_URL).netloc


class LocalActorQuerySet(models.QuerySet):
    def authority(self):
        """The authority's actor (made with its key pair on first use)."""
        return self._get_or_make(officer=None)

    def for_officer(self, officer):
        return self._get_or_make(officer=officer)

    def _get_or_make(self, officer):
        found = self.select_related("officer").filter(officer=officer).first()
        if found:
            return found
        public, private = keys.generate_pair()
        try:
            with transaction.atomic():
                return self.create(officer=officer, authority=officer is None,
                                   public_key_pem=public,
                                   private_key_encrypted=private)
        except IntegrityError:  # made by a concurrent request meanwhile
            return self.select_related("officer").get(officer=officer)

    def by_handle(self, handle):
        """The actor with this handle, or None: the authority's handle or an active
        channel's."""
        if handle == settings.FEDERATION_AUTHORITY_HANDLE:
            return self.authority()
        officer = Officer.objects.active().select_related("station").filter(
            handle=handle).first()
        return self.for_officer(officer) if officer else None


class LocalActor(models.Model):
    """The Fediverse side of a channel (a Person), or of the authority (a Service,
    officer empty): its key pair. Everything else it shows comes from the channel."""

    officer = models.OneToOneField(
        Officer, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("channel"),
    )
    authority = models.BooleanField(default=False, editable=False)
    public_key_pem = models.TextField(editable=False)
    private_key_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = LocalActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fediverse actor")
        verbose_name_plural = _("Fediverse actors")
        constraints = [
            # One authority actor: NULL is distinct in unique indexes, so say it here.
            # NULLs are distinct in a unique index: the flag makes the authority one row.
            models.UniqueConstraint(fields=["authority"], name="one_authority_actor",
                                    condition=models.Q(authority=True)),
        ]

    def __str__(self):
        return f"@{self.handle}@{domain()}"

    @property
    def is_authority(self):
        return self.authority

    @property
    def handle(self):
        return settings.FEDERATION_AUTHORITY_HANDLE if self.is_authority else self.officer.handle

    @property
    def uri(self):
        """The actor's id: the channel page, or the home page for the authority."""
        if self.is_authority:
            return site_url("/")
        return site_url(self.officer.get_absolute_url())

    @property
    def key_id(self):
        return f"{self.uri}#main-key"

    def endpoint(self, name):
        return site_url(reverse(f"federation:{name}", args=[self.handle]))

    @property
    def followers_uri(self):
        return self.endpoint("followers")

    def followers_changed(self):
        """Keeps the channel's count of Fediverse followers (shown on the channel page
        and in the pilot figures) after followers came or went."""
        if self.is_authority:
            return
        count = RemoteFollower.objects.of(self).count()
        Officer.objects.filter(pk=self.officer_id).update(fediverse_follower_count=count)
        pagecache.channel_changed(self.officer.handle)

    @cached_property
    def private_key(self):
        return keys.load_private(self.private_key_encrypted)


class RemoteActorQuerySet(models.QuerySet):
    def by_key_id(self, key_id):
        return self.filter(key_id=key_id).first()


class RemoteActor(models.Model):
    """An actor on another server, as its own server described it (kept to verify its
    signatures and to deliver to it)."""

    uri = models.URLField(_("address"), max_length=500, unique=True)
    key_id = models.URLField(_("key"), max_length=500, db_index=True)
    public_key_pem = models.TextField(_("public key"))
    inbox = models.URLField(_("inbox"), max_length=500)
    shared_inbox = models.URLField(_("shared inbox"), max_length=500, blank=True)
    username = models.CharField(_("user name"), max_length=200, blank=True)
    domain = models.CharField(_("server"), max_length=255, db_index=True)
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    profile_url = models.URLField(_("profile"), max_length=500, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), default=timezone.now)

    objects = RemoteActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("remote account")
        verbose_name_plural = _("remote accounts")
        ordering = ["domain", "username"]

    def __str__(self):
        return self.handle

    @property
    def handle(self):
        return f"@{self.username}@{self.domain}" if self.username else self.uri

    @property
    def delivery_inbox(self):
        """Where activities for all its followers go: the shared inbox when it has one."""
        return self.shared_inbox or self.inbox


class RemoteFollowerQuerySet(models.QuerySet):
    def of(self, actor):
        return self.filter(local=actor)

    def inboxes(self):
        """The distinct inboxes these followers are reached at (shared ones first)."""
        rows = self.values_list("remote__shared_inbox", "remote__inbox")
        return sorted({shared or inbox for shared, inbox in rows})


class RemoteFollower(models.Model):
    """Someone on another server who follows one of our actors (accepted at once: our
    actors do not approve followers by hand)."""

    local = models.ForeignKey(LocalActor, on_delete=models.CASCADE, related_name="followers",
                              verbose_name=_("followed"))
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE,
                               related_name="follows", verbose_name=_("follower"))
    follow_id = models.URLField(_("follow activity"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = RemoteFollowerQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fediverse follower")
        verbose_name_plural = _("Fediverse followers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["local", "remote"], name="remote_follow_once"),
        ]

    def __str__(self):
        return f"{self.remote} → {self.local}"
