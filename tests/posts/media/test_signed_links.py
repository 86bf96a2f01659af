"""Unpublished media in the studio and the admin: short-lived links signed for one
person (posts.media_links), answered at /studio/media/<token> only for that person,
while valid, while they may see the post. Everyone and everything else gets a 404."""

import re

import pytest
import time_machine
from django.core.files.storage import storages
from django.utils import timezone

from portal.media.serving import links_for
from posts import media_links, workflow
from posts.models import Post
from tests.helpers.posts import add_media, english, make_post, photo  # noqa: F401

LINK = re.compile(r'/studio/media/[^"\s,]+')


@pytest.fixture
def draft(officer):
    post = Post.objects.create(officer=officer, author=officer.user, caption="Entwurf")
    add_media(post, photo())
    return post


@pytest.fixture
def submitted(officer, draft):
    workflow.submit(draft, officer.user)
    return draft


def links(html):
    return sorted(set(LINK.findall(html)))


def fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_the_studio_shows_a_draft_through_links_for_its_officer(client, officer, draft):
    client.force_login(officer.user)
    for page in ("/studio/", f"/studio/posts/{draft.pk}/edit/"):
        html = client.get(page).content.decode()
        found = links(html)
        assert found, page
        assert "/media/r/" not in html  # no public URL of the draft
        for url in found:
            response, body = fetch(client, url)
            assert response.status_code == 200
            assert response["Content-Type"].startswith("image/")
            name = media_links.unsign(url.rsplit("/", 1)[1])[1]
            with storages["private"].open(name) as f:
                assert body == f.read()
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response["Cache-Control"]
            assert "public" not in response["Cache-Control"]


def test_the_press_office_reviews_through_links_of_its_own(client, press_officer, submitted):
    client.force_login(press_officer)
    html = client.get(f"/admin/posts/post/{submitted.pk}/change/").content.decode()
    found = links(html)
    assert found and "/media/r/" not in html
    assert all(fetch(client, url)[0].status_code == 200 for url in found)
    listing = client.get("/admin/posts/post/").content.decode()
    assert links(listing)  # the queue's thumbnails


def test_a_link_answers_no_one_else(client, officer, colleague, citizen, press_officer,
                                    submitted):
    item = submitted.media.get()
    name = item.file_names()[0]
    owners = media_links.signed_url(item, name, officer.user)
    client.force_login(officer.user)
    assert client.get(owners).status_code == 200
    for other in (colleague.user, citizen, press_officer):
        client.force_login(other)
        assert client.get(owners).status_code == 404, other
    client.logout()
    anonymous = client.get(owners)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_another_officer_gets_no_link_of_their_own_either(client, colleague, submitted):
    item = submitted.media.get()
    with links_for(colleague.user):
        assert item.fallback is None and item.preview_url == ""
    forged_for_them = media_links.signed_url(item, item.file_names()[0], colleague.user)
    client.force_login(colleague.user)
    assert client.get(forged_for_them).status_code == 404  # checked at the door


@pytest.mark.parametrize("token", [
    "x", "eyJtIjoxfQ:1tAbCd:forged", ".eJyrVspVslIqLU4tUqoFAC0cBWY:1tAbCd:x", "%2e%2e",
])
def test_a_forged_or_malformed_token_is_a_404(client, officer, draft, token):
    client.force_login(officer.user)
    assert client.get(f"/studio/media/{token}").status_code == 404


def test_a_link_expires_after_an_hour(client, officer, draft, settings):
    item = draft.media.get()
    url = media_links.signed_url(item, item.file_names()[0], officer.user)
    client.force_login(officer.user)
    assert client.get(url).status_code == 200
    later = timezone.now() + timezone.timedelta(seconds=settings.PRIVATE_MEDIA_LINK_SECONDS + 5)
    with time_machine.travel(later):
        client.force_login(officer.user)
        assert client.get(url).status_code == 404


def test_a_link_to_a_replaced_or_deleted_file_is_a_404(client, officer, draft):
    item = draft.media.get()
    url = media_links.signed_url(item, item.file_names()[0], officer.user)
    client.force_login(officer.user)
    item.delete()
    assert client.get(url).status_code == 404


def test_a_link_follows_the_files_when_they_go_public(client, officer, press_officer):
    post = make_post(officer, photos=1)
    item = post.media.get()
    url = media_links.signed_url(item, item.file_names()[0], officer.user)
    client.force_login(officer.user)
    assert client.get(url).status_code == 200  # served from the public store
    with links_for(officer.user):
        assert item.fallback["url"].startswith("/media/")  # published: the public URL


def test_no_public_page_carries_a_signed_link(client, officer, press_officer):
    post = make_post(officer, photos=2)
    first = post.media.first()
    first.take_offline(press_officer)
    client.force_login(officer.user)
    for page in (post.get_absolute_url(), "/", f"/@{officer.handle}/"):
        assert not links(client.get(page).content.decode()), page


def test_a_link_answers_byte_ranges_as_a_phone_playing_a_video_asks(
        client, officer, citizen, draft):
    item = draft.media.get()
    name = item.file_names()[0]
    with storages["private"].open(name) as f:
        data = f.read()
    url = media_links.signed_url(item, name, officer.user)
    client.force_login(officer.user)
    first = client.get(url, HTTP_RANGE="bytes=0-9")
    assert first.status_code == 206 and first.content == data[:10]
    assert first["Content-Range"] == f"bytes 0-9/{len(data)}"
    last = client.get(url, HTTP_RANGE="bytes=-5")
    assert last.status_code == 206 and last.content == data[-5:]
    rest = client.get(url, HTTP_RANGE="bytes=10-")
    assert rest.status_code == 206 and rest.content == data[10:]
    for unsatisfiable in (f"bytes={len(data)}-", "bytes=5-2", "items=0-1", "bytes=0-1,4-5"):
        whole = client.get(url, HTTP_RANGE=unsatisfiable)
        assert whole.status_code == 200, unsatisfiable
        assert b"".join(whole.streaming_content) == data
    client.force_login(citizen)
    assert client.get(url, HTTP_RANGE="bytes=0-9").status_code == 404
