"""Likes of a post. The counter on Post (like_count) changes in the same transaction as
the row it counts, with F() expressions, so concurrent requests never lose an update."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.counters import add_counted, remove_counted
from posts.models.post import Post


class Like(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="like_once")]

    def __str__(self):
        return f"{self.user_id} ♥ {self.post_id}"

    @classmethod
    def add(cls, user, post):
        """Likes `post` once. Double clicks, replays and concurrent requests end in one
        row and one count (the database constraint decides); True if this call liked."""
        return add_counted(
            cls, Post.objects.filter(pk=post.pk), "like_count", user=user, post=post
        )

    @classmethod
    def remove(cls, user, post):
        """Takes a like back; True if there was one."""
        return remove_counted(
            cls, Post.objects.filter(pk=post.pk), "like_count", user=user, post=post
        )
