"""Sending activities: what goes to whom, and the delivery of each to its inbox.

`queue()` stores the activity in the caller's transaction (so a state change and what
it sends are committed together, and the press office's click does not wait for
10,000 rows). Addressed to an actor's followers, it is fanned out by a task after the
commit: one Delivery per inbox (shared inboxes where servers have them), then delivery
tasks. The periodic `deliver_due` task takes up whatever is left: an activity not yet
fanned out, a retry that is due, a claim whose worker died."""

import json
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from federation import documents, http
from federation.models import Delivery, Inbox, LocalActor, OutgoingActivity, RemoteFollower
from federation.models.blocks import BlockedDomain, host_of
from officers.models import Officer

logger = logging.getLogger(__name__)
Kind = OutgoingActivity.Kind


def activity_id(actor):
    return f"{actor.uri}#activities/{uuid.uuid4()}"


def queue(actor, payload, inboxes=(), *, followers_of=(), post_id=None):
    """Stores `payload` (sent by `actor`) for `inboxes` and the followers of the actors
    `followers_of`; returns the OutgoingActivity, or None when nobody would get it."""
    audience = [a.pk for a in followers_of if a is not None]
    if not inboxes and not RemoteFollower.objects.filter(local__in=audience).exists():
        return None
    activity = OutgoingActivity.objects.create(
        actor=actor, kind=payload["type"], post_id=post_id, payload=payload,
        audience=audience, inboxes=sorted(set(inboxes)),
    )
    if audience:
        transaction.on_commit(lambda: _start_fan_out(activity.pk))
    elif fan_out(activity):  # a few inboxes named: at once, in the same transaction
        transaction.on_commit(lambda: _start(1))
    else:
        activity.delete()
        return None
    return activity


def fan_out(activity):
    """Makes the deliveries of an activity (skipping dead inboxes and blocked servers)
    and marks it fanned out; returns how many. Run twice, it makes none twice."""
    if activity.fanned_out_at is not None:
        return 0
    wanted = set(activity.inboxes) | set(
        RemoteFollower.objects.filter(local__in=activity.audience).inboxes())
    blocked = set(BlockedDomain.objects.values_list("domain", flat=True))
    wanted = sorted(url for url in wanted if not _blocked(host_of(url), blocked))
    with transaction.atomic():
        Inbox.objects.bulk_create([Inbox(url=url) for url in wanted], ignore_conflicts=True,
                                  batch_size=1000)
        alive = list(Inbox.objects.filter(url__in=wanted, dead_since=None))
        Delivery.objects.bulk_create(
            [Delivery(activity=activity, inbox=inbox) for inbox in alive],
            batch_size=1000, ignore_conflicts=True,
        )
        OutgoingActivity.objects.filter(pk=activity.pk).update(fanned_out_at=timezone.now())
    activity.fanned_out_at = timezone.now()
    return len(alive)


def fan_out_pending():
    """Fans out every activity still waiting for it (its task lost, or not yet run)."""
    made = 0
    for activity in OutgoingActivity.objects.filter(fanned_out_at=None).order_by("pk"):
        made += fan_out(activity)
    return made


def _start_fan_out(activity_id):
    from federation.tasks import fan_out_activity  # noqa: PLC0415 (tasks import this module)

    fan_out_activity.enqueue(activity_id)


def _blocked(host, blocked):
    parts = host.split(".")
    return any(".".join(parts[i:]) in blocked for i in range(len(parts)))


def start_delivery(deliveries):
    """Starts delivery tasks for `deliveries` new deliveries (a few side by side)."""
    _start(min(deliveries, settings.FEDERATION_DELIVERY_WORKERS))


def _start(workers):
    from federation.tasks import deliver_due  # noqa: PLC0415 (tasks import this module)

    for _ in range(workers):
        deliver_due.enqueue()


def _envelope(actor, kind, obj, to, cc=()):
    return {
        "@context": documents.CONTEXT,
        "id": activity_id(actor),
        "type": kind,
        "actor": actor.uri,
        "published": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "to": list(to),
        "cc": list(cc),
        "object": obj,
    }


# What the portal's events send ---------------------------------------------------------

