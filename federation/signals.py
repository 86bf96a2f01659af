"""What the portal's own events send to the Fediverse. The lower apps know nothing of
federation: these receivers listen to the records they keep anyway (every state change
of a post is a PostEvent, announced by posts.workflow.transitioned; every change of a
channel is a ChannelEvent). They run inside the transaction of the change, so what is
sent is stored together with the change, or not at all."""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from federation import outbox
from federation.models import RemoteActor
from inbox.models import Message
from officers.models import ChannelEvent, Officer
from posts.models import Comment, Post, PostEvent
from posts.models.comments import comment_changed, comments_toggled
from posts.workflow import transitioned

PUBLISHED = Post.State.PUBLISHED
VISIBLE = Comment.State.VISIBLE
# Changes of a public post that other servers are told of (an Update).
EDITS = (PostEvent.Action.EDITED, PostEvent.Action.CORRECTED, PostEvent.Action.MEDIA_OFFLINE,
         PostEvent.Action.MEDIA_ONLINE)


@receiver(transitioned)
def post_transitioned(sender, post, event, **kwargs):
    if not settings.FEDERATION_ENABLED:
        return
    if event.to_state == PUBLISHED and event.from_state != PUBLISHED:
        if post.is_public:
            outbox.post_published(post)
    elif event.from_state == PUBLISHED and event.to_state != PUBLISHED:
        outbox.post_gone(post)
    elif event.action in EDITS and post.is_public:
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


@receiver(comment_changed)
def answer_to_remote_comment(sender, comment, previous, **kwargs):
    """The police answered a comment from another server: the answer goes to its author
    as a reply Note once it shows here, and a Delete follows when it no longer does."""
    if not settings.FEDERATION_ENABLED:
        return
    if comment.is_remote:
        _reply_decided(comment, previous)
        return
    if not comment.is_staff_reply or not comment.parent_id:
        return
    parent = comment.parent
    if not parent.is_remote:
        return
    remote = RemoteActor.objects.filter(uri=parent.remote_author_uri).first()
    if remote is None:  # the account deleted itself meanwhile
        return
    was_shown, is_shown = previous == VISIBLE, comment.is_visible
    if is_shown and not was_shown:
        outbox.answer_sent(comment, remote)
    elif was_shown and not is_shown:
        outbox.answer_gone(comment, remote)


@receiver(post_save, sender=Message)
def answer_in_the_inbox(sender, instance, created, raw=False, **kwargs):
    """The police's message in a conversation with someone on another server (the
    officer's answer, the automatic duty-hours or emergency reply) goes back to that
    account only, as a direct Note."""
    if not created or raw or not instance.is_from_staff or not settings.FEDERATION_ENABLED:
        return
    conversation = instance.conversation
    if not conversation.is_remote:
        return
    remote = RemoteActor.objects.filter(uri=conversation.remote_author_uri).first()
    if remote is not None:
        outbox.direct_message(instance, remote)


def _reply_decided(comment, previous):
    """A reply from another server that waited for release is released or hidden."""
    if previous != Comment.State.HELD or comment.state == Comment.State.HELD:
        return
    if comment.state == Comment.State.DELETED and comment.moderated_by_id is None:
        return  # its author deleted it
    remote = RemoteActor.objects.filter(uri=comment.remote_author_uri).first()
    if remote is not None:
        outbox.reply_decided(comment, remote, accepted=comment.is_visible)


@receiver(comments_toggled)
def comments_opened_or_closed(sender, posts, **kwargs):
    """Who may reply changed (the Note's interactionPolicy): an Update of each Note."""
    if not settings.FEDERATION_ENABLED:
        return
    for post in posts:
        if post.is_public:
            outbox.post_edited(post)
