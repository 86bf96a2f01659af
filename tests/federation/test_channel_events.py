"""A channel's hand-over and closing as other servers see them: the account stays with
the channel (Update), a channel closed with its posts archived is deleted (Delete)."""

from federation.models import LocalActor, OutgoingActivity, RemoteFollower
from officers.models import Officer
from portal.roles import OFFICERS
from tests.conftest import make_user

SHARED = "/federation/inbox"


def sent(kind):
    return [a.payload for a in OutgoingActivity.objects.filter(kind=kind)]


def test_a_hand_over_updates_the_account(client, officer, remote, press_officer):
    remote.post(client, SHARED, remote.follow())
    successor = make_user("jana@polizei.example", group=OFFICERS)
    officer.hand_over(to_user=successor, by=press_officer, display_name="Jana",
                      rank="Polizeioberkommissarin")
    [update] = sent("Update")
    assert update["object"]["type"] == "Person"
    assert update["object"]["name"] == "Jana"
    assert update["object"]["id"] == "http://testserver/@isabel_polizeikl/"
    assert RemoteFollower.objects.count() == 1  # the followers stay with the channel


def test_closing_a_channel_with_its_posts_readable_updates_it(
        client, officer, remote, press_officer):
    remote.post(client, SHARED, remote.follow())
    officer.deactivate(by=press_officer, posts_public=True)
    assert [u["object"]["type"] for u in sent("Update")] == ["Person"]
    assert not sent("Delete")
    assert RemoteFollower.objects.count() == 1


def test_closing_a_channel_with_its_posts_archived_deletes_the_account(
        client, officer, remote, press_officer):
    remote.post(client, SHARED, remote.follow())
    officer.deactivate(by=press_officer, posts_public=False)
    [delete] = sent("Delete")
    assert delete["object"] == "http://testserver/@isabel_polizeikl/"
    assert not RemoteFollower.objects.filter(local__officer=officer).exists()
    assert Officer.objects.get(pk=officer.pk).fediverse_follower_count == 0
    assert LocalActor.objects.filter(officer=officer).exists()  # its key still signs


def test_editing_the_channel_in_the_admin_updates_the_account(client, officer, remote):
    remote.post(client, SHARED, remote.follow())
    officer.bio = "Bürgernah in der Innenstadt."
    officer.save()
    [update] = sent("Update")
    assert "Bürgernah in der Innenstadt." in update["object"]["summary"]
