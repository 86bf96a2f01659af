"""How long we keep what we know of people on other servers.

A remote account (its name, handle, key and inboxes: RemoteActor) is kept while it
follows one of our channels, has likes or boosts, comments that are not deleted, or a
conversation that is not anonymised yet, and for FEDERATION_ACTOR_RETENTION_DAYS after
we last heard of it; then it goes. Its comments keep their own copy of the handle and
name, as long as the comment exists; its conversations are anonymised with everyone's
(inbox/retention.py). Reviewed reports from other servers go after
FEDERATION_REPORT_RETENTION_DAYS."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from federation.models import RemoteActor, RemoteFollower, RemoteReport
from inbox.models import Conversation
from posts.models import Comment, FediverseReaction


def unused_actors(cutoff):
    """Remote accounts nothing here refers to, last fetched before `cutoff`."""
    uri = OuterRef("uri")
    return RemoteActor.objects.filter(fetched_at__lt=cutoff).exclude(
        Exists(RemoteFollower.objects.filter(remote=OuterRef("pk")))).exclude(
        Exists(FediverseReaction.objects.filter(actor_uri=uri))).exclude(
        Exists(Comment.objects.filter(remote_author_uri=uri)
               .exclude(state=Comment.State.DELETED))).exclude(
        Exists(Conversation.objects.filter(remote_author_uri=uri, anonymised_at=None)))


def run(now=None, dry_run=False):
    now = now or timezone.now()
    actors = unused_actors(now - datetime.timedelta(days=settings.FEDERATION_ACTOR_RETENTION_DAYS))
    reports = RemoteReport.objects.filter(resolved_at__lt=now - datetime.timedelta(
        days=settings.FEDERATION_REPORT_RETENTION_DAYS))
    if dry_run:
        return {"actors": actors.count(), "reports": reports.count()}
    return {"actors": actors.delete()[0], "reports": reports.delete()[0]}


def forget_actor(uri):
    """Everything we hold about the account `uri` (it deleted itself): its comments with
    the replies to them, its conversations anonymised, the reports it filed."""
    Comment.forget_remote(uri)
    Conversation.objects.filter(remote_author_uri=uri).anonymise()
    RemoteReport.objects.filter(reporter_uri=uri).delete()
