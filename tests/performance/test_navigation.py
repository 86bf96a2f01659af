"""The parts of every page that come from the cache: the officer navigation (a cached
fragment) and the studio link (from a cached list of who runs a channel)."""

from django.urls import reverse

from officers.models import Officer

from .conftest import html

STUDIO_LINK = f'<a href="{reverse("posts:studio")}">Studio</a>'


def test_the_studio_link_shows_to_officers_only(client, officer, citizen):
    client.force_login(officer.user)
    assert STUDIO_LINK in html(client, "/feed/")
    client.force_login(citizen)
    assert STUDIO_LINK not in html(client, "/feed/")


def test_an_officer_whose_channel_closes_loses_the_studio_link_at_once(client, officer,
                                                                       press_officer):
    client.force_login(officer.user)
    assert STUDIO_LINK in html(client, "/feed/")
    officer.deactivate(by=press_officer, posts_public=True)
    assert STUDIO_LINK not in html(client, "/feed/")


def test_a_new_channel_shows_in_the_navigation_at_once(client, officer, station, citizen):
    client.force_login(citizen)
    assert "@neue_kollegin" not in html(client, "/feed/")
    Officer.objects.create(handle="neue_kollegin", display_name="Neu", station=station)
    page = html(client, "/feed/")
    assert '<li><a href="/@neue_kollegin/">@neue_kollegin</a></li>' in page
