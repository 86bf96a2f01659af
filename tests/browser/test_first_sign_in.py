"""An officer's first minute, on the phone the page is on: sign in once, set up the
second factor without a second device, keep the recovery codes, land in the studio."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from officers.models import Officer
from portal.roles import OFFICERS
from tests.browser.conftest import PHONE, login
from tests.conftest import PASSWORD, make_user


def code_for(secret):
    """The code an authenticator app shows now for `secret`, away from a window's end."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time() // mfa_settings.TOTP_PERIOD)))


def sign_in_with_password(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]")


@pytest.fixture
def new_officer(station):
    user = make_user("neu@polizei.example", group=OFFICERS, second_factor=False)
    return Officer.objects.create(
        user=user, handle="neu_polizeikl", display_name="Jana Neu", rank="Polizeimeisterin",
        station=station,
    )


@pytest.mark.django_db(transaction=True)
def test_a_new_officer_sets_up_an_authenticator_app_on_the_same_phone(page, axe, new_officer):
    sign_in_with_password(page, new_officer.user.email)

    # Straight to the set-up: the password was typed a moment ago, no "confirm access".
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    assert page.locator("input[type=password]").count() == 0
    axe(page)

    # The authenticator app on this phone opens from a link.
    link = page.get_by_role("link", name="Open in the authenticator app")
    href = link.get_attribute("href")
    assert href.startswith("otpauth://totp/")
    assert "issuer=Revier" in href

    # The secret in short groups, whole on a 390 px screen, with a copy button.
    secret_box = page.locator("#authenticator_secret")
    grouped = secret_box.inner_text()
    groups = grouped.split()
    assert len(groups) > 1 and all(len(g) <= 4 for g in groups)
    secret = "".join(groups)
    assert f"secret={secret}" in href
    box = secret_box.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert secret_box.evaluate("e => e.scrollWidth <= e.clientWidth")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret

    page.fill("input[name=code]", code_for(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()

    # Recovery codes: advice, then on to the studio.
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    expect(page.locator(".advice")).to_contain_text("without your phone")
    assert page.locator("#recovery_codes li").count() > 0
    axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Continue to the studio").click()
    expect(page).to_have_url(re.compile(r"/studio/$"))


@pytest.mark.django_db(transaction=True)
def test_staff_land_where_their_work_is(page, officer, press_officer):
    login(page, officer.user.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/studio/$"))
    page.context.clear_cookies()
    login(page, press_officer.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.django_db(transaction=True)
def test_the_new_post_form_shows_no_progress_bar_before_an_upload(page, officer):
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    expect(page.locator("[data-progress]")).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_a_new_officer_sets_up_a_passkey_and_signs_in_with_it(page, axe, new_officer):
    # Chromium's virtual authenticator stands in for the phone's fingerprint sensor.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }})

    sign_in_with_password(page, new_officer.user.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    with page.expect_navigation():
        page.get_by_role("link", name="Set up a passkey").click()
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Set up the passkey").click()
    expect(page.get_by_role("heading", name="Recovery codes")).to_be_visible()
    assert Authenticator.objects.filter(
        user=new_officer.user, type=Authenticator.Type.WEBAUTHN).count() == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Continue to the studio").click()
    expect(page).to_have_url(re.compile(r"/studio/$"))

    # Sign out, and in again: the password, then one touch instead of a code.
    page.goto("/accounts/logout/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    sign_in_with_password(page, new_officer.user.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    axe(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Use a passkey").click()
    expect(page).to_have_url(re.compile(r"/studio/$"))
