"""Likes and boosts of a post from other servers (ActivityPub Like and Announce). They
are their own number (Post.fediverse_interaction_count), never added to the citizens'
likes. The remote account is kept as its address only: the federation app, which knows
the accounts, adds and removes these rows."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.counters import add_counted, remove_counted
from posts.models.post import Post

COUNTER = "fediverse_interaction_count"


class FediverseReaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        BOOST = "boost", _("Boost")

    post = models.ForeignKey(Post, on_delete=models.CASCADE,
                             related_name="fediverse_reactions", verbose_name=_("post"))
    actor_uri = models.URLField(_("remote account"), max_length=500, db_index=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    # The Like's or Announce's id, to find it when an Undo names only that.
    activity_id = models.URLField(_("activity"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("Fediverse interaction")
        verbose_name_plural = _("Fediverse interactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "actor_uri", "kind"],
                                    name="fediverse_reaction_once"),
        ]

    def __str__(self):
        return f"{self.actor_uri} {self.kind} {self.post_id}"

    @classmethod
    def add(cls, post, actor_uri, kind, activity_id=""):
        """Records one like or boost per account and post: repeated and replayed
        activities end in one row and one count. True if this call added it."""
        return add_counted(cls, Post.objects.filter(pk=post.pk), COUNTER, post=post,
                           actor_uri=actor_uri, kind=kind, activity_id=activity_id[:500])

    @classmethod
    def remove(cls, actor_uri, *, post=None, kind=None, activity_id=None):
        """Takes back this account's like or boost, named by post and kind or by the
        activity's id; nothing happens when there is none. True if one was removed."""
        rows = cls.objects.filter(actor_uri=actor_uri)
        if activity_id is not None:
            rows = rows.filter(activity_id=activity_id)
        else:
            rows = rows.filter(post=post, kind=kind)
        removed = False
        for row in rows:
            removed |= remove_counted(cls, Post.objects.filter(pk=row.post_id), COUNTER,
                                      pk=row.pk)
        return removed

    @classmethod
    def forget(cls, actor_uri):
        """Removes every like and boost of an account (it deleted itself)."""
        with transaction.atomic():
            for row in cls.objects.filter(actor_uri=actor_uri):
                remove_counted(cls, Post.objects.filter(pk=row.post_id), COUNTER, pk=row.pk)
