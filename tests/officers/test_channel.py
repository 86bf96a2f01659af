"""/@<handle>/: the officer's public channel."""

import pytest
from django.test import override_settings
from django.urls import reverse

from officers.models import OfficerLink
from tests.helpers.posts import (
    english,  # noqa: F401 (autouse fixture)
    make_post,
    queries_for,
)


def url(officer, **query):
    from urllib.parse import urlencode

    return officer.get_absolute_url() + (f"?{urlencode(query)}" if query else "")


def test_it_shows_the_officer_and_the_published_posts_newest_first(client, officer, colleague):
    make_post(officer, caption="Erster Post")
    make_post(officer, caption="Zweiter Post")
    make_post(officer, caption="Entwurf", published=False)
    make_post(colleague, caption="Von Felix")
    OfficerLink.objects.create(officer=officer, label="Instagram",
                               url="https://www.instagram.com/polizei.kl/")
    response = client.get(url(officer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Isabel" in html and "Polizeikommissarin" in html and "Polizeiinspektion 2" in html
    assert "Polizeikommissarin in Kaiserslautern." in html
    assert html.index("Zweiter Post") < html.index("Erster Post")
    assert "Entwurf" not in html and "Von Felix" not in html
    assert '<a href="https://www.instagram.com/polizei.kl/" rel="me nofollow noopener">' in html
    assert "0 followers" in html
    assert response.cookies == {}


def test_it_shows_the_follower_count(client, officer):
    type(officer).objects.filter(pk=officer.pk).update(follower_count=2)
    assert "2 followers" in client.get(url(officer)).content.decode()


def link(html, rel):
    """The href of the pagination link with this rel, unescaped, or None."""
    import re
    from html import unescape

    match = re.search(rf'<a href="([^"]*)" rel="{rel}">', html)
    return unescape(match.group(1)) if match else None


@override_settings(PAGE_SIZE=2)
def test_it_paginates(client, officer):
    for i in range(5):
        make_post(officer, caption=f"Post Nummer {i}")
    first = client.get(url(officer)).content.decode()
    assert "Post Nummer 4" in first and "Post Nummer 2" not in first
    assert link(first, "prev") is None
    second = client.get(url(officer) + link(first, "next")).content.decode()
    assert "Post Nummer 2" in second and "Post Nummer 4" not in second
    last = client.get(url(officer) + link(second, "next")).content.decode()
    assert "Post Nummer 0" in last and "Post Nummer 4" not in last
    assert link(last, "next") is None
    back = client.get(url(officer) + link(last, "prev")).content.decode()
    assert "Post Nummer 2" in back and "Post Nummer 1" in back


@override_settings(PAGE_SIZE=1)
def test_it_filters_by_hashtag_and_keeps_the_tag_when_paging(client, officer):
    make_post(officer, caption="Heute #Hundestaffel")
    make_post(officer, caption="Nochmal #hundestaffel")
    make_post(officer, caption="Ohne Tag, #Hundestaffelübung ist ein anderer")
    html = client.get(url(officer, tag="Hundestaffel")).content.decode()
    assert "Posts tagged #hundestaffel" in html
    assert "Nochmal" in html
    older = link(html, "next")
    assert older.startswith("?tag=hundestaffel&before=")
    page2 = client.get(url(officer) + older).content.decode()
    assert "Heute" in page2 and "Nochmal" not in page2
    assert link(page2, "next") is None


def test_a_malformed_tag_is_404(client, officer):
    make_post(officer, caption="Streife")
    response = client.get(url(officer, tag="<script>"))
    assert response.status_code == 404
    assert "&lt;script&gt;" not in response.content.decode()


def test_it_shows_the_portrait(client, officer):
    officer.portrait_renditions = [
        {"width": 160, "height": 160, "format": "jpeg", "name": "r/aa/p160.jpg", "bytes": 1},
        {"width": 160, "height": 160, "format": "webp", "name": "r/aa/p160.webp", "bytes": 1},
    ]
    officer.save()
    html = client.get(url(officer)).content.decode()
    assert 'src="/media/r/aa/p160.jpg"' in html
    assert 'type="image/webp" srcset="/media/r/aa/p160.webp 160w"' in html


def test_it_is_404_for_an_unknown_handle(client, db):
    assert client.get("/@nobody_here/").status_code == 404


def test_it_is_404_for_a_closed_channel(client, officer, press_officer):
    make_post(officer)
    officer.deactivate(by=press_officer, posts_public=True)
    assert client.get(url(officer)).status_code == 404


@pytest.mark.parametrize("count", [1, 7])
def test_it_runs_a_fixed_number_of_queries(client, officer, django_assert_num_queries, count):
    make_post(officer)
    OfficerLink.objects.create(officer=officer, label="Mastodon", url="https://social.example/@kl")
    baseline = queries_for(client, url(officer))
    for _ in range(count):
        make_post(officer, photos=2)
    with django_assert_num_queries(baseline):
        client.get(url(officer))


def test_the_feed_link_is_announced(client, officer):
    html = client.get(url(officer)).content.decode()
    assert reverse("posts:channel_atom", args=[officer.handle]) in html
