"""What the portal's own events send to the Fediverse. The lower apps know nothing of
federation: these receivers listen to the records they keep anyway (every state change
of a post is a PostEvent, announced by posts.workflow.transitioned; every change of a
channel is a ChannelEvent). They run inside the transaction of the change, so what is
sent is stored together with the change, or not at all."""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from federation import outbox
from officers.models import ChannelEvent, Officer
from posts.models import Post, PostEvent
from posts.workflow import transitioned

PUBLISHED = Post.State.PUBLISHED


@receiver(transitioned)
def post_transitioned(sender, post, event, **kwargs):
    if not settings.FEDERATION_ENABLED:
        return
    if event.to_state == PUBLISHED and event.from_state != PUBLISHED:
        if post.is_public:
            outbox.post_published(post)
    elif event.from_state == PUBLISHED and event.to_state != PUBLISHED:
        outbox.post_gone(post)
    elif event.action in (PostEvent.Action.EDITED, PostEvent.Action.CORRECTED) \
            and post.is_public:
        outbox.post_edited(post)


@receiver(pre_delete, sender=Post)
def post_deleted(sender, instance, **kwargs):
    if settings.FEDERATION_ENABLED and instance.is_public:
        outbox.post_gone(instance)


@receiver(post_save, sender=ChannelEvent)
def channel_event(sender, instance, created, raw=False, **kwargs):
    """A hand-over changes who writes, not the account: an Update (new name or rank).
    A channel closed with its posts left readable stays as an account that posts no
    more (an Update); one closed with its posts archived is deleted (a Delete: other
    servers remove it and its posts, as our pages do)."""
    if not created or raw or not settings.FEDERATION_ENABLED:
        return
    officer = instance.officer
    Kind = ChannelEvent.Kind
    if instance.kind == Kind.DEACTIVATED and not instance.posts_public:
        outbox.actor_gone(officer)
    elif instance.kind in (Kind.DEACTIVATED, Kind.REACTIVATED, Kind.HANDED_OVER):
        outbox.actor_changed(officer)


@receiver(post_save, sender=Officer)
def channel_edited(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """The press office changed the channel's profile in the admin (a whole save; the
    transitions and counters save single fields and are told by their own events)."""
    if created or raw or update_fields is not None or not settings.FEDERATION_ENABLED:
        return
    if instance.is_active:
        outbox.actor_changed(instance)
