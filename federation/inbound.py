"""What we do with activities that arrive in our inboxes. Each kind has a handler in
HANDLERS; kinds without one are acknowledged and dropped, storing nothing."""

from django.db import transaction

from federation import outbox
from federation.models import Inbox, LocalActor, RemoteFollower
from federation.models.actors import site_url
from officers.models import Officer


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
    """A remote account deleted itself: we forget its follows and the account."""
    if _id(activity.get("object")) != remote.uri:
        return
    actors = [f.local for f in RemoteFollower.objects.filter(remote=remote)
              .select_related("local__officer")]
    with transaction.atomic():
        remote.delete()
        for actor in actors:
            actor.followers_changed()


HANDLERS = {"Follow": follow, "Undo": undo, "Delete": delete}


def handle(activity, remote):
    handler = HANDLERS.get(activity.get("type"))
    if handler is not None:
        handler(activity, remote)
