"""Push messages in Chromium: permission, subscription sent, message shown, tap opens it.

Headless Chromium has no push service of its own (a Playwright context is like an
incognito window, where Chrome turns the Push API off, and Google's push service is not
reachable from here). So two hops are bridged, each by a real part: the page's
PushManager.subscribe() asks the loopback push service (tests/helpers/push_service.py) for its
subscription, and the message that service received and decrypted is handed to the
service worker through DevTools (ServiceWorker.deliverPushMessage, what the "Push"
button of Chrome's DevTools does). Everything else is the browser's own: the permission,
the service worker, showNotification(), the notification's data. A tap on a notification
cannot be made in headless Chromium either; the test dispatches the notificationclick
event in the worker and checks the page it opens.
"""

import json

import pytest

from portal.push.kinds import Kind
from portal.push.models import PushChoice, PushSubscription
from portal.push.service import notify
from tests.browser.conftest import PHONE, guarded_page, login
from tests.conftest import PASSWORD

# The browser's side of its push service, answered by the loopback push service.
PUSH_MANAGER = """
(() => {
  const KEY = "revier-test-push-subscription";
  const wrap = (data) => ({
    endpoint: data.endpoint, expirationTime: null, options: {userVisibleOnly: true},
    toJSON: () => ({endpoint: data.endpoint, expirationTime: null, keys: data.keys}),
    unsubscribe: () => { localStorage.removeItem(KEY); return Promise.resolve(true); },
  });
  PushManager.prototype.subscribe = async function (options) {
    const bytes = new Uint8Array(options.applicationServerKey);
    const key = btoa(String.fromCharCode(...bytes))
      .replace(/[+]/g, "-").replace(/[/]/g, "_").replace(/=+$/, "");
    const data = await window.loopbackPushService(key);
    localStorage.setItem(KEY, JSON.stringify(data));
    return wrap(data);
  };
  PushManager.prototype.getSubscription = async function () {
    const data = localStorage.getItem(KEY);
    return data ? wrap(JSON.parse(data)) : null;
  };
})();
"""

NOTIFICATIONS = """async () => {
  const [registration] = await navigator.serviceWorker.getRegistrations();
  return (await registration.getNotifications()).map((n) => ({title: n.title, data: n.data}));
}"""

TAP = """async () => {
  const [notification] = await self.registration.getNotifications();
  const openWindow = self.clients.openWindow.bind(self.clients);
  const opened = new Promise((resolve) => {
    self.clients.openWindow = (url) => { resolve(url); return openWindow(url); };
  });
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification}));
  return opened;
}"""


@pytest.fixture
def phone(browser, live_server, push):
    subscriptions = []

    def loopback_push_service(key):
        subscriptions.append(push.subscribe(key))
        return subscriptions[-1]

    with guarded_page(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True,
                      locale="en-US", permissions=["notifications"]) as page:
        page.expose_function("loopbackPushService", loopback_push_service)
        page.add_init_script(PUSH_MANAGER)
        page.subscriptions = subscriptions
        yield page


def deliver_to_worker(page, live_server, data):
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_function("navigator.serviceWorker.getRegistrations().then(r => r.length)")
    cdp.send("Runtime.evaluate", {"expression": "1"})  # let the events arrive
    [registration] = {r["registrationId"]: r for r in registrations if not r["isDeleted"]}.values()
    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": live_server.url, "registrationId": registration["registrationId"],
        "data": data,
    })


@pytest.mark.django_db(transaction=True)
def test_a_citizen_turns_push_on_and_a_tap_on_the_answer_opens_its_page(
        phone, live_server, axe, citizen, push):
    page = phone
    login(page, citizen.email, PASSWORD)
    page.goto("/accounts/profile/")
    status = page.locator("[data-push-status]")
    page.get_by_text("Push messages are off for this device.").wait_for()
    assert page.locator("[data-push-off]").is_hidden()
    axe(page)

    # Permission (granted to the site), subscription, and it reaches the portal.
    with page.expect_navigation():
        page.get_by_role("button", name="Turn on for this device").click()
    page.get_by_text("Push messages are on for this device.").wait_for()
    assert page.locator("[data-push-on]").is_hidden()
    [sent] = page.subscriptions
    device = PushSubscription.objects.get(user=citizen)
    assert (device.endpoint, device.p256dh, device.auth) == (
        sent["endpoint"], sent["keys"]["p256dh"], sent["keys"]["auth"])
    assert page.get_by_role("button", name="Remove Chrome · Linux").is_visible()

    # Off by default: choose answers.
    page.get_by_label("An answer to my question").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save push messages").click()
    assert list(PushChoice.objects.filter(user=citizen).values_list("kind", flat=True)) == [
        "answer"]

    # The portal sends (task, pywebpush); the push service checks and decrypts it.
    notify(Kind.ANSWER, "/questions/", [citizen])
    [message] = push.messages(sent)
    assert json.loads(message) == {"kind": "answer", "title": "Your question has been answered",
                                   "url": "/questions/"}

    # The service worker shows it ...
    deliver_to_worker(page, live_server, message)
    page.wait_for_function(f"({NOTIFICATIONS})().then(n => n.length === 1)")
    [shown] = page.evaluate(NOTIFICATIONS)
    assert shown == {"title": "Your question has been answered",
                     "data": {"kind": "answer", "url": live_server.url + "/questions/"}}

    # ... and a tap opens the page it links to.
    [worker] = page.context.service_workers
    assert worker.evaluate(TAP) == live_server.url + "/questions/"

    # Off again on this device: the portal forgets it.
    with page.expect_navigation():
        page.get_by_role("button", name="Turn off for this device").click()
    status.filter(has_text="Push messages are off for this device.").wait_for()
    assert not PushSubscription.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_message_that_links_elsewhere_opens_this_site(phone, live_server, citizen, push):
    page = phone
    login(page, citizen.email, PASSWORD)
    page.goto("/accounts/profile/")
    page.get_by_text("Push messages are off for this device.").wait_for()
    deliver_to_worker(page, live_server, json.dumps(
        {"kind": "answer", "title": "x", "url": "https://evil.example/phish"}))
    page.wait_for_function(f"({NOTIFICATIONS})().then(n => n.length === 1)")
    assert page.evaluate(NOTIFICATIONS)[0]["data"]["url"] == live_server.url + "/"


@pytest.mark.django_db(transaction=True)
def test_a_browser_that_blocks_notifications_says_how_to_allow_them(
        browser, live_server, citizen, push):
    with guarded_page(browser, live_server, viewport=PHONE, locale="en-US") as page:
        page.context.grant_permissions([])  # the prompt is answered "block"
        login(page, citizen.email, PASSWORD)
        page.goto("/accounts/profile/")
        page.get_by_role("button", name="Turn on for this device").click()
        page.get_by_text("This browser blocks messages from Revier.").wait_for()
    assert not PushSubscription.objects.exists()
