"""What we do with activities that arrive in our inboxes. Each kind has a handler in
HANDLERS; kinds without one are acknowledged and dropped, storing nothing."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from federation import content, http, outbox, retention
from federation.authentication import remember_actor
from federation.documents import PUBLIC
from federation.models import Inbox, LocalActor, RemoteFollower, RemoteReport
from federation.models.actors import site_url
from federation.models.blocks import host_of
from federation.models.reports import CONTENT_MAX
from inbox.models import Conversation, Message
from officers.models import Officer
from portal import ratelimit
from portal.push.kinds import Kind as PushKind
from portal.push.service import notify
from portal.roles import press_office_members
from posts.models import Comment, FediverseReaction, Post

logger = logging.getLogger(__name__)
REACTIONS = {"Like": FediverseReaction.Kind.LIKE, "Announce": FediverseReaction.Kind.BOOST}
# What Mastodon, Pixelfed, Misskey and others send as a post or a message.
NOTE_TYPES = {"Note", "Article", "Page", "Question"}
PUBLIC_NAMES = {PUBLIC, "as:Public", "Public"}


class Refused(Exception):
    """The activity is understood but not acceptable (said in the message)."""


class Throttled(Exception):
    """The account or its server sent more than its rate allows: try again later."""


def _id(value):
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _ids(value):
    values = value if isinstance(value, list) else [value]
    return [i for i in (_id(v) for v in values) if i]


def audience_of(note, activity):
    return set(_ids(note.get("to")) + _ids(note.get("cc")) + _ids(activity.get("to"))
               + _ids(activity.get("cc")))


def is_public(audience):
    return bool(audience & PUBLIC_NAMES)


def throttle(remote):
    """Replies and messages per remote account and per server (a flood from one server
    of many accounts is stopped too)."""
    for key, rate in ((f"fediverse:account:{remote.uri}", settings.FEDERATION_RATE_ACCOUNT),
                      (f"fediverse:server:{remote.domain}", settings.FEDERATION_RATE_SERVER)):
        limit, period = ratelimit.parse(rate)
        if not ratelimit.hit(key, limit, period):
            raise Throttled(key.split(":")[1])


def web_address(value):
    """`value` if it is an http(s) address (it becomes a link on our pages), else ""."""
    value = value if isinstance(value, str) else ""
    return value if value.lower().startswith(("https://", "http://")) else ""


def author_of(remote):
    """Who wrote a comment or message, as our pages show it (links only to web pages)."""
    return {"uri": remote.uri, "handle": remote.handle, "name": remote.display_name,
            "profile": web_address(remote.profile_url) or web_address(remote.uri)}


def text_of(note):
    """The Note's text as plain text (the mentions of our accounts before it dropped)."""
    html = note.get("content")
    if not isinstance(html, str) and isinstance(note.get("contentMap"), dict):
        html = next((v for v in note["contentMap"].values() if isinstance(v, str)), "")
    names = [t.get("name", "") for t in note.get("tag") or []
             if isinstance(t, dict) and t.get("type") == "Mention"]
    names = [n for n in names if isinstance(n, str)]
    names += [n.split("@")[1] if n.startswith("@") and n.count("@") == 2 else n for n in names]
    try:
        return content.plain_text(html or "", drop_mentions=names)
    except content.TooLong as error:
        raise Refused(f"the note is too long: {error}") from error


def comment_at(uri):
    """Our comment (or a remote one in our threads) whose Note id is `uri`."""
    answers = site_url("/federation/comments/")
    if uri.startswith(answers):
        number = uri[len(answers):].strip("/")
        if number.isdigit():
            return Comment.objects.filter(pk=int(number)).select_related("post").first()
        return None
    prefix = site_url("/@")
    if uri.startswith(prefix) and "#comment-" in uri:
        number = uri.rpartition("#comment-")[2]
        if number.isdigit():
            return Comment.objects.filter(pk=int(number)).select_related("post").first()
        return None
    return Comment.objects.filter(remote_id=uri).select_related("post").first() if uri else None


