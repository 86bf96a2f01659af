"""The push section of the account settings: subscribe, unsubscribe, remove a device,
choose the kinds. Bad input gets a clear message and changes nothing."""

import json

import pytest
from django.test import Client

from portal.push.kinds import Kind
from portal.push.models import MAX_DEVICES, PushChoice, PushSubscription
from tests.conftest import make_user

SUBSCRIBE = "/accounts/push/subscribe/"
SETTINGS = "/accounts/profile/"


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def subscription_json(push_service):
    from portal.push import keys

    sent = push_service.subscribe(keys.application_server_key())
    return {"endpoint": sent["endpoint"], "keys": sent["keys"]}


def test_it_keeps_the_device_with_its_browser_and_language(device, citizen):
    row = device["row"]
    assert row.user == citizen
    assert (row.device, row.language) == ("Chrome · Android", "en")
    assert row.p256dh == device["keys"]["p256dh"] and row.auth == device["keys"]["auth"]


def test_the_same_browser_again_updates_its_device(client, citizen, push):
    client.force_login(citizen)
    data = subscription_json(push)
    post_json(client, SUBSCRIBE, data)
    assert post_json(client, SUBSCRIBE, data).status_code == 201
    assert PushSubscription.objects.filter(user=citizen).count() == 1


def test_a_browser_someone_else_used_before_becomes_the_new_users(client, citizen,
                                                                  other_citizen, push):
    data = subscription_json(push)
    client.force_login(citizen)
    post_json(client, SUBSCRIBE, data)
    client.force_login(other_citizen)
    post_json(client, SUBSCRIBE, data)
    assert PushSubscription.objects.get().user == other_citizen


@pytest.mark.parametrize(("change", "message"), [
    ({"endpoint": "http://127.0.0.1:5432/"}, "not one this portal sends to"),
    ({"endpoint": "https://fcm.googleapis.com.evil.example/fcm/send/x"},
     "not one this portal sends to"),
    ({"endpoint": "javascript:alert(1)"}, "Enter a valid URL"),
    ({"keys": {"p256dh": "BAAA", "auth": "ABiqkJRr3fm8LVCohFpK5w"}}, "key is not valid"),
    ({"keys": {"p256dh": "B" + "A" * 86, "auth": "ABiqkJRr3fm8LVCohFpK5w"}},
     "key is not valid"),
    ({"keys": {"auth": "ABiqkJRr3fm8LVCohFpK5w"}}, "no push subscription"),
    ({"keys": "none"}, "no push subscription"),
])
def test_a_forged_subscription_is_refused_and_nothing_stored(client, citizen, push, change,
                                                            message):
    client.force_login(citizen)
    data = subscription_json(push)
    data.update(change)
    response = post_json(client, SUBSCRIBE, data)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_short_auth_secret_is_refused(client, citizen, push):
    client.force_login(citizen)
    data = subscription_json(push)
    data["keys"]["auth"] = "c2hvcnQ"
    assert post_json(client, SUBSCRIBE, data).status_code == 400
    assert not PushSubscription.objects.exists()


def test_broken_json_is_refused(client, citizen, push):
    client.force_login(citizen)
    response = client.post(SUBSCRIBE, "{endpoint", content_type="application/json")
    assert response.status_code == 400
    assert "no push subscription" in response.json()["error"]


def test_it_needs_the_csrf_token(citizen, push):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    assert post_json(client, SUBSCRIBE, subscription_json(push)).status_code == 403
    assert not PushSubscription.objects.exists()


def test_it_needs_a_login(client, push, db):
    response = post_json(client, SUBSCRIBE, subscription_json(push))
    assert response["Location"].startswith("/accounts/login/")
    assert not PushSubscription.objects.exists()


def test_it_takes_only_post(client, citizen, push):
    client.force_login(citizen)
    assert client.get(SUBSCRIBE).status_code == 405


def test_it_stops_at_the_device_limit(client, citizen, push):
    client.force_login(citizen)
    for i in range(MAX_DEVICES):
        PushSubscription.objects.create(user=citizen, endpoint=f"{push.origin}/notify/{i}",
                                        p256dh="x", auth="y", device="old", language="en")
    response = post_json(client, SUBSCRIBE, subscription_json(push))
    assert response.status_code == 400
    assert "remove one" in response.json()["error"]
    assert PushSubscription.objects.count() == MAX_DEVICES


def test_it_is_rate_limited(client, citizen, push, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "push_subscribe": "2/h"}
    client.force_login(citizen)
    data = subscription_json(push)
    assert [post_json(client, SUBSCRIBE, data).status_code for _ in range(3)] == [201, 201, 429]


def test_without_a_key_there_is_nothing_to_subscribe_to(client, citizen, settings):
    settings.VAPID_PRIVATE_KEY = settings.VAPID_KEY_FILE = ""
    client.force_login(citizen)
    response = post_json(client, SUBSCRIBE, {"endpoint": "https://fcm.googleapis.com/x",
                                             "keys": {"p256dh": "x", "auth": "y"}})
    assert response.status_code == 404
    assert "not set up on this server" in client.get(SETTINGS).content.decode()


