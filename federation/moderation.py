"""What a block by the press office does to what the blocked account or server has
already sent: its comments are hidden (with the decision recorded on each, as any
moderation), its conversations closed (kept, with their history, for the retention
rules), its follows ended. Its requests are refused from then on (authentication)."""

from django.db.models import Q
from django.utils.translation import gettext

from federation.models import BlockedAccount, RemoteFollower
from federation.models.blocks import host_of
from inbox.models import Conversation
from posts.models import Comment


def _matcher(block):
    if isinstance(block, BlockedAccount):
        return Q(remote_author_uri=block.uri), (lambda uri: uri == block.uri)
    domain = block.domain

    def matches(uri):
        host = host_of(uri)
        return host == domain or host.endswith("." + domain)

    return Q(remote_author_uri__icontains=domain), matches


def apply_block(block, by):
    """Applies a new block; returns (comments hidden, conversations closed, follows
    ended)."""
    prefilter, matches = _matcher(block)
    note = gettext("Blocked: %(what)s") % {"what": block}
    comments = [c for c in Comment.objects.filter(prefilter).exclude(
        state__in=[Comment.State.HIDDEN, Comment.State.DELETED]) if matches(c.remote_author_uri)]
    hidden = sum(bool(c.hide(by, note)) for c in comments)
    conversations = [c for c in Conversation.objects.filter(prefilter).exclude(
        state__in=Conversation.DONE_STATES) if matches(c.remote_author_uri)]
    for conversation in conversations:
        conversation.close(by)
    follows = [f for f in RemoteFollower.objects.select_related("remote", "local__officer")
               if matches(f.remote.uri)]
    actors = {f.local for f in follows}
    RemoteFollower.objects.filter(pk__in=[f.pk for f in follows]).delete()
    for actor in actors:
        actor.followers_changed()
    return hidden, len(conversations), len(follows)
