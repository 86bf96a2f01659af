"""Published posts as Notes: caption HTML, hashtags, language, photos with alt text
(four, and a link for more), the video with its poster; nothing else exists."""

import pytest

from posts.models import MediaItem, Post
from tests.helpers.review import make_post

AP = "application/activity+json"


def add_item(post, kind=MediaItem.Kind.PHOTO, n=0, **fields):
    renditions = [{"width": 960, "height": 720, "format": "jpeg", "name": f"r/{post.pk}/{n}.jpg"},
                  {"width": 960, "height": 720, "format": "webp", "name": f"r/{post.pk}/{n}.webp"}]
    return MediaItem.objects.create(
        post=post, kind=kind, position=n, status=MediaItem.Status.READY,
        alt_text=f"Bild {n + 1}: ein Streifenwagen", renditions=renditions, **fields)


def published(officer, photos=1, caption="Kontrolle in der #Altstadt, siehe https://polizei.example/x"):
    post = make_post(officer, caption=caption, media=0, state=Post.State.PUBLISHED)
    post.published_at = post.created_at
    post.save()
    for n in range(photos):
        add_item(post, n=n)
    return post


def note(client, post):
    response = client.get(f"/@{post.officer.handle}/{post.pk}/", HTTP_ACCEPT=AP)
    assert response.status_code == 200
    return response.json()


def test_it_answers_a_published_post_as_a_note(client, officer):
    post = published(officer)
    data = note(client, post)
    assert data["type"] == "Note"
    assert data["id"] == data["url"] == f"http://testserver/@isabel_polizeikl/{post.pk}/"
    assert data["attributedTo"] == "http://testserver/@isabel_polizeikl/"
    assert data["to"] == ["https://www.w3.org/ns/activitystreams#Public"]
    assert data["sensitive"] is False
    assert data["contentMap"] == {"de": data["content"]}
    assert 'href="https://polizei.example/x"' in data["content"]
    assert 'href="http://testserver/@isabel_polizeikl/?tag=altstadt"' in data["content"]
    assert data["tag"] == [{"type": "Hashtag", "name": "#altstadt",
                            "href": "http://testserver/@isabel_polizeikl/?tag=altstadt"}]
    assert data["published"]
    assert "updated" not in data


def test_it_escapes_the_caption(client, officer):
    data = note(client, published(officer, caption='<script>alert("x")</script> & mehr'))
    assert "<script>" not in data["content"]
    assert "&lt;script&gt;" in data["content"]


def test_it_attaches_photos_with_their_alt_text(client, officer):
    data = note(client, published(officer, photos=2))
    assert [(a["type"], a["mediaType"], a["name"]) for a in data["attachment"]] == [
        ("Image", "image/jpeg", "Bild 1: ein Streifenwagen"),
        ("Image", "image/jpeg", "Bild 2: ein Streifenwagen"),
    ]
    assert data["attachment"][0]["url"].startswith("http://testserver/media/r/")
    assert data["attachment"][0]["width"] == 960


def test_it_links_to_the_post_for_more_than_four_photos(client, officer):
    post = published(officer, photos=6)
    data = note(client, post)
    assert len(data["attachment"]) == 4
    assert f'href="http://testserver/@isabel_polizeikl/{post.pk}/">All 6 photos' in \
        data["content"] or "Alle 6 Fotos" in data["content"]


def test_it_attaches_the_video_with_its_poster(client, officer):
    post = published(officer, photos=0)
    add_item(post, kind=MediaItem.Kind.VIDEO, video="v/clip.mp4", poster="v/clip.jpg",
             width=640, height=360)
    data = note(client, post)
    video = data["attachment"][0]
    assert video["type"] == "Video"
    assert video["mediaType"] == "video/mp4"
    assert video["url"] == "http://testserver/media/v/clip.mp4"
    assert video["icon"]["url"] == "http://testserver/media/v/clip.jpg"


@pytest.mark.parametrize("state", [Post.State.DRAFT, Post.State.SUBMITTED,
                                   Post.State.REJECTED, Post.State.APPROVED])
def test_it_knows_no_post_that_was_never_published(client, officer, state):
    post = make_post(officer, state=state)
    response = client.get(f"/@isabel_polizeikl/{post.pk}/", HTTP_ACCEPT=AP)
    assert response.status_code == 404


def test_it_answers_a_withdrawn_post_as_gone(client, officer):
    post = published(officer)
    Post.objects.filter(pk=post.pk).update(state=Post.State.UNPUBLISHED)
    response = client.get(f"/@isabel_polizeikl/{post.pk}/", HTTP_ACCEPT=AP)
    assert response.status_code == 410
    assert response.json()["type"] == "Tombstone"


def test_it_answers_a_post_of_another_channel_404(client, officer, colleague):
    post = published(officer)
    assert client.get(f"/@felix_polizeikl/{post.pk}/", HTTP_ACCEPT=AP).status_code == 404


def test_the_outbox_lists_published_posts(client, officer):
    published(officer)
    make_post(officer, state=Post.State.DRAFT)
    outbox = client.get("/federation/isabel_polizeikl/outbox").json()
    assert outbox["totalItems"] == 1
    assert outbox["orderedItems"][0]["type"] == "Create"
    authority = client.get("/federation/polizei/outbox").json()
    assert authority["orderedItems"][0]["type"] == "Announce"


def test_the_follower_collection_counts_and_names_nobody(client, officer, remote):
    remote.post(client, "/federation/inbox", remote.follow())
    followers = client.get("/federation/isabel_polizeikl/followers").json()
    assert followers["totalItems"] == 1
    assert "orderedItems" not in followers and "items" not in followers


def test_authorized_fetch_wants_a_signature_but_not_for_the_actor(
        client, officer, remote, settings):
    settings.FEDERATION_AUTHORIZED_FETCH = True
    post = published(officer)
    url = f"/@isabel_polizeikl/{post.pk}/"
    assert client.get(url, HTTP_ACCEPT=AP).status_code == 401
    assert client.get("/@isabel_polizeikl/", HTTP_ACCEPT=AP).status_code == 200
    from federation import signatures

    headers = signatures.sign(remote, "get", f"http://testserver{url}")
    headers.pop("Host")
    assert client.get(url, headers=headers).status_code == 200
