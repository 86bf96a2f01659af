"""Our actors and posts as ActivityStreams JSON. The actor and post addresses are the
channel and post pages: federation.middleware sends requests that ask for ActivityPub
JSON here, everything else to the HTML pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from federation import documents
from federation import outbox as sending
from federation.authentication import Blocked, signer_of
from federation.models import LocalActor, RemoteFollower
from federation.models.actors import site_url
from federation.signatures import SignatureError
from federation.views.helpers import actor_or_404, federation_enabled, json_response
from officers.models import Officer
from posts.models import Comment, Post

OUTBOX_SIZE = 20


def _authorized(request):
    """None when the request may read, else the refusal (authorized fetch)."""
    if not settings.FEDERATION_AUTHORIZED_FETCH:
        return None
    if "Signature" not in request.headers:
        return HttpResponse("Signature required", status=401, content_type="text/plain")
    try:
        signer_of(request)
    except SignatureError as error:
        return HttpResponse(str(error), status=401, content_type="text/plain")
    except Blocked:
        return HttpResponse("Blocked", status=403, content_type="text/plain")
    return None


@login_not_required
@require_safe
@federation_enabled
def authority(request):
    # Served without a signature even with authorized fetch: it carries the key that
    # verifies our own signatures (as Mastodon does for its actors).
    return json_response(documents.actor_document(LocalActor.objects.authority()))


@login_not_required
@require_safe
@federation_enabled
def actor(request, handle):
    officer = Officer.objects.filter(handle=handle).first()
    if officer is None:
        raise Http404("No such channel")
    if not officer.is_active and not officer.posts_public_when_inactive:
        # Closed with its posts archived: gone, as its Delete told the followers.
        return json_response(documents.gone_actor(site_url(officer.get_absolute_url())),
                             status=410)
    officer = Officer.objects.for_channel_page().filter(pk=officer.pk).first() or officer
    return json_response(documents.actor_document(LocalActor.objects.for_officer(officer)))


@login_not_required
@require_safe
@federation_enabled
def note(request, handle, post_id):
    if refusal := _authorized(request):
        return refusal
    post = (Post.objects.filter(pk=post_id, officer__handle=handle)
            .select_related("officer").prefetch_related("media").first())
    if post is None or not (post.is_public or post.published_at):
        raise Http404("No such post")  # never published: drafts, rejected, in review
    if not post.is_public:
        # Published once, withdrawn (or its channel archived) since.
        return json_response({"@context": documents.CONTEXT,
                              **documents.tombstone(documents.note_id(post))}, status=410)
    return json_response(documents.note_document(post))


@login_not_required
@require_safe
@federation_enabled
def outbox(request, handle):
    if refusal := _authorized(request):
        return refusal
    actor = actor_or_404(handle)
    posts = Post.objects.published().for_listing()
    if not actor.is_authority:
        posts = posts.filter(officer=actor.officer)
    total = posts.count()
    items = []
    for post in posts[:OUTBOX_SIZE]:
        note = documents.note_document(post, context=False)
        kind = "Announce" if actor.is_authority else "Create"
        items.append({"id": f"{note['id']}#{kind.lower()}", "type": kind,
                      "actor": actor.uri, "published": note["published"],
                      "to": note["to"], "cc": note["cc"], "object": note})
    return json_response({"@context": documents.CONTEXT, "id": actor.endpoint("outbox"),
                          "type": "OrderedCollection", "totalItems": total,
                          "orderedItems": items})


@login_not_required
@require_safe
@federation_enabled
def followers(request, handle):
    """How many follow, never who (their accounts are theirs to show)."""
    if refusal := _authorized(request):
        return refusal
    actor = actor_or_404(handle)
    return json_response({"@context": documents.CONTEXT, "id": actor.followers_uri,
                          "type": "OrderedCollection",
                          "totalItems": RemoteFollower.objects.of(actor).count()})


@login_not_required
@require_safe
@federation_enabled
def answer(request, comment_id):
    """The police's answer to a comment from another server, at the id its Note was sent
    with; a Tombstone once it no longer shows here. Nothing else has an id here."""
    if refusal := _authorized(request):
        return refusal
    comment = (Comment.objects.filter(pk=comment_id, author_role__in=Comment.STAFF_ROLES,
                                      parent__author_role=Comment.Role.REMOTE)
               .select_related("parent", "post__officer").first())
    if comment is None:
        raise Http404("No such answer")
    if not (comment.is_visible and comment.post.is_public):
        return json_response({"@context": documents.CONTEXT,
                              **documents.tombstone(documents.comment_id(comment))},
                             status=410)
    note = documents.answer_note(comment, sending.answering_actor(comment))
    return json_response({"@context": documents.CONTEXT, **note})


@login_not_required
@require_safe
@federation_enabled
def approval(request, comment_id):
    """The press office's release of a reply from another server (a ReplyApproval), as
    long as the reply shows here: servers check it before they show the reply."""
    if refusal := _authorized(request):
        return refusal
    comment = (Comment.objects.filter(pk=comment_id, author_role=Comment.Role.REMOTE,
                                      state=Comment.State.VISIBLE)
               .select_related("parent", "post__officer").first())
    if comment is None or not comment.post.is_public:
        raise Http404("No such approval")
    actor = LocalActor.objects.for_officer(comment.post.officer)
    return json_response({"@context": documents.CONTEXT,
                          **documents.reply_approval(comment, actor)})
