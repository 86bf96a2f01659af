"""Pages that list posts: the home page and the Atom feeds (the channel page is in
tests/officers). Each runs a fixed number of queries whatever the number of posts."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from posts.models import MediaItem, Post
from tests.helpers.posts import (
    add_media,
    english,  # noqa: F401 (autouse fixture)
    make_post,
    queries_for,
    video,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def test_home_shows_published_posts_newest_first_and_the_officers(client, officer, colleague):
    older = make_post(officer, caption="Streife in der Altstadt")
    newer = make_post(colleague, caption="Verkehrskontrolle am Messeplatz")
    make_post(officer, caption="Geheimer Entwurf", published=False)
    html = client.get("/").content.decode()
    assert html.index("Verkehrskontrolle") < html.index("Streife in der Altstadt")
    assert "Geheimer Entwurf" not in html
    assert older.get_absolute_url() in html and newer.get_absolute_url() in html
    assert "Polizeikommissarin" in html  # the officer list
    assert response_sets_no_cookie(client, "/")


def response_sets_no_cookie(client, path):
    return client.get(path).cookies == {}


def test_home_marks_videos_and_photo_series(client, officer):
    make_post(officer, photos=3)
    post = make_post(officer, photos=0)
    add_media(post, video(), kind=MediaItem.Kind.VIDEO, alt_text="")
    html = client.get("/").content.decode()
    assert "3 photos" in html
    assert '<span class="badge">Video</span>' in html


def test_home_runs_a_fixed_number_of_queries(client, officer, colleague,
                                              django_assert_num_queries):
    make_post(officer)
    baseline = queries_for(client, "/")
    for i in range(6):
        make_post(colleague if i % 2 else officer, photos=2)
    with django_assert_num_queries(baseline):
        client.get("/")


def parse(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own feed)


def test_the_feed_lists_published_posts_with_absolute_links_and_enclosures(
    client, officer, settings
):
    settings.SITE_URL = "https://revier.example"
    post = make_post(officer, caption="Tag der offenen Tür #PI2", photos=2)
    make_post(officer, caption="Entwurf", published=False)
    feed = parse(client.get(reverse("posts:atom")))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    links = {link.get("rel", "alternate"): link for link in entry.findall(f"{ATOM}link")}
    assert links["alternate"].get("href") == f"https://revier.example{post.get_absolute_url()}"
    enclosures = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    assert len(enclosures) == 2
    for enclosure in enclosures:
        assert enclosure.get("type") == "image/jpeg"
        assert enclosure.get("href").startswith("https://revier.example/media/")
        assert int(enclosure.get("length")) > 0
    summary = entry.find(f"{ATOM}summary").text
    assert "Tag der offenen Tür" in summary and '<img src="https://revier.example/media/' in summary


def test_the_feed_carries_a_video_as_enclosure(client, officer):
    post = make_post(officer, photos=0)
    add_media(post, video(), kind=MediaItem.Kind.VIDEO, alt_text="")
    feed = parse(client.get(reverse("posts:atom")))
    enclosure = next(link for link in feed.iter(f"{ATOM}link") if link.get("rel") == "enclosure")
    assert enclosure.get("type") == "video/mp4"


def test_the_channel_feed_lists_only_that_channel(client, officer, colleague):
    make_post(officer, caption="Isabels Streife")
    make_post(colleague, caption="Felix' Streife")
    feed = parse(client.get(reverse("posts:channel_atom", args=[officer.handle])))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Isabel: Isabels Streife"]


def test_the_channel_feed_of_a_closed_channel_is_gone(client, officer, press_officer):
    officer.deactivate(by=press_officer, posts_public=True)
    assert client.get(reverse("posts:channel_atom", args=[officer.handle])).status_code == 404


@pytest.mark.parametrize("name", ["posts:atom", "posts:channel_atom"])
def test_the_feeds_run_a_fixed_number_of_queries(client, officer, name,
                                                 django_assert_num_queries):
    args = [officer.handle] if name == "posts:channel_atom" else []
    make_post(officer)
    baseline = queries_for(client, reverse(name, args=args))
    for _ in range(5):
        make_post(officer, photos=2)
    with django_assert_num_queries(baseline):
        client.get(reverse(name, args=args))


def test_posts_stay_out_of_lists_when_their_channel_is_archived(client, officer, press_officer):
    make_post(officer, caption="Archiviert")
    officer.deactivate(by=press_officer, posts_public=False)
    assert "Archiviert" not in client.get("/").content.decode()
    assert not Post.objects.published().exists()
