from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Models of the portal kept in packages of their own: imported here so Django finds them.
from portal.push.models import PushChoice, PushSubscription  # noqa: F401


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: citizen, officer or press officer (by group)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=50,
        blank=True,
        help_text=_("Shown publicly next to comments. No real name needed."),
    )
    # Set by the press office: a muted account can read but not write (see
    # portal.accounts.can_write).
    muted_at = models.DateTimeField(_("muted since"), null=True, blank=True, editable=False)
    muted_reason = models.CharField(
        _("reason for muting"), max_length=300, blank=True,
        help_text=_("Internal, for the press office."),
    )

    notify_replies = models.BooleanField(
        _("e-mail me replies to my comments"), default=True,
        help_text=_("A short e-mail with a link when someone answers one of your comments."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("mute_user", _("Can mute and unmute users"))]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]

    @property
    def public_name(self):
        return self.display_name or _("Citizen")

    @property
    def is_muted(self):
        return self.muted_at is not None

    def mute(self, reason=""):
        """Stops the account from writing (comments, likes, follows, questions)."""
        if self.muted_at is None:
            self.muted_at = timezone.now()
        self.muted_reason = reason[:300]
        self.save(update_fields=["muted_at", "muted_reason"])

    def unmute(self):
        self.muted_at = None
        self.muted_reason = ""
        self.save(update_fields=["muted_at", "muted_reason"])


class TaskWorker(models.Model):
    """A running task worker (manage.py db_worker), seen at its last heartbeat. A task
    whose worker has not been seen for TASK_LEASE_SECONDS is taken up again by another
    (portal/worker.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self):
        return self.worker_id


class PendingFile(models.Model):
    """A media file that may have no row pointing at it: written by a job that has not
    saved its result yet, or replaced (moved, deleted) and about to be deleted. The job
    removes the entry in the same transaction as the row that takes the file over; an
    entry older than
    PENDING_FILE_SECONDS is a job that died, and portal.tasks.delete_abandoned_files
    deletes the file (portal/media/storage.py)."""

    name = models.CharField(max_length=255)
    since = models.DateTimeField(default=timezone.now, db_index=True)
    # In the private store (a rendition moved there, or the copy left behind by a move
    # to the public store) rather than the public one.
    private = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("pending file")
        verbose_name_plural = _("pending files")

    def __str__(self):
        return self.name
