"""One Chromium for all browser tests, driving the single live server of the session.

Debian's chromium is launched by path: no browser is ever downloaded. Outside CI the
tests skip with a reason when it is missing; in CI (CI=true) they must run.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}

# Playwright's sync API keeps an event loop running in the test thread; the ORM calls
# that prepare test data are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@contextmanager
def guarded_page(browser, live_server, **context_options):
    """A page in a new browser context on the live server. Requests to any other host
    are aborted, and fail the test once the page is closed."""
    context = browser.new_context(base_url=live_server.url, **context_options)
    foreign = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not foreign, f"the page requested other hosts: {foreign}"


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page; any request to another host fails the test."""
    with guarded_page(
        browser, live_server,
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-US",
    ) as page:
        yield page


@pytest.fixture
def desk(browser, live_server):
    """The press office at a desk: a desktop-sized page; other hosts fail the test."""
    with guarded_page(browser, live_server, viewport=DESK, locale="de-DE") as page:
        yield page


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    def check(page):
        # Checked once the page has settled: under load a stylesheet or a script that
        # changes the page may still be on its way when a test gets to this line.
        page.wait_for_load_state("networkidle")
        results = Axe().run(page)
        serious = [
            v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert not serious, results.generate_report()

    return check


def login(page, email, password):
    """Signs in through allauth; answers the two-factor step with the code of the
    user's stored authenticator secret when the page asks for it (staff)."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    if "/accounts/2fa/authenticate/" in page.url:
        from portal.models import User
        from tests.conftest import totp_code

        page.fill("input[name=code]", totp_code(User.objects.get(email=email)))
        with page.expect_navigation():
            page.click("form button[type=submit]")


# Counting an officer's taps ----------------------------------------------------------

class Thumb:
    """Taps and text fields, counted as an officer would make them."""

    def __init__(self, page):
        self.page, self.taps, self.fields = page, 0, 0

    def tap(self, locator, *, navigates=False):
        box = locator.bounding_box()
        # Within thumb reach: on the screen without scrolling, in its lower half.
        assert box and box["y"] + box["height"] <= PHONE["height"], box
        assert box["y"] >= PHONE["height"] / 2, box
        self.taps += 1
        if navigates:
            with self.page.expect_navigation():
                locator.tap()
        else:
            locator.tap()

    def type(self, locator, text):
        self.fields += 1
        locator.fill(text)

    def take_photo(self, locator, path):
        """The camera button sits first on the form, at the top, where the officer
        starts: it is counted, not checked for reach."""
        self.taps += 1
        with self.page.expect_file_chooser() as chooser:
            locator.tap()
        chooser.value.set_files(str(path))


def post_one_photo(page, thumb, tmp_path, caption):
    """From the studio to a submitted post with one photo."""
    from tests.helpers.posts import jpeg_bytes

    photo = tmp_path / "IMG_0101.jpg"
    photo.write_bytes(jpeg_bytes(size=(800, 600)))
    thumb.tap(page.get_by_role("link", name="New post"), navigates=True)
    thumb.take_photo(page.get_by_text("Take a photo or video"), photo)
    thumb.type(page.locator("[data-previews] textarea[name=alt_text]"),
               "Streifenwagen vor dem Rathaus")
    thumb.type(page.locator("#id_caption"), caption)
    thumb.tap(page.get_by_role("button", name="Save and submit for review"), navigates=True)
