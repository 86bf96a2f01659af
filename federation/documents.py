"""Our actors and posts as ActivityStreams documents (what Mastodon, Pixelfed and
Misskey read). Built from the channel and the post as the public pages show them."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from federation.models.actors import domain, site_url
from posts.models import MediaItem
from posts.models.post import hashtags
from posts.templatetags.posts_tags import absolute, caption

CONTEXT = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "sensitive": "as:sensitive",
        "Hashtag": "as:Hashtag",
        "toot": "http://joinmastodon.org/ns#",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable",
        "schema": "http://schema.org#",
        "PropertyValue": "schema:PropertyValue",
        "value": "schema:value",
    },
    "https://gotosocial.org/ns",
]
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
# Mastodon shows four attachments; more photos are linked from the text instead.
MAX_ATTACHMENTS = 4
# Posts are written in German (the language of the pilot's officers).
CONTENT_LANGUAGE = "de"


def _iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


def _common_actor(actor, name, summary):
    return {
        "@context": CONTEXT,
        "id": actor.uri,
        "preferredUsername": actor.handle,
        "name": name,
        "summary": summary,
        "url": actor.uri,
        "inbox": actor.endpoint("inbox"),
        "outbox": actor.endpoint("outbox"),
        "followers": actor.followers_uri,
        "endpoints": {"sharedInbox": site_url("/federation/inbox")},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "indexable": True,
        "publicKey": {"id": actor.key_id, "owner": actor.uri,
                      "publicKeyPem": actor.public_key_pem},
    }


def actor_document(actor):
    """A channel as a Person, or the authority as a Service."""
    with override(settings.LANGUAGE_CODE):
        if actor.is_authority:
            document = _common_actor(
                actor, settings.FEDERATION_AUTHORITY_NAME,
                "<p>" + escape(_("Posts of the officers of %(name)s, reviewed by the press "
                                 "office. Not an emergency channel: call %(number)s.")
                               % {"name": settings.FEDERATION_AUTHORITY_NAME,
                                  "number": settings.EMERGENCY_NUMBER}) + "</p>",
            )
            document["type"] = "Service"
            return document
        officer = actor.officer
        station = officer.station.name + (
            f" ({officer.station.district})" if officer.station.district else "")
        summary = "".join(f"<p>{escape(part)}</p>" for part in (
            " · ".join(p for p in (officer.rank, station) if p), officer.bio,
            _("Not an emergency channel: call %(number)s.")
            % {"number": settings.EMERGENCY_NUMBER},
        ) if part)
        document = _common_actor(actor, officer.display_name, summary)
        document["type"] = "Person"
        attachment = [
            {"type": "PropertyValue", "name": _("Rank"), "value": escape(officer.rank)},
            {"type": "PropertyValue", "name": _("Station"), "value": escape(station)},
        ]
        attachment = [a for a in attachment if a["value"]]
        for link in officer.links.all():
            attachment.append({
                "type": "PropertyValue", "name": link.label,
                "value": f'<a href="{escape(link.url)}" rel="me nofollow noopener" '
                         f'target="_blank">{escape(link.url)}</a>',
            })
        document["attachment"] = attachment
        portrait = officer.portrait_pictures.jpeg(400)
        if portrait:
            document["icon"] = {"type": "Image", "mediaType": "image/jpeg",
                                "url": absolute(portrait["url"])}
        return document


def gone_actor(actor_uri):
    return {"@context": CONTEXT, "id": actor_uri, "type": "Tombstone"}


def note_id(post):
    return site_url(post.get_absolute_url())


def note_document(post, *, context=True):
    """A published post as a Note: the caption as HTML, its hashtags, the photos (four;
    a link for more) with their alt texts, the video with its poster."""
    actor_uri = site_url(post.officer.get_absolute_url())
    url = note_id(post)
    html = caption(post.caption, site_url(post.officer.get_absolute_url()))
    content = f"<p>{html}</p>" if html else ""
    # Taken offline by the press office: not shown, so not sent (an Update removes it).
    media = [m for m in post.media.all() if m.is_ready and not m.is_offline]
    photos = [m for m in media if m.kind == MediaItem.Kind.PHOTO]
    attachments = []
    for item in media:
        if item.kind == MediaItem.Kind.PHOTO:
            if sum(1 for a in attachments if a["type"] == "Image") >= MAX_ATTACHMENTS:
                continue
            large = item.large
            if not large:
                continue
            attachments.append({
                "type": "Image", "mediaType": "image/jpeg", "url": absolute(large["url"]),
                "name": item.alt_text, "width": large["width"], "height": large["height"],
            })
        elif item.video_url:
            video = {"type": "Video", "mediaType": "video/mp4",
                     "url": absolute(item.video_url), "name": item.alt_text}
            if item.width and item.height:
                video.update(width=item.width, height=item.height)
            if item.poster_url:
                video["icon"] = {"type": "Image", "mediaType": "image/jpeg",
                                 "url": absolute(item.poster_url)}
            attachments.append(video)
    attachments = attachments[:MAX_ATTACHMENTS]
    if len(photos) > MAX_ATTACHMENTS:
        with override(CONTENT_LANGUAGE):
            more = _("All %(count)d photos") % {"count": len(photos)}
        content += f'<p><a href="{escape(url)}">{escape(more)}</a></p>'
    tags = [{"type": "Hashtag", "name": f"#{tag}",
             "href": site_url(post.officer.get_absolute_url()) + f"?tag={tag}"}
            for tag in hashtags(post.caption)]
    document = {
        "id": url,
        "type": "Note",
        "attributedTo": actor_uri,
        "to": [PUBLIC],
        "cc": [site_url(reverse("federation:followers", args=[post.officer.handle]))],
        "url": url,
        "published": _iso(post.published_at),
        "sensitive": False,
        "summary": None,
        "content": content,
        "contentMap": {CONTENT_LANGUAGE: content},
        "attachment": attachments,
        "tag": tags,
    }
    # Mastodon shows "edited" for an `updated` and applies an Update only when it is newer.
    if post.updated_at and post.published_at and \
            post.updated_at - post.published_at > timedelta(minutes=1):
        document["updated"] = _iso(post.updated_at)
    document["interactionPolicy"] = interaction_policy(post, actor_uri)
    if post.place_name:
        document["location"] = {"type": "Place", "name": post.place_name}
    if context:
        document = {"@context": CONTEXT, **document}
    return document


def interaction_policy(post, actor_uri):
    """Who may reply, like and boost, said the way GoToSocial reads it (its
    interactionPolicy, also read by newer Mastodon): anyone may like and boost; replies
    wait for the press office's release (manual approval) while the channel's setting
    holds them, and only the channel itself may reply once comments are closed. Servers that
    do not read it still show replies at once on their side (the README says so)."""
    if post.comments_closed:
        can_reply = {"automaticApproval": [actor_uri], "manualApproval": []}
    elif post.officer.holds_fediverse_replies:
        can_reply = {"automaticApproval": [actor_uri], "manualApproval": [PUBLIC]}
    else:
        can_reply = {"automaticApproval": [PUBLIC], "manualApproval": []}
    anyone = {"automaticApproval": [PUBLIC], "manualApproval": []}
    return {"canLike": anyone, "canReply": can_reply, "canAnnounce": anyone}


def approval_id(comment):
    """Where the press office's release of a reply from another server can be read (a
    GoToSocial ReplyApproval: the `result` of our Accept, its `approvedBy`)."""
    return site_url(reverse("federation:approval", args=[comment.pk]))


def reply_approval(comment, actor):
    target = comment.parent.remote_id if comment.parent_id and comment.parent.remote_id \
        else note_id(comment.post)
    return {"id": approval_id(comment), "type": "ReplyApproval", "attributedTo": actor.uri,
            "object": comment.remote_id, "target": target}


def comment_id(comment):
    """The id of one of our comments (a police answer) as a Note (served there as JSON;
    its `url` is its place on the post page)."""
    return site_url(reverse("federation:comment", args=[comment.pk]))


def _text_html(text):
    """Plain text (a comment, a message) as the HTML of a Note: escaped, paragraphs and
    line breaks kept."""
    paragraphs = [p for p in text.replace("\r", "").split("\n\n") if p.strip()]
    return "".join("<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>"
                   for p in paragraphs)


def mention(uri, handle, profile=""):
    """A mention of a remote account (its id, "@user@server", its profile page): the tag
    and the HTML Mastodon writes for it."""
    user = handle.lstrip("@").split("@")[0] if handle else uri
    tag = {"type": "Mention", "href": uri, "name": handle or uri}
    html = (f'<span class="h-card"><a href="{escape(profile or uri)}" '
            f'class="u-url mention">@<span>{escape(user)}</span></a></span>')
    return tag, html


def reply_note(*, note_id, actor, to, text, in_reply_to, url=None, public=True,
               published=None):
    """Our answer to someone on another server (`to`: uri, handle, profile) as a Note in
    reply to theirs, mentioning them: public (to them, the channel's followers and the
    public) for an answer to a comment, direct (to them only) in the inbox."""
    uri, handle, profile = to
    tag, html = mention(uri, handle, profile)
    body = _text_html(text)
    content = (body.replace("<p>", f"<p>{html} ", 1) if body else f"<p>{html}</p>")
    document = {
        "id": note_id,
        "type": "Note",
        "attributedTo": actor.uri,
        "inReplyTo": in_reply_to or None,
        "to": [uri],
        "cc": [PUBLIC, actor.followers_uri] if public else [],
        "published": _iso(published),
        "sensitive": False,
        "summary": None,
        "content": content,
        "contentMap": {CONTENT_LANGUAGE: content},
        "tag": [tag],
    }
    if url:
        document["url"] = url
    return document


def answer_note(comment, actor):
    """The police's answer to a comment from another server, as the Note we send and
    serve at its id."""
    parent = comment.parent
    return reply_note(
        note_id=comment_id(comment), actor=actor,
        to=(parent.remote_author_uri, parent.remote_author_handle, parent.remote_author_url),
        text=comment.body, in_reply_to=parent.remote_id,
        url=site_url(comment.get_absolute_url()), published=comment.created_at,
    )


def tombstone(object_id):
    return {"id": object_id, "type": "Tombstone"}


def webfinger(actor):
    return {
        "subject": f"acct:{actor.handle}@{domain()}",
        "aliases": [actor.uri],
        "links": [
            {"rel": "self", "type": "application/activity+json", "href": actor.uri},
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
             "href": actor.uri},
        ],
    }
