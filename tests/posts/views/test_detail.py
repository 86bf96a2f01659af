"""/@<handle>/<id>/: one published post, responsive media, social preview tags."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import MediaItem, Post
from tests.helpers.posts import (
    add_media,
    english,  # noqa: F401 (autouse fixture)
    jpeg_bytes,
    make_post,
    photo,
    queries_for,
    video,
)


def url(post):
    return reverse("posts:detail", args=[post.officer.handle, post.pk])


@pytest.fixture
def post(officer):
    post = make_post(officer, caption="Fahrradcodierung am Stiftsplatz #Fahrrad https://polizei.rlp.de/",
                     photos=0, place_name="Stiftsplatz")
    add_media(post, photo(data=jpeg_bytes(size=(1200, 900))), alt_text="Ein Fahrrad", position=0)
    add_media(post, photo(data=jpeg_bytes(size=(800, 600))), alt_text="Eine Gravur", position=1)
    return post


def test_it_shows_a_published_post_with_all_its_media(client, post):
    response = client.get(url(post))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<picture>") == 2
    assert 'alt="Ein Fahrrad"' in html and 'alt="Eine Gravur"' in html
    assert 'type="image/webp"' in html
    assert 'width="960" height="720"' in html  # no layout shift
    assert "Stiftsplatz" in html
    assert post.officer.display_name in html and post.officer.rank in html


def test_it_loads_only_the_first_picture_eagerly(client, post):
    html = client.get(url(post)).content.decode()
    images = re.findall(r"<img [^>]*>", html.split('class="post-media"')[1])
    assert 'loading="lazy"' not in images[0]
    assert 'loading="lazy"' in images[1]


def test_it_makes_links_and_hashtags_clickable_safely(client, post):
    html = client.get(url(post)).content.decode()
    assert '<a href="https://polizei.rlp.de/" rel="nofollow ugc noopener">' in html
    assert f'href="/@{post.officer.handle}/?tag=fahrrad"' in html


def test_it_has_open_graph_and_twitter_tags_with_absolute_urls(client, post, settings):
    settings.SITE_URL = "https://revier.example"
    html = client.get(url(post)).content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert image.startswith("https://revier.example/media/") and image.endswith(".jpg")
    assert client.get(image.removeprefix("https://revier.example")).status_code == 200
    assert '<meta property="og:image:alt" content="Ein Fahrrad">' in html
    assert f'<meta property="og:url" content="https://revier.example{url(post)}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_it_shows_a_video_that_loads_nothing_before_play(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    post = make_post(officer, photos=0)
    item = add_media(post, video(), kind=MediaItem.Kind.VIDEO, alt_text="Blaulichtfahrt")
    vtt = SimpleUploadedFile("s.vtt", b"WEBVTT\n")
    item.subtitles.save("s.vtt", vtt)
    html = client.get(url(post)).content.decode()
    assert 'preload="none"' in html
    assert f'poster="{item.poster_url}"' in html
    assert f'<source src="{item.video_url}" type="video/mp4">' in html
    assert f'<track kind="subtitles" src="{item.subtitles_url}" srclang="de"' in html
    assert client.get(item.subtitles_url)["Content-Type"].startswith("text/vtt")


@pytest.mark.parametrize("state", [s for s in Post.State if s != Post.State.PUBLISHED])
def test_it_hides_posts_that_are_not_published(client, officer, state):
    post = make_post(officer, state=state, published=False)
    assert client.get(url(post)).status_code == 404


def test_it_hides_a_post_scheduled_for_later(client, officer):
    post = make_post(officer)
    later = timezone.now() + timezone.timedelta(hours=1)
    Post.objects.filter(pk=post.pk).update(published_at=later)
    assert client.get(url(post)).status_code == 404


def test_it_hides_a_post_under_another_officers_handle(client, post, colleague):
    wrong = reverse("posts:detail", args=[colleague.handle, post.pk])
    assert client.get(wrong).status_code == 404


def test_it_keeps_posts_of_a_closed_channel_readable_if_chosen(client, post, press_officer):
    post.officer.deactivate(by=press_officer, posts_public=True)
    html = client.get(url(post)).content.decode()
    assert "Fahrradcodierung" in html
    assert f'href="/@{post.officer.handle}/"' not in html  # the channel itself is gone


def test_it_archives_posts_of_a_closed_channel_if_chosen(client, post, press_officer):
    post.officer.deactivate(by=press_officer, posts_public=False)
    assert client.get(url(post)).status_code == 404


def test_it_sets_no_cookie_for_anonymous_visitors(client, post):
    response = client.get(url(post))
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_it_runs_a_fixed_number_of_queries(client, officer, django_assert_num_queries):
    one = make_post(officer, photos=1)
    many = make_post(officer, photos=6)
    with django_assert_num_queries(queries_for(client, url(one))):
        client.get(url(many))
