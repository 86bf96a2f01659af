"""The installed app in Chromium: the service worker keeps static files and the offline
page, and never a private page or an answer with personal data."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from inbox.models import Conversation
from posts.models import Post
from tests.browser.conftest import login
from tests.conftest import PASSWORD

# Every request the service worker answered from or put into its caches, with the body.
CACHED = """async () => {
  const entries = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      entries.push({url: request.url, body: await response.text()});
    }
  }
  return entries;
}"""


def controlled(page, seconds=30):
    # Polled from here: wait_for_function would evaluate a string in the page, which the
    # portal's Content-Security-Policy (no 'unsafe-eval') refuses.
    page.evaluate("navigator.serviceWorker.ready")
    deadline = time.monotonic() + seconds
    while not page.evaluate("navigator.serviceWorker.controller !== null"):
        assert time.monotonic() < deadline, "the service worker never took control"
        page.wait_for_timeout(100)


def cached_entries(page, live_server):
    entries = page.evaluate(CACHED)
    return {entry["url"].removeprefix(live_server.url): entry["body"] for entry in entries}


@pytest.mark.django_db(transaction=True)
def test_it_never_keeps_a_private_page_and_shows_the_offline_page(
        page, live_server, officer, citizen):
    Post.objects.create(officer=officer, caption="Entwurf Verkehrskontrolle B270",
                        state=Post.State.DRAFT)
    Conversation.objects.create(citizen=citizen, officer=officer,
                                subject="Frage zum Nachbarschaftsstreit")
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    controlled(page)
    private_pages = ["/studio/", "/studio/new/", "/studio/inbox/", "/studio/comments/",
                     "/accounts/profile/", "/feed/", "/questions/"]
    for url in private_pages:
        response = page.goto(url)
        assert response.ok, url
    # The pages were really seen, with their personal data.
    page.goto("/studio/inbox/")
    expect(page.locator("main")).to_contain_text("Nachbarschaftsstreit")

    cached = cached_entries(page, live_server)
    assert "/offline/" in cached
    assert all(url == "/offline/" or url.startswith("/static/") for url in cached), list(cached)
    for url, body in cached.items():
        for secret in ("Verkehrskontrolle", "Nachbarschaftsstreit", officer.user.email):
            assert secret not in body, (url, secret)
    assert 'name="csrfmiddlewaretoken"' not in cached["/offline/"]
    # The offline page kept is the anonymous one: no studio link, a sign-in link.
    assert "/studio/" not in cached["/offline/"] and "/accounts/login/" in cached["/offline/"]

    # Without a connection the studio is not shown from anywhere: the offline page is.
    page.context.set_offline(True)
    try:
        page.goto("/studio/inbox/")
        expect(page.locator("h1")).to_have_text("No connection")
        expect(page.locator("main")).not_to_contain_text("Nachbarschaftsstreit")
        # Static files still come from the cache: the page is styled.
        assert page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        ) == "rgb(11, 61, 145)"
    finally:
        page.context.set_offline(False)


@pytest.mark.django_db(transaction=True)
def test_a_citizen_s_questions_are_not_kept_either(page, live_server, officer, citizen):
    Conversation.objects.create(citizen=citizen, officer=officer, subject="Fahrradcodierung")
    login(page, citizen.email, PASSWORD)
    page.goto("/questions/")
    controlled(page)
    page.goto("/questions/")
    expect(page.locator("main")).to_contain_text("Fahrradcodierung")
    cached = cached_entries(page, live_server)
    assert all(url == "/offline/" or url.startswith("/static/") for url in cached), list(cached)
    assert not any("Fahrradcodierung" in body or citizen.email in body
                   for body in cached.values())


@pytest.mark.django_db(transaction=True)
def test_the_manifest_offers_officers_shortcuts(page, live_server, officer):
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = json.loads(page.request.get(href).text())
    assert [s["url"] for s in manifest["shortcuts"]] == ["/studio/new/", "/studio/inbox/"]


@pytest.mark.django_db(transaction=True)
def test_photos_shared_into_the_app_become_a_draft(page, live_server, officer, tmp_path):
    """As Android's share sheet does: a navigation POST of multipart files to the
    manifest's share target, which the service worker passes on to the studio."""
    from tests.helpers.posts import jpeg_bytes

    photo = tmp_path / "IMG_2001.jpg"
    photo.write_bytes(jpeg_bytes(size=(640, 480)))
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    controlled(page)
    page.goto("/studio/")
    share = json.loads(page.request.get("/manifest.webmanifest?for=officers").text())[
        "share_target"]
    assert (share["method"], share["enctype"]) == ("POST", "multipart/form-data")
    page.evaluate("""(share) => {
      const form = document.createElement("form");
      form.method = "post"; form.enctype = share.enctype; form.action = share.action;
      const input = document.createElement("input");
      input.type = "file"; input.name = share.params.files[0].name; input.multiple = true;
      const text = document.createElement("input");
      text.name = share.params.text; text.value = "Geteilt aus der Kamera";
      form.append(input, text); form.id = "shared"; document.body.append(form);
    }""", share)
    page.set_input_files("#shared input[type=file]", str(photo))
    page.evaluate("document.getElementById('shared').submit()")
    expect(page).to_have_url(re.compile(r"/studio/posts/\d+/edit/$"))
    post = Post.objects.get()
    assert page.url.endswith(f"/studio/posts/{post.pk}/edit/")
    expect(page.locator(".messages")).to_contain_text("alt text")
    assert post.caption == "Geteilt aus der Kamera" and post.media.count() == 1
