"""What we keep of people on other servers: remote accounts nothing refers to go after
FEDERATION_ACTOR_RETENTION_DAYS, reviewed reports after FEDERATION_REPORT_RETENTION_DAYS;
an account's own Delete removes its comments, reports and conversations' content; the
privacy page says so."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from federation import retention
from federation.models import RemoteActor, RemoteReport
from inbox.models import Conversation
from tests.federation.test_messages import dm
from tests.federation.test_moderation import flag
from tests.federation.test_replies import SHARED, note_uri, reply
from tests.helpers.posts import make_post


def age(remote, days):
    RemoteActor.objects.filter(uri=remote.uri).update(
        fetched_at=timezone.now() - timedelta(days=days))


def test_unused_remote_accounts_are_deleted_after_the_period(client, officer, remote,
                                                            other_remote, settings):
    settings.FEDERATION_ACTOR_RETENTION_DAYS = 30
    post = make_post(officer, photos=0)
    other_remote.post(client, SHARED, reply(other_remote, note_uri(post)))
    age(remote, 31)
    age(other_remote, 31)  # but its comment refers to it
    assert retention.run(dry_run=True) == {"actors": 1, "reports": 0}
    assert RemoteActor.objects.count() == 2
    call_command("federation_retention")
    assert list(RemoteActor.objects.values_list("uri", flat=True)) == [other_remote.uri]


def test_a_recent_or_following_account_is_kept(client, officer, remote, other_remote):
    remote.post(client, SHARED, remote.follow())
    age(remote, 400)
    age(other_remote, 3)
    assert retention.run() == {"actors": 0, "reports": 0}


def test_reviewed_reports_go_after_their_period(client, officer, remote, settings):
    settings.FEDERATION_REPORT_RETENTION_DAYS = 180
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, flag(remote, note_uri(post)))
    remote.post(client, SHARED, flag(remote, note_uri(post), n=2))
    old, recent = RemoteReport.objects.order_by("pk")
    RemoteReport.objects.filter(pk=old.pk).update(
        resolved_at=timezone.now() - timedelta(days=181))
    assert retention.run()["reports"] == 1
    assert list(RemoteReport.objects.all()) == [recent]


def test_the_accounts_delete_removes_its_conversations_content_and_reports(
        client, officer, remote):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, dm(remote, "Eine Frage"))
    remote.post(client, SHARED, flag(remote, note_uri(post)))
    delete = {"id": f"{remote.uri}#delete", "type": "Delete", "actor": remote.uri,
              "object": remote.uri}
    assert remote.post(client, SHARED, delete).status_code == 202
    conversation = Conversation.objects.get()
    assert conversation.anonymised_at is not None
    assert (conversation.remote_author_uri, conversation.subject) == ("", "")
    assert not conversation.messages.exists()
    assert not RemoteReport.objects.exists()
    assert not RemoteActor.objects.filter(uri=remote.uri).exists()


def test_the_privacy_page_says_what_is_kept_of_remote_people(client, settings, db):
    settings.FEDERATION_ACTOR_RETENTION_DAYS = 30
    settings.FEDERATION_REPORT_RETENTION_DAYS = 180
    page = client.get("/privacy/").content.decode()
    assert "From other servers (Fediverse)" in page
    assert "30 days after we last heard of you" in page
    assert "180 days after the press office has reviewed it" in page


def test_the_privacy_page_says_it_in_german(client, settings, db):
    settings.LANGUAGE_CODE = "de"
    page = client.get("/privacy/", headers={"accept-language": "de"}).content.decode()
    for text in ("Von anderen Servern (Fediverse)", "nachdem wir zuletzt von Ihnen gehört",
                 "wartet auf die Freigabe durch die Pressestelle", "Direktnachricht",
                 "nach der Prüfung durch die Pressestelle gelöscht", "nicht erzwingen"):
        assert text in page
