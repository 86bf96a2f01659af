"""The whole way, on the officer's phone: the very first sign-in, a passkey set up on
that same phone, one photo posted and submitted; the press office publishes it at its
desk; an anonymous reader sees it. The officer's taps and text fields are counted and
kept here."""

import re

import pytest
from playwright.sync_api import expect

from officers.models import Officer
from portal.roles import OFFICERS
from posts.models import Post
from tests.browser.conftest import Thumb, guarded_page, login, post_one_photo
from tests.conftest import PASSWORD, make_user
from tests.helpers.review import make_checklist

# The officer's taps from the sign-in page to "submitted": sign in; passkey (open the
# set-up, set it up, touch the sensor: counted as the one tap the browser asks for);
# continue to the studio; then the one-photo post (tests/browser/test_one_thumb.py).
JOURNEY_TAPS = 1 + 3 + 1 + 3
JOURNEY_FIELDS = 2 + 2  # e-mail and password; alt text and caption


@pytest.mark.django_db(transaction=True)
def test_from_the_first_sign_in_to_a_post_a_reader_sees(page, desk, browser, live_server,
                                                        axe, station, press_officer,
                                                        tmp_path):
    make_checklist()
    user = make_user("jana.neu@polizei.example", group=OFFICERS, second_factor=False)
    Officer.objects.create(user=user, handle="jana_polizeikl", display_name="Jana Neu",
                           rank="Polizeimeisterin", station=station)
    # The phone's fingerprint sensor: Chromium's virtual authenticator.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }})
    thumb = Thumb(page)

    # First sign-in: the password once.
    page.goto("/accounts/login/")
    thumb.type(page.locator("input[name=login]"), user.email)
    thumb.type(page.locator("input[name=password]"), PASSWORD)
    thumb.taps += 1  # the sign-in button sits under the fields, as on every sign-in page
    with page.expect_navigation():
        page.locator("main form button[type=submit]").tap()

    # The second factor, on this phone.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    thumb.taps += 1
    with page.expect_navigation():
        page.get_by_role("link", name="Set up a passkey").tap()
    thumb.taps += 2  # "Set up the passkey", then the touch of the sensor
    with page.expect_navigation():
        page.get_by_role("button", name="Set up the passkey").tap()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    thumb.taps += 1
    with page.expect_navigation():
        page.get_by_role("link", name="Continue to the studio").tap()
    expect(page).to_have_url(re.compile(r"/studio/$"))

    # One photo, submitted.
    post_one_photo(page, thumb, tmp_path, "Mein erster Tag auf Streife in der Innenstadt")
    post = Post.objects.get()
    assert post.state == Post.State.SUBMITTED
    assert (thumb.taps, thumb.fields) == (JOURNEY_TAPS, JOURNEY_FIELDS)

    # The press office publishes it at its desk.
    login(desk, press_officer.email, PASSWORD)
    desk.goto(f"/admin/posts/post/{post.pk}/change/")
    for box in desk.locator('input[name="approve-checklist"]').all():
        box.check()
    desk.click("button[name=publish_now]")
    expect(desk.locator(".messagelist")).to_contain_text("Mein erster Tag")
    assert Post.objects.get().state == Post.State.PUBLISHED

    # A reader without an account, on another phone.
    with guarded_page(browser, live_server, viewport=page.viewport_size, is_mobile=True,
                      has_touch=True, locale="de-DE") as reader:
        reader.goto("/")
        card = reader.locator(f'a[href="{post.get_absolute_url()}"]')
        expect(card).to_contain_text("Mein erster Tag")
        card.first.click()
        expect(reader.locator("main")).to_contain_text("Jana Neu")
        expect(reader.locator("main img").first).to_be_visible()
        assert reader.context.cookies() == []
        axe(reader)
