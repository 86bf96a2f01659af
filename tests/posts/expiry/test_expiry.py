"""Posts that expire: an end date set in the studio or the admin, the periodic task that
takes the post off through the workflow, and the page that then answers 410."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from posts import workflow
from posts.models import Post, PostEvent
from posts.tasks import expire_due_posts
from tests.helpers.posts import english, make_post  # noqa: F401 (autouse fixture)

BERLIN = ZoneInfo("Europe/Berlin")
State = Post.State


@pytest.fixture
def appeal(officer):
    """A published search appeal that ends in an hour."""
    return make_post(officer, caption="Zeugen gesucht #Ostertor",
                     expires_at=timezone.now() + timedelta(hours=1))


def later(hours=2):
    return time_machine.travel(timezone.now() + timedelta(hours=hours), tick=False)


def test_the_periodic_task_is_listed():
    names = [name for name, _seconds in settings.PERIODIC_TASKS]
    assert "posts.tasks.expire_due_posts" in names
    assert import_string("posts.tasks.expire_due_posts") is expire_due_posts


def test_it_leaves_a_post_alone_before_its_end_date(appeal):
    assert workflow.expire_due() == 0
    appeal.refresh_from_db()
    assert appeal.state == State.PUBLISHED


def test_it_unpublishes_a_due_post_and_records_the_expiry(client, appeal):
    url = appeal.get_absolute_url()
    assert client.get(url).status_code == 200  # stored in the page cache

    with later():
        assert workflow.expire_due() == 1
        response = client.get(url)

    appeal.refresh_from_db()
    assert appeal.state == State.UNPUBLISHED
    event = appeal.events.get()
    assert event.action == PostEvent.Action.EXPIRED
    assert event.actor is None
    assert (event.from_state, event.to_state) == (State.PUBLISHED, State.UNPUBLISHED)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This post is no longer available" in html
    assert 'class="logo"' in html  # in the site's layout
    assert "Zeugen gesucht" not in html
    assert not response.cookies


def test_the_gone_page_is_german_for_german_readers(client, appeal, settings):
    settings.LANGUAGE_CODE = "de"
    with later():
        workflow.expire_due()
        response = client.get(appeal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 410
    assert "Dieser Beitrag ist nicht mehr verfügbar" in response.content.decode()


def test_a_post_withdrawn_by_the_press_office_stays_404(client, officer, press_officer):
    post = make_post(officer)
    workflow.unpublish(post, press_officer, "Falscher Ort")
    assert client.get(post.get_absolute_url()).status_code == 404


def test_it_expires_each_post_once_however_often_it_runs(appeal):
    with later():
        assert workflow.expire_due() == 1
        assert workflow.expire_due() == 0
        assert expire_due_posts.call() == 0
    assert appeal.events.filter(action=PostEvent.Action.EXPIRED).count() == 1


def test_a_claimed_post_is_not_expired_again_by_a_second_worker(appeal):
    """Two workers read the same due ids; the second's conditional update finds none."""
    with later():
        now = timezone.now()
        Post.objects.filter(pk=appeal.pk).update(state=State.UNPUBLISHED)  # the first won
        assert workflow.expire_due(now) == 0
    assert not appeal.events.exists()


def test_the_studio_shows_the_end_date(client, officer, appeal):
    client.force_login(officer.user)
    html = client.get(reverse("posts:studio")).content.decode()
    assert "Available until" in html


# --- setting the end date -------------------------------------------------------------


def test_the_officer_sets_an_end_date_in_the_studio(client, officer):
    draft = make_post(officer, published=False)
    client.force_login(officer.user)
    media = draft.media.get()
    response = client.post(reverse("posts:studio_edit", args=[draft.pk]), {
        "caption": draft.caption, f"alt_{media.pk}": media.alt_text,
        "expires_at": "2099-06-01T18:00",
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert timezone.localtime(draft.expires_at).replace(tzinfo=None) == datetime(
        2099, 6, 1, 18, 0)


def test_an_end_date_in_the_past_is_refused_and_nothing_is_saved(client, officer):
    draft = make_post(officer, published=False)
    client.force_login(officer.user)
    media = draft.media.get()
    response = client.post(reverse("posts:studio_edit", args=[draft.pk]), {
        "caption": "Geändert", f"alt_{media.pk}": media.alt_text,
        "expires_at": "2020-01-01T12:00",
    })
    assert response.status_code == 200
    assert "The end date must be in the future" in response.content.decode()
    draft.refresh_from_db()
    assert draft.caption != "Geändert"
    assert draft.expires_at is None


def admin_data(post, **overrides):
    media = list(post.media.all())
    data = {
        "caption": post.caption, "place_name": post.place_name,
        "media-TOTAL_FORMS": len(media), "media-INITIAL_FORMS": len(media),
        "media-MIN_NUM_FORMS": 0, "media-MAX_NUM_FORMS": 0, "_continue": "Save",
    }
    for i, item in enumerate(media):
        data[f"media-{i}-id"] = item.pk
        data[f"media-{i}-post"] = post.pk
        data[f"media-{i}-alt_text"] = item.alt_text
    data.update(overrides)
    return data


def test_the_press_office_sets_an_end_date_in_the_admin_and_it_is_recorded(
    client, officer, press_officer
):
    post = make_post(officer)
    client.force_login(press_officer)
    response = client.post(reverse("admin:posts_post_change", args=[post.pk]), admin_data(
        post, expires_at_0="2099-06-01", expires_at_1="18:00:00"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.expires_at is not None
    event = post.events.get(action=PostEvent.Action.EDITED)
    assert event.changes == [{"field": "expires_at", "old": "", "new": "2099-06-01 18:00"}]


def test_the_admin_refuses_a_past_end_date(client, officer, press_officer):
    post = make_post(officer)
    client.force_login(press_officer)
    response = client.post(reverse("admin:posts_post_change", args=[post.pk]), admin_data(
        post, caption="Geändert", expires_at_0="2020-01-01", expires_at_1="12:00:00"))
    assert response.status_code == 200
    assert "The end date must be in the future" in response.content.decode()
    post.refresh_from_db()
    assert post.caption != "Geändert"
    assert post.expires_at is None
    assert not post.events.exists()


def test_the_admin_lists_and_filters_expiring_posts(client, officer, press_officer, appeal):
    other = make_post(officer, caption="Ohne Ende")
    client.force_login(press_officer)
    url = reverse("admin:posts_post_changelist")
    html = client.get(url, {"ends": "upcoming", "review": "all"}).content.decode()
    assert f"/{appeal.pk}/change/" in html
    assert f"/{other.pk}/change/" not in html
    with later():
        workflow.expire_due()
        html = client.get(url, {"ends": "expired", "review": "all"}).content.decode()
    assert f"/{appeal.pk}/change/" in html