def _actors_of(officer):
    """The channel's actor and the authority's, where they exist (an actor nobody has
    looked up has no followers either, and needs no key pair made now)."""
    channel = LocalActor.objects.filter(officer=officer).first()
    authority = LocalActor.objects.filter(authority=True).first()
    return channel, authority


def _followers(actor):
    return RemoteFollower.objects.filter(local=actor).inboxes() if actor else []


def _has_followers(actor):
    return actor is not None and RemoteFollower.objects.filter(local=actor).exists()


def post_published(post):
    """Create from the channel to its followers; Announce from the authority to its."""
    channel, authority = _actors_of(post.officer)
    note = documents.note_document(post, context=False)
    if channel:
        payload = _envelope(channel, Kind.CREATE, note, [documents.PUBLIC],
                            [channel.followers_uri])
        queue(channel, payload, followers_of=[channel], post_id=post.pk)
    if authority:
        payload = _envelope(authority, Kind.ANNOUNCE, note, [documents.PUBLIC],
                            [authority.followers_uri, note["attributedTo"]])
        queue(authority, payload, followers_of=[authority], post_id=post.pk)


def post_edited(post):
    """Update of the Note to everyone who got it."""
    channel, authority = _actors_of(post.officer)
    if channel is None and _has_followers(authority):
        channel = LocalActor.objects.for_officer(post.officer)
    if channel:
        payload = _envelope(channel, Kind.UPDATE, documents.note_document(post, context=False),
                            [documents.PUBLIC], [channel.followers_uri])
        queue(channel, payload, followers_of=[channel, authority], post_id=post.pk)


def post_gone(post):
    """Delete (a Tombstone) of the Note, so the copies on other servers disappear."""
    channel, authority = _actors_of(post.officer)
    if channel is None and _has_followers(authority):
        channel = LocalActor.objects.for_officer(post.officer)
    if channel:
        payload = _envelope(channel, Kind.DELETE, documents.tombstone(documents.note_id(post)),
                            [documents.PUBLIC], [channel.followers_uri])
        queue(channel, payload, followers_of=[channel, authority], post_id=post.pk)


def actor_changed(officer):
    """Update of the Person (hand-over, a closed channel kept readable)."""
    channel = LocalActor.objects.filter(officer=officer).first()
    if channel:
        payload = _envelope(channel, Kind.UPDATE, _actor_object(channel),
                            [documents.PUBLIC], [channel.followers_uri])
        queue(channel, payload, followers_of=[channel])


def actor_gone(officer):
    """Delete of the Person (a channel closed with its posts archived): other servers
    remove the account and its posts; its followers here are dropped with it."""
    channel = LocalActor.objects.filter(officer=officer).first()
    if channel and (inboxes := _followers(channel)):
        payload = _envelope(channel, Kind.DELETE, channel.uri, [documents.PUBLIC],
                            [channel.followers_uri])
        queue(channel, payload, inboxes)
        RemoteFollower.objects.of(channel).delete()
        channel.followers_changed()


def _actor_object(actor):
    document = documents.actor_document(actor)
    document.pop("@context", None)
    return document


def answering_actor(comment):
    """Who sends the police's answer to a comment: the answering officer's channel (or
    the post's, if theirs is gone), the authority for the press office."""
    if comment.author_role == comment.Role.PRESS:
        return LocalActor.objects.authority()
    officer = Officer.objects.active().filter(user_id=comment.author_id).first() \
        or comment.post.officer
    return LocalActor.objects.for_officer(officer)


def answer_sent(comment, remote):
    """An officer's (or the press office's) answer to a comment from another server, as
    a public reply Note to its author's inbox and the channel's followers."""
    actor = answering_actor(comment)
    note = documents.answer_note(comment, actor)
    payload = _envelope(actor, Kind.CREATE, note, note["to"], note["cc"])
    return queue(actor, payload, [remote.inbox], followers_of=[actor], post_id=comment.post_id)


def answer_gone(comment, remote):
    """The answer was deleted or hidden here: a Delete to everyone who got it."""
    actor = answering_actor(comment)
    payload = _envelope(actor, Kind.DELETE, documents.tombstone(documents.comment_id(comment)),
                        [remote.uri], [documents.PUBLIC, actor.followers_uri])
    return queue(actor, payload, [remote.inbox], followers_of=[actor], post_id=comment.post_id)


