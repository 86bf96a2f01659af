"""What we do with activities that arrive in our inboxes. Each kind has a handler in
HANDLERS; kinds without one are acknowledged and dropped, storing nothing."""

from django.db import transaction

from federation import outbox
from federation.models import Inbox, LocalActor, RemoteFollower
from federation.models.actors import site_url
from officers.models import Officer
from posts.models import FediverseReaction, Post

REACTIONS = {"Like": FediverseReaction.Kind.LIKE, "Announce": FediverseReaction.Kind.BOOST}


class Refused(Exception):
    """The activity is understood but not acceptable (said in the message)."""


def _id(value):
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def local_actor_at(uri):
    """Our actor whose id is `uri`, or None (an inactive channel has none to follow)."""
    if uri.rstrip("/") == site_url():
        return LocalActor.objects.authority()
    prefix = site_url("/@")
    if not uri.startswith(prefix):
        return None
    handle = uri[len(prefix):].strip("/")
    officer = Officer.objects.active().filter(handle=handle).first()
    return LocalActor.objects.for_officer(officer) if officer else None


def public_post_at(uri):
    """Our post whose id (its page, /@handle/id/) is `uri`, if the public may read it."""
    prefix = site_url("/@")
    if not uri.startswith(prefix):
        return None
    handle, _, number = uri[len(prefix):].strip("/").partition("/")
    if not number.isdigit():
        return None
    return Post.objects.published().filter(officer__handle=handle, pk=int(number)).first()


def react(activity, remote):
    """A Like or a boost (Announce) of one of our public posts counts once per account
    and post; of anything else it is acknowledged and dropped."""
    post = public_post_at(_id(activity.get("object")))
    if post is not None:
        FediverseReaction.add(post, remote.uri, REACTIONS[activity["type"]], _id(activity))


def _undo_reaction(obj, remote):
    if isinstance(obj, dict) and obj.get("type") in REACTIONS:
        post = public_post_at(_id(obj.get("object")))
        if post is not None:
            FediverseReaction.remove(remote.uri, post=post, kind=REACTIONS[obj["type"]])
        return
    if _id(obj):  # only the activity's id: find it among the stored ones
        FediverseReaction.remove(remote.uri, activity_id=_id(obj))


def follow(activity, remote):
    target = local_actor_at(_id(activity.get("object")))
    if target is None:
        raise Refused("no such actor to follow here")
    with transaction.atomic():
        RemoteFollower.objects.update_or_create(
            local=target, remote=remote, defaults={"follow_id": _id(activity)[:500]})
        # A server that writes to us is alive again.
        Inbox.objects.filter(url__in=[remote.inbox, remote.shared_inbox]).update(
            dead_since=None)
        target.followers_changed()
        outbox.accept_follow(target, remote, activity)


def undo(activity, remote):
    obj = activity.get("object")
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind in REACTIONS or kind is None:
        _undo_reaction(obj, remote)
        if kind is not None:
            return
    follows = RemoteFollower.objects.filter(remote=remote)
    if kind == "Follow":
        target = local_actor_at(_id(obj.get("object")))
        matching = follows.filter(local=target) if target else follows.none()
    else:  # only the Follow's id: find it among the stored ones
        matching = follows.filter(follow_id=_id(obj)) if _id(obj) else follows.none()
    with transaction.atomic():
        actors = [f.local for f in matching.select_related("local__officer")]
        matching.delete()
        for actor in actors:
            actor.followers_changed()


def delete(activity, remote):
    """A remote account deleted itself: we forget its follows, likes, boosts and the
    account."""
    if _id(activity.get("object")) != remote.uri:
        return
    actors = [f.local for f in RemoteFollower.objects.filter(remote=remote)
              .select_related("local__officer")]
    with transaction.atomic():
        FediverseReaction.forget(remote.uri)
        remote.delete()
        for actor in actors:
            actor.followers_changed()


HANDLERS = {"Follow": follow, "Undo": undo, "Delete": delete, "Like": react,
            "Announce": react}


def handle(activity, remote):
    handler = HANDLERS.get(activity.get("type"))
    if handler is not None:
        handler(activity, remote)
