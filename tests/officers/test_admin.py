"""The press office keeps stations and channels in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from officers.models import ChannelEvent, Officer
from portal.media.processing import strip_check
from portal.roles import OFFICERS
from tests.conftest import make_user
from tests.helpers.posts import (
    english,  # noqa: F401 (autouse fixture)
    files_under,
    jpeg_bytes,
    served,
)

CHANGELIST = reverse("admin:officers_officer_changelist")


@pytest.fixture
def admin_client(client, press_officer):
    client.force_login(press_officer)
    return client


def change_url(officer):
    return reverse("admin:officers_officer_change", args=[officer.pk])


def form_data(officer, **changes):
    data = {
        "handle": officer.handle, "display_name": officer.display_name, "rank": officer.rank,
        "station": officer.station.pk, "bio": officer.bio,
        "posts_public_when_inactive": "on",
        "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_the_press_office_sees_the_channels(admin_client, officer, colleague):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "isabel_polizeikl" in response.content.decode()
    assert admin_client.get(change_url(officer)).status_code == 200
    assert admin_client.get(reverse("admin:officers_station_changelist")).status_code == 200


@pytest.mark.parametrize("persona", ["officer", "citizen"])
def test_others_have_no_admin(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    response = client.get(CHANGELIST)
    assert response.status_code == 403  # a clear page, not the admin's login


def test_deactivating_from_the_list_is_recorded(admin_client, officer, press_officer):
    response = admin_client.post(CHANGELIST, {
        "action": "deactivate_archive_posts", "_selected_action": [officer.pk],
    }, follow=True)
    assert "1 channel deactivated." in response.content.decode()
    officer.refresh_from_db()
    assert not officer.is_active and not officer.posts_public_when_inactive
    assert officer.events.get().actor == press_officer


def test_the_list_actions_count_channels_in_words(admin_client, officer, colleague):
    """A real plural, not "channel(s)": German needs "Kanal"/"Kanäle"."""
    both = [officer.pk, colleague.pk]
    response = admin_client.post(CHANGELIST, {
        "action": "deactivate_keep_posts", "_selected_action": both}, follow=True)
    assert "2 channels deactivated." in response.content.decode()
    response = admin_client.post(CHANGELIST, {
        "action": "reactivate", "_selected_action": [officer.pk]}, follow=True)
    assert "1 channel reactivated." in response.content.decode()
    response = admin_client.post(CHANGELIST, {
        "action": "reactivate", "_selected_action": [colleague.pk]}, follow=True)
    assert "1 channel reactivated." in response.content.decode()


def test_the_change_form_cannot_move_or_reopen_a_channel_unrecorded(
    admin_client, officer, colleague
):
    response = admin_client.post(change_url(officer), form_data(
        officer, user=colleague.user.pk, is_active="", display_name="Isabel K."))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.display_name == "Isabel K."
    assert officer.user.email == "isabel@polizei.example" and officer.is_active


def test_handing_over_in_the_admin(admin_client, officer, press_officer):
    successor = make_user("nina@polizei.example", group=OFFICERS)
    url = reverse("admin:officers_officer_handover", args=[officer.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "nina@polizei.example" in page.content.decode()
    response = admin_client.post(url, {"to_user": successor.pk, "display_name": "Nina",
                                       "note": "Nachfolge"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.user == successor and officer.display_name == "Nina"
    assert officer.events.get().kind == ChannelEvent.Kind.HANDED_OVER
    assert "Nachfolge" in admin_client.get(change_url(officer)).content.decode()


def test_handing_over_refuses_someone_who_is_no_officer(admin_client, officer, citizen):
    url = reverse("admin:officers_officer_handover", args=[officer.pk])
    response = admin_client.post(url, {"to_user": citizen.pk})
    assert response.status_code == 200
    assert Officer.objects.get(pk=officer.pk).user == officer.user


def test_a_portrait_is_kept_private_and_served_as_clean_renditions(
    admin_client, officer, settings, django_capture_on_commit_callbacks, client
):
    upload = SimpleUploadedFile("isabel.jpg", jpeg_bytes(size=(800, 800), gps=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(officer), form_data(officer, portrait=upload))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [officer.portrait.name]
    assert "isabel" not in officer.portrait.name
    assert {r["width"] for r in officer.portrait_renditions} == {160, 320, 640}
    client.logout()
    for entry in officer.portrait_renditions:
        assert strip_check(served(client, f"/media/{entry['name']}")) == {}
    html = client.get(officer.get_absolute_url()).content.decode()
    assert officer.portrait_thumb["url"] in html


def test_replacing_and_removing_a_portrait_leaves_no_old_files(
    admin_client, officer, settings, django_capture_on_commit_callbacks
):
    for size in [(400, 400), (500, 500)]:
        upload = SimpleUploadedFile("p.jpg", jpeg_bytes(size=size))
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(change_url(officer), form_data(officer, portrait=upload))
    officer.refresh_from_db()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [officer.portrait.name]
    assert sorted(files_under(settings.MEDIA_ROOT)) == sorted(
        r["name"] for r in officer.portrait_renditions)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(change_url(officer), form_data(officer, remove_portrait="on"))
    officer.refresh_from_db()
    assert not officer.portrait and officer.portrait_renditions == []
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_bad_portrait_is_refused_with_a_message(admin_client, officer, settings):
    upload = SimpleUploadedFile("p.jpg", b"<html>not a photo</html>")
    response = admin_client.post(change_url(officer), form_data(officer, portrait=upload))
    assert response.status_code == 200
    assert "not supported" in response.content.decode()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []


def test_the_press_office_edits_links_and_only_http_ones(admin_client, officer):
    data = form_data(officer, **{
        "links-TOTAL_FORMS": "2", "links-0-label": "Instagram",
        "links-0-url": "https://instagram.com/polizei.kl", "links-0-position": "0",
        "links-1-label": "Böse", "links-1-url": "javascript:alert(1)", "links-1-position": "1",
    })
    response = admin_client.post(change_url(officer), data)
    assert response.status_code == 200  # the bad link is refused, nothing saved
    assert not officer.links.exists()
    data["links-TOTAL_FORMS"] = "1"
    assert admin_client.post(change_url(officer), data).status_code == 302
    assert officer.links.get().url == "https://instagram.com/polizei.kl"


def test_the_list_actions_count_channels_in_german(admin_client, officer, colleague):
    both = [officer.pk, colleague.pk]
    response = admin_client.post(CHANGELIST, {
        "action": "deactivate_keep_posts", "_selected_action": both},
        follow=True, HTTP_ACCEPT_LANGUAGE="de")
    assert "2 Kanäle deaktiviert." in response.content.decode()