def message_id(actor, message):
    return f"{actor.uri}#messages/{message.pk}"


def direct_message(message, remote):
    """A message of the police in a conversation with `remote`, as a direct Note (to that
    account only, mentioning it), from the channel the conversation was addressed to, in
    reply to their latest message."""
    conversation = message.conversation
    actor = LocalActor.objects.for_officer(conversation.officer)
    latest = conversation.messages.exclude(remote_id="").order_by("-created_at", "-pk") \
        .values_list("remote_id", flat=True).first()
    note = documents.reply_note(
        note_id=message_id(actor, message), actor=actor,
        to=(remote.uri, remote.handle, remote.profile_url), text=message.body,
        in_reply_to=latest, public=False, published=message.created_at,
    )
    payload = _envelope(actor, Kind.CREATE, note, note["to"], [])
    return queue(actor, payload, [remote.inbox])


def reply_decided(comment, remote, accepted):
    """The press office released (Accept, with the approval to show) or hid a reply
    from another server while it waited: its author's server is told, so that servers
    that wait for approval (GoToSocial) show it to others, or not."""
    actor = LocalActor.objects.for_officer(comment.post.officer)
    if accepted:
        payload = _envelope(actor, Kind.ACCEPT, comment.remote_id, [remote.uri],
                            [documents.PUBLIC, actor.followers_uri])
        payload["result"] = documents.approval_id(comment)
    else:
        payload = _envelope(actor, Kind.REJECT, comment.remote_id, [remote.uri])
    return queue(actor, payload, [remote.inbox], post_id=comment.post_id)


def accept_follow(actor, remote, follow):
    """Accept of a Follow, to the follower's own inbox."""
    payload = _envelope(actor, Kind.ACCEPT, follow, [remote.uri])
    return queue(actor, payload, [remote.inbox])


# Delivery --------------------------------------------------------------------------------

def _send(delivery, claim):
    """Sends one claimed delivery and records the answer; returns its new state."""
    activity = delivery.activity
    try:
        status = http.post_activity(activity.actor, delivery.inbox.url, _body(activity))
    except http.FetchError as error:
        return delivery.failed(claim, error, error.status)
    if 200 <= status < 300:
        delivery.succeeded(claim, status)
        return Delivery.State.DELIVERED
    return delivery.failed(claim, f"HTTP {status}", status)


def _body(activity):
    # The same activity goes to many inboxes: serialised once per process.
    body = _bodies.get(activity.uuid)
    if body is None:
        if len(_bodies) > 100:
            _bodies.clear()
        body = _bodies[activity.uuid] = json.dumps(activity.payload).encode()
    return body


_bodies = {}


def _close_thread_connections(pool, threads):
    """Closes the database connection of every thread of `pool` (each thread runs one
    of these: the barrier holds them until all have one)."""
    barrier = threading.Barrier(threads)

    def close():
        barrier.wait(timeout=30)
        connections.close_all()

    for future in [pool.submit(close) for _ in range(threads)]:
        future.result()


def deliver_due(limit=None, now=None):
    """Sends due deliveries until none is left (or about `limit` were tried). A batch
    is claimed in one conditional update, so any number of workers may run this side by
    side; FEDERATION_DELIVERY_THREADS of a batch are sent at once (the time goes into
    waiting for the other servers). Returns how many were tried."""
    fan_out_pending()
    threads = settings.FEDERATION_DELIVERY_THREADS
    tried = 0
    with ThreadPoolExecutor(threads) if threads > 1 else nullcontext() as pool:
        while limit is None or tried < limit:
            due = (Delivery.objects.due(now).order_by("next_attempt_at", "pk")
                   .values_list("pk", flat=True)[:settings.FEDERATION_DELIVERY_BATCH])
            pks = list(due)
            if not pks:
                break
            claim, batch = Delivery.objects.claim(pks, now)
            if not batch:
                continue  # other workers took these meanwhile: look again
            if pool is None:
                for delivery in batch:
                    _send(delivery, claim)
            else:
                list(pool.map(_send, batch, [claim] * len(batch)))
            tried += len(batch)
        if pool is not None:
            _close_thread_connections(pool, threads)
    return tried
