"""Reports from other servers (ActivityPub Flag): someone there reported one of our
posts, comments or accounts to us. They wait in the press office's queue in the admin;
a reported comment also waits in the comment moderation queue."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models import Comment, Post

CONTENT_MAX = 1000


class RemoteReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at=None)


class RemoteReport(models.Model):
    activity_id = models.URLField(_("report"), max_length=500, unique=True)
    # Who reported: usually the other server's own account (Mastodon reports
    # anonymously, as the server), sometimes a person.
    reporter_uri = models.URLField(_("reported by"), max_length=500, db_index=True)
    reporter_handle = models.CharField(_("reporter"), max_length=300, blank=True)
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("post"))
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("comment"))
    objects_reported = models.JSONField(_("what was reported"), default=list)
    content = models.TextField(_("reason given"), max_length=CONTENT_MAX, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    resolved_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("reviewed by"))

    objects = RemoteReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report from another server")
        verbose_name_plural = _("reports from other servers")
        ordering = ["resolved_at", "received_at"]

    def __str__(self):
        return f"{self.reporter_handle or self.reporter_uri} ({self.received_at:%Y-%m-%d})"