def reply_target(uri):
    """(post, parent comment or None) a Note in reply to `uri` belongs under, or None
    when `uri` is neither one of our published posts nor a comment under one."""
    post = public_post_at(uri)
    if post is not None:
        return post, None
    comment = comment_at(uri)
    if comment is None or not comment.post.is_public:
        return None
    post, parent = Comment.target_of(comment.post, comment.pk)
    return (post, parent) if post is not None else None


def _own_note(activity, remote):
    """The Note (or other post type) of a Create or Update, which must be the actor's
    own and live on its server; None when it is some other kind of object."""
    note = activity.get("object")
    if not isinstance(note, dict) or note.get("type") not in NOTE_TYPES:
        return None
    if _id(note.get("attributedTo")) != remote.uri:
        raise Refused("the note is not attributed to the actor who sent it")
    if not _id(note) or host_of(_id(note)) != host_of(remote.uri):
        raise Refused("the note's id is not on the actor's server")
    return note


def create(activity, remote):
    """A public reply to one of our posts (or to a comment under it) becomes a comment
    by its remote author, held for release as the setting says. Anything else is
    dropped (logged without its content)."""
    note = _own_note(activity, remote)
    if note is None:
        logger.info("dropped a Create of a %s", type(activity.get("object")).__name__)
        return
    in_reply_to = _id(note.get("inReplyTo"))
    audience = audience_of(note, activity)
    public = is_public(audience)
    if not public:
        private_message(note, remote, audience, in_reply_to)
        return
    target = reply_target(in_reply_to)
    if target is None and (officer := mentioned_officer(note)) and "?" in text_of(note):
        throttle(remote)  # a public question to an officer: into the inbox, like a DM
        _start_conversation(officer, note, remote)
        return
    if target is not None:
        post, parent = target
        throttle(remote)
        try:
            Comment.receive_remote(
                post=post, parent=parent, remote_id=_id(note)[:500],
                url=_first_url(note), author=author_of(remote), body=text_of(note),
            )
        except ValidationError as error:
            raise Refused(" ".join(error.messages)) from error
        return
    logger.info("dropped a Create that is not a public reply to one of our posts")


def message_at(uri, remote):
    """The conversation with `remote` that a Note in reply to `uri` continues: `uri` is
    one of our messages to them (#messages/<pk> of one of our actors) or one of theirs."""
    if not uri:
        return None
    messages = Message.objects.filter(conversation__remote_author_uri=remote.uri)
    if uri.startswith(site_url("/")) and "#messages/" in uri:
        number = uri.rpartition("#messages/")[2]
        message = messages.filter(pk=int(number)).first() if number.isdigit() else None
    else:
        message = messages.filter(remote_id=uri).first()
    return message.conversation if message else None


def _officers_in(ids):
    officers = []
    for uri in ids:
        actor = local_actor_at(uri)
        if actor is not None and not actor.is_authority:
            officers.append(actor.officer)
    return officers


def mentioned_officer(note):
    hrefs = [t.get("href") for t in note.get("tag") or []
             if isinstance(t, dict) and t.get("type") == "Mention"]
    officers = _officers_in([h for h in hrefs if isinstance(h, str)])
    return officers[0] if officers else None


def _start_conversation(officer, note, remote):
    try:
        Conversation.start_remote(officer=officer, author=author_of(remote),
                                  body=text_of(note), remote_id=_id(note)[:500])
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from error


def private_message(note, remote, audience, in_reply_to):
    """A Note that is not public, addressed to one of our officers (a direct message,
    not one to the sender's followers): a conversation in that officer's inbox, or the
    next message of the conversation it answers."""
    if Message.objects.filter(remote_id=_id(note)).exists():
        return  # the same Note again
    if any(uri.endswith("/followers") for uri in audience):
        logger.info("dropped a followers-only Note")
        return
    conversation = message_at(in_reply_to, remote)
    officers = _officers_in(sorted(audience))
    if conversation is None and not officers:
        logger.info("dropped a private Note to nobody here")
        return
    throttle(remote)
    if conversation is not None and conversation.citizen_may_reply:
        try:
            conversation.remote_reply(text_of(note), _id(note)[:500])
        except ValidationError as error:
            raise Refused(" ".join(error.messages)) from error
        return
    officer = officers[0] if officers else conversation.officer
    if not officer.is_active:
        raise Refused("this channel is closed")
    _start_conversation(officer, note, remote)