# This browser turns push off ---------------------------------------------------------

def test_unsubscribe_removes_this_browsers_device(client, device):
    response = post_json(client, "/accounts/push/unsubscribe/", {"endpoint": device["endpoint"]})
    assert response.status_code == 204
    assert not PushSubscription.objects.exists()


def test_unsubscribe_leaves_another_persons_device(client, device, other_citizen):
    client.force_login(other_citizen)
    post_json(client, "/accounts/push/unsubscribe/", {"endpoint": device["endpoint"]})
    assert PushSubscription.objects.filter(pk=device["row"].pk).exists()


# The settings page: the devices, removing one -------------------------------------------

def test_the_settings_page_lists_the_devices_with_a_remove_button(client, device):
    html = client.get(SETTINGS).content.decode()
    assert "Chrome · Android" in html
    assert f'action="/accounts/push/devices/{device["row"].public_id}/remove/"' in html
    assert device["endpoint"] not in html  # the address stays on the server


def test_it_removes_ones_own_device(client, device):
    response = client.post(f"/accounts/push/devices/{device['row'].public_id}/remove/")
    assert response["Location"] == SETTINGS
    assert not PushSubscription.objects.exists()
    assert "are off" in client.get(SETTINGS).content.decode()


def test_another_persons_device_is_not_found(client, device, other_citizen):
    client.force_login(other_citizen)
    response = client.post(f"/accounts/push/devices/{device['row'].public_id}/remove/")
    assert response.status_code == 404
    assert PushSubscription.objects.filter(pk=device["row"].pk).exists()


@pytest.mark.parametrize("devices", [1, 3])
def test_the_settings_page_runs_in_a_fixed_number_of_queries(client, device, citizen, push,
                                                            devices, django_assert_num_queries):
    for i in range(devices - 1):
        PushSubscription.objects.create(user=citizen, endpoint=f"{push.origin}/notify/{i}",
                                        p256dh="x", auth="y", device="old", language="en")
    client.get(SETTINGS)  # sessions, caches
    # Session, user; push: the kinds chosen, groups (officer? press office?), the devices;
    # the page's own: verified address, staff? (groups, and whether a channel is theirs),
    # second factor, groups of the menu (2).
    with django_assert_num_queries(10):
        client.get(SETTINGS)


# Kinds: off by default, each person only their own ---------------------------------------

def test_everything_is_off_by_default(client, citizen, push):
    client.force_login(citizen)
    html = client.get(SETTINGS).content.decode()
    assert 'name="answer"' in html
    assert " checked" not in html.split('id="push"')[1].split("</section>")[0]


def test_a_citizen_chooses_reader_kinds_only(client, citizen, push):
    client.force_login(citizen)
    html = client.get(SETTINGS).content.decode()
    assert 'name="question"' not in html and 'name="post_submitted"' not in html
    client.post("/accounts/push/choices/", {"answer": "on", "question": "on",
                                            "post_submitted": "on", "nonsense": "on"})
    assert set(PushChoice.objects.values_list("kind", flat=True)) == {"answer"}


def test_an_officer_chooses_officer_and_reader_kinds(client, officer, push):
    client.force_login(officer.user)
    client.post("/accounts/push/choices/", {"question": "on", "urgent_question": "on",
                                            "new_post": "on", "comment_reported": "on"})
    assert set(officer.user.push_choices.values_list("kind", flat=True)) == {
        "question", "urgent_question", "new_post"}


def test_the_press_office_chooses_its_kinds(client, press_officer, push):
    client.force_login(press_officer)
    client.post("/accounts/push/choices/", {"post_submitted": "on", "comment_reported": "on"})
    assert set(press_officer.push_choices.values_list("kind", flat=True)) == {
        Kind.POST_SUBMITTED, Kind.COMMENT_REPORTED}


def test_saving_again_turns_off_what_is_unticked(client, citizen, push):
    client.force_login(citizen)
    client.post("/accounts/push/choices/", {"answer": "on", "reply": "on"})
    client.post("/accounts/push/choices/", {"reply": "on"})
    assert list(PushChoice.objects.values_list("kind", flat=True)) == ["reply"]
    html = client.get(SETTINGS).content.decode()
    assert 'name="reply" id="id_reply" checked' in html


def test_push_data_is_in_the_export_and_goes_with_the_account(client, device, citizen):
    from portal.privacy import delete_account, export_data

    PushChoice.objects.create(user=citizen, kind=Kind.ANSWER)
    exported = export_data(citizen)["push_messages"]
    assert exported["kinds"] == ["answer"]
    assert exported["devices"][0]["device"] == "Chrome · Android"
    assert "endpoint" not in json.dumps(exported)
    delete_account(citizen)
    assert not PushSubscription.objects.exists() and not PushChoice.objects.exists()


def test_a_second_persons_settings_show_only_their_devices(client, device, db):
    someone = make_user("carla@example.org")
    client.force_login(someone)
    assert "Chrome · Android" not in client.get(SETTINGS).content.decode()
