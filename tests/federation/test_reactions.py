"""Likes and boosts from other servers: counted once per account and post, taken back
by their Undo, forgotten with the account; their own number in the pilot figures,
never in the citizens' likes. Forged ones change nothing."""

import csv
import io
import re

from django.utils import timezone

from metrics.models import DailySnapshot
from metrics.snapshots import take
from posts.models import FediverseReaction
from tests.federation.conftest import Remote
from tests.helpers.posts import make_post

SHARED = "/federation/inbox"


def note_uri(post):
    return f"http://testserver/@{post.officer.handle}/{post.pk}/"


def like(remote, post, n=1):
    return {"@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{remote.uri}#likes/{n}", "type": "Like", "actor": remote.uri,
            "object": note_uri(post)}


def boost(remote, post, n=1):
    return {"@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{remote.uri}/statuses/{n}/activity", "type": "Announce",
            "actor": remote.uri, "object": note_uri(post),
            "to": ["https://www.w3.org/ns/activitystreams#Public"]}


def undo(remote, activity, n=1):
    return {"id": f"{remote.uri}#undo/{n}", "type": "Undo", "actor": remote.uri,
            "object": activity}


def counts(post):
    post.refresh_from_db()
    return post.fediverse_interaction_count, post.like_count


def test_it_counts_a_like_and_a_boost(client, officer, remote, other_remote):
    post = make_post(officer, photos=0)
    assert remote.post(client, SHARED, like(remote, post)).status_code == 202
    assert remote.post(client, SHARED, boost(remote, post)).status_code == 202
    assert other_remote.post(client, SHARED, like(other_remote, post)).status_code == 202
    assert counts(post) == (3, 0)
    assert set(FediverseReaction.objects.values_list("actor_uri", "kind")) == {
        (remote.uri, "boost"), (remote.uri, "like"), (other_remote.uri, "like")}


def test_it_counts_a_replayed_or_repeated_like_once(client, officer, remote):
    post = make_post(officer, photos=0)
    activity = like(remote, post)
    remote.post(client, SHARED, activity)
    assert remote.post(client, SHARED, activity).status_code == 202  # the same request
    remote.post(client, SHARED, like(remote, post, n=2))  # a new id, the same like
    assert counts(post) == (1, 0)
    assert FediverseReaction.objects.count() == 1


def test_it_undoes_a_like_and_a_boost(client, officer, remote):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, like(remote, post))
    remote.post(client, SHARED, boost(remote, post))
    assert remote.post(client, SHARED, undo(remote, like(remote, post))).status_code == 202
    assert counts(post) == (1, 0)
    # Mastodon names the boost by its id only.
    remote.post(client, SHARED, undo(remote, boost(remote, post)["id"], n=2))
    assert counts(post) == (0, 0)
    assert not FediverseReaction.objects.exists()


def test_an_undo_of_something_never_received_changes_nothing(client, officer, remote,
                                                              other_remote):
    post = make_post(officer, photos=0)
    other_remote.post(client, SHARED, like(other_remote, post))
    assert remote.post(client, SHARED, undo(remote, like(remote, post))).status_code == 202
    remote.post(client, SHARED, undo(remote, f"{remote.uri}#likes/9", n=2))
    # Bert's like, named by anna: only bert may take it back.
    remote.post(client, SHARED, undo(remote, like(other_remote, post)["id"], n=3))
    assert counts(post) == (1, 0)


def test_it_drops_likes_of_posts_that_are_not_public(client, officer, remote):
    draft = make_post(officer, photos=0, published=False)
    response = remote.post(client, SHARED, like(remote, draft))
    assert response.status_code == 202
    unknown = {**like(remote, draft, n=2), "object": "http://testserver/@nobody/999/"}
    assert remote.post(client, SHARED, unknown).status_code == 202
    elsewhere = {**boost(remote, draft), "object": "https://social.example/statuses/1"}
    assert remote.post(client, SHARED, elsewhere).status_code == 202
    assert counts(draft) == (0, 0)
    assert not FediverseReaction.objects.exists()


def test_a_forged_like_changes_nothing(client, officer, remote, other_remote):
    post = make_post(officer, photos=0)
    forger = Remote("anna", host="social.example")
    forger.__dict__["private_key"] = Remote("mallory", host="evil.example").private_key
    assert remote.post(client, SHARED, like(remote, post), sign_as=forger).status_code == 401
    # Signed by bert, claiming to be anna's.
    assert other_remote.post(client, SHARED, boost(remote, post)).status_code == 401
    assert counts(post) == (0, 0)
    assert not FediverseReaction.objects.exists()


def test_a_forged_undo_changes_nothing(client, officer, remote, other_remote):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, like(remote, post))
    response = other_remote.post(client, SHARED, undo(remote, like(remote, post)))
    assert response.status_code == 401
    assert counts(post) == (1, 0)


def test_an_account_deleting_itself_takes_its_likes_and_boosts(client, officer, remote,
                                                              other_remote):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, like(remote, post))
    remote.post(client, SHARED, boost(remote, post))
    other_remote.post(client, SHARED, like(other_remote, post))
    gone = {"id": f"{remote.uri}#delete", "type": "Delete", "actor": remote.uri,
            "object": remote.uri}
    assert remote.post(client, SHARED, gone).status_code == 202
    assert counts(post) == (1, 0)
    assert list(FediverseReaction.objects.values_list("actor_uri", flat=True)) == [
        other_remote.uri]


def test_fediverse_interactions_are_their_own_number_in_the_figures(
        client, officer, remote, other_remote, citizen, press_officer):
    post = make_post(officer, photos=0)
    remote.post(client, SHARED, like(remote, post))
    remote.post(client, SHARED, boost(remote, post))
    other_remote.post(client, SHARED, like(other_remote, post))
    client.force_login(citizen)
    assert client.post(f"/@{officer.handle}/{post.pk}/like/").status_code in (200, 302)
    client.logout()
    assert counts(post) == (3, 1)

    today = timezone.localdate()
    take(today)
    snapshot = DailySnapshot.objects.get(date=today, officer=officer)
    assert (snapshot.fediverse_interactions, snapshot.likes) == (3, 1)

    client.force_login(press_officer)
    page = client.get("/admin/metrics/pilotfigures/", {"period": "7"}).content.decode()
    assert "<th scope=\"col\">Fediverse interactions</th>" in page
    row_html = page.split(f'data-officer="{officer.handle}"')[1].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", row_html)
    table = page.split('data-officer="')[0].rsplit("<table", 1)[1]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)[1:]  # after the name
    assert cells[-1] == "3" and headers[-1] == "Fediverse interactions"
    assert cells[headers.index("Likes")] == "1"  # the citizens' likes, apart
    response = client.get("/admin/metrics/pilotfigures/export.csv", {"period": "7"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0])[-1] == "fediverse_interactions"
    [row] = [r for r in rows if r["date"] == today.isoformat()
             and r["officer"] == officer.handle]
    assert (row["fediverse_interactions"], row["likes"]) == ("3", "1")


def test_the_figures_say_it_in_german(client, officer, press_officer, settings):
    settings.LANGUAGE_CODE = "de"
    take(timezone.localdate())
    client.force_login(press_officer)
    page = client.get("/admin/metrics/pilotfigures/", {"period": "7"},
                      headers={"accept-language": "de"}).content.decode()
    assert "Fediverse-Interaktionen" in page