def _first_url(note):
    url = note.get("url")
    if isinstance(url, list):
        url = url[0] if url else ""
    if isinstance(url, dict):
        url = url.get("href", "")
    return (web_address(url) or web_address(_id(note)))[:500]


def update(activity, remote):
    """An edit of a Note we hold as a comment (back into moderation if its new text is
    held); an Update of the actor itself refreshes what we know of it."""
    obj = activity.get("object")
    if isinstance(obj, dict) and _id(obj) == remote.uri:
        try:
            remember_actor(obj)
        except http.FetchError as error:
            raise Refused(f"not an actor: {error}") from error
        return
    note = _own_note(activity, remote)
    if note is None:
        return
    comment = Comment.objects.filter(remote_id=_id(note), remote_author_uri=remote.uri).first()
    if comment is None:
        return
    try:
        comment.remote_edited(text_of(note))
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from error


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
    """A remote account deleted itself: we forget its follows, likes, boosts, comments,
    conversations, reports and the account. A deleted Note of theirs takes its comment's
    text with it."""
    if _id(activity.get("object")) != remote.uri:
        object_id = _id(activity.get("object"))
        comment = Comment.objects.filter(remote_id=object_id, remote_author_uri=remote.uri) \
            .first() if object_id else None
        if comment is not None:
            comment.remote_deleted()
        elif object_id:
            Message.objects.filter(
                remote_id=object_id, conversation__remote_author_uri=remote.uri,
            ).update(body=gettext("(deleted by its author)"))
        return
    actors = [f.local for f in RemoteFollower.objects.filter(remote=remote)
              .select_related("local__officer")]
    with transaction.atomic():
        FediverseReaction.forget(remote.uri)
        retention.forget_actor(remote.uri)
        remote.delete()
        for actor in actors:
            actor.followers_changed()


def flag(activity, remote):
    """A report of one of our posts, comments or accounts reaches the press office's
    queue (and a reported comment the comment moderation queue); a report about
    anything else is dropped."""
    reported = _ids(activity.get("object"))[:20]
    posts = [p for p in (public_post_at(u) for u in reported) if p is not None]
    comments = [c for c in (comment_at(u) for u in reported) if c is not None]
    actors = [a for a in (local_actor_at(u) for u in reported) if a is not None]
    if not (posts or comments or actors):
        logger.info("dropped a Flag of nothing of ours")
        return
    try:
        text = content.plain_text(activity.get("content") or "")[:CONTENT_MAX]
    except content.TooLong as error:
        raise Refused(f"the report is too long: {error}") from error
    throttle(remote)
    comment = comments[0] if comments else None
    report, created = RemoteReport.objects.get_or_create(
        activity_id=_id(activity)[:500] or f"{remote.uri}#flag", defaults={
            "reporter_uri": remote.uri, "reporter_handle": remote.handle[:300],
            "post": posts[0] if posts else (comment.post if comment else None),
            "comment": comment, "objects_reported": reported, "content": text,
        })
    if not created:
        return
    for reported_comment in comments:
        Comment.objects.filter(pk=reported_comment.pk).update(needs_review=True)
    notify(PushKind.COMMENT_REPORTED,
           reverse("admin:federation_remotereport_change", args=[report.pk]),
           press_office_members())


def move(activity, remote):
    """An account moving to another server: our followers are not moved along (the new
    account can follow anew); acknowledged, nothing stored."""
    logger.info("dropped a Move of %s", remote.uri)


HANDLERS = {"Follow": follow, "Undo": undo, "Delete": delete, "Like": react,
            "Announce": react, "Create": create, "Update": update, "Flag": flag,
            "Move": move}


def handle(activity, remote):
    handler = HANDLERS.get(activity.get("type"))
    if handler is not None:
        # What we store and send back (automatic replies) is in the portal's language,
        # whatever the other server's request asked for.
        with translation.override(settings.LANGUAGE_CODE):
            handler(activity, remote)
