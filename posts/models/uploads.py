"""Files that come in pieces: resumable uploads through the tus protocol (tus.io, 1.0).

A dropped connection costs at most the piece that was on its way: each piece is stored
in private storage on its own once it has arrived whole, and the row counts the bytes
stored. The last piece joins them into one file, which the studio's form then checks
and stores like any upload. Unfinished or unused uploads expire and are deleted."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ResumableUploadQuerySet(models.QuerySet):
    def of(self, user):
        """Unexpired uploads of `user` (a post that takes one deletes it)."""
        return self.filter(owner=user, expires_at__gt=timezone.now())

    def completed_for(self, user):
        return self.of(user).exclude(completed_at=None)

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class ResumableUpload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    length = models.PositiveBigIntegerField(help_text="Size of the whole file in bytes.")
    offset = models.PositiveBigIntegerField(default=0, help_text="Bytes stored so far.")
    # Names in private storage of the pieces stored so far, in order; one name (the
    # joined file) once the upload is complete.
    pieces = models.JSONField(default=list)
    filename = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=5, blank=True, help_text="photo or video, from the "
                            "first bytes")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ResumableUploadQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["owner", "expires_at"])]

    def __str__(self):
        return f"{self.filename or self.pk} ({self.offset}/{self.length})"

    @property
    def is_complete(self):
        return self.completed_at is not None
