"""The channel belongs to the police: closing, reopening and handing over are recorded."""

import pytest
from django.core.exceptions import ValidationError

from officers.models import ChannelEvent, Officer, OfficerLink
from portal.roles import OFFICERS
from posts.models import Post
from tests.conftest import make_user
from tests.helpers.posts import make_post


@pytest.fixture
def successor(db):
    return make_user("nina@polizei.example", group=OFFICERS, display_name="Nina")


def test_deactivating_records_who_when_and_the_choice(officer, press_officer):
    officer.deactivate(by=press_officer, posts_public=False, note="Versetzt")
    officer.refresh_from_db()
    assert not officer.is_active and not officer.posts_public_when_inactive
    event = officer.events.get()
    assert (event.kind, event.actor, event.from_user, event.posts_public, event.note) == (
        ChannelEvent.Kind.DEACTIVATED, press_officer, officer.user, False, "Versetzt")
    assert event.created_at


def test_deactivating_twice_is_refused(officer, press_officer):
    officer.deactivate(by=press_officer, posts_public=True)
    with pytest.raises(ValidationError):
        officer.deactivate(by=press_officer, posts_public=True)
    assert officer.events.count() == 1


def test_reactivating_is_recorded(officer, press_officer):
    officer.deactivate(by=press_officer, posts_public=True)
    officer.reactivate(by=press_officer)
    assert Officer.objects.get(pk=officer.pk).is_active
    assert [e.kind for e in officer.events.all()] == ["reactivated", "deactivated"]


def test_handing_over_moves_the_channel_with_its_posts(officer, press_officer, successor):
    post = make_post(officer)
    previous = officer.user
    officer.hand_over(to_user=successor, by=press_officer, display_name="Nina",
                      rank="Polizeioberkommissarin", note="Nachfolge")
    officer.refresh_from_db()
    assert officer.user == successor and officer.display_name == "Nina"
    assert officer.rank == "Polizeioberkommissarin" and officer.handle == "isabel_polizeikl"
    assert Post.objects.get(pk=post.pk).officer == officer
    event = officer.events.get()
    assert (event.kind, event.from_user, event.to_user, event.actor) == (
        ChannelEvent.Kind.HANDED_OVER, previous, successor, press_officer)
    assert Officer.objects.run_by(previous) is None
    assert Officer.objects.run_by(successor) == officer


def test_handing_over_to_someone_outside_the_officers_group_is_refused(
    officer, press_officer, citizen
):
    with pytest.raises(ValidationError):
        officer.hand_over(to_user=citizen, by=press_officer)
    assert Officer.objects.get(pk=officer.pk).user == officer.user
    assert not officer.events.exists()


def test_handing_over_to_an_officer_with_a_channel_is_refused(officer, colleague, press_officer):
    with pytest.raises(ValidationError):
        officer.hand_over(to_user=colleague.user, by=press_officer)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/", "data:text/html,x"])
def test_links_must_be_http_or_https(officer, url):
    link = OfficerLink(officer=officer, label="X", url=url)
    with pytest.raises(ValidationError):
        link.full_clean()


def test_run_by_finds_only_an_active_channel(officer, press_officer, citizen):
    from django.contrib.auth.models import AnonymousUser

    assert Officer.objects.run_by(officer.user) == officer
    assert Officer.objects.run_by(citizen) is None
    assert Officer.objects.run_by(AnonymousUser()) is None
    officer.deactivate(by=press_officer, posts_public=True)
    assert Officer.objects.run_by(officer.user) is None
