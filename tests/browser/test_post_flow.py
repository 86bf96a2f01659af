"""A post end to end on a phone: the officer takes a photo in the studio, writes alt text
and caption and saves the draft; it is processed; once published (here directly in the
data; the review has its own browser test) an anonymous visitor sees it on the home
page, on the channel page and in the Atom feed, without EXIF or GPS in any image."""

import re

import pytest
from playwright.sync_api import expect

from portal.media.processing import strip_check
from posts.models import MediaItem, Post
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.helpers.posts import jpeg_bytes, publish

CAPTION = "Streife in der Altstadt bei bestem Wetter #Streife"
ALT = "Zwei Polizisten auf Fußstreife vor Fachwerkhäusern"


@pytest.mark.django_db(transaction=True)
def test_an_officer_posts_a_photo_that_the_public_sees_once_published(
    page, axe, officer, tmp_path
):
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(jpeg_bytes(size=(1200, 900), gps=True))

    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    axe(page)
    # The camera input and the gallery input are visually replaced by big buttons.
    page.set_input_files("#id_media", str(photo))
    alt = page.locator("[data-previews] textarea[name=alt_text]")
    expect(alt).to_have_count(1)
    expect(page.locator("[data-previews] img")).to_be_visible()

    # Without alt text the browser does not even send the form.
    page.click("[data-submit]")
    assert not Post.objects.exists()

    alt.fill(ALT)
    page.fill("#id_caption", CAPTION)
    page.fill("#id_place_name", "Altstadt")
    page.click("[data-submit]")
    expect(page).to_have_url(re.compile(r"/studio/$"))

    post = Post.objects.get()
    row = page.locator(f"#post-{post.pk}")
    expect(row.locator(".status-ready")).to_be_visible()
    expect(row).to_contain_text("Streife in der Altstadt")
    item = post.media.get()
    assert (item.status, item.alt_text) == (MediaItem.Status.READY, ALT)

    publish(post)

    # An anonymous visitor, on the same phone.
    page.context.clear_cookies()
    page.goto("/")
    card = page.locator(f'a[href="{post.get_absolute_url()}"]')
    expect(card).to_contain_text("Streife in der Altstadt")
    image = card.locator("img")
    expect(image).to_have_attribute("alt", ALT)
    image.scroll_into_view_if_needed()
    loaded = "img => img.complete && img.naturalWidth > 0"
    page.wait_for_function(loaded, arg=image.element_handle())
    assert not page.context.cookies()

    page.goto(officer.get_absolute_url())
    expect(page.locator(f'a[href="{post.get_absolute_url()}"]')).to_be_visible()

    page.goto(post.get_absolute_url())
    expect(page.locator(".post-caption")).to_contain_text("Streife in der Altstadt")
    expect(page.locator(".post-caption a.hashtag")).to_have_text("#Streife")
    axe(page)

    # Every image the page showed is clean.
    sources = page.eval_on_selector_all(
        "picture source, picture img",
        "els => els.flatMap(e => (e.srcset || e.src).split(',').map(s => s.trim().split(' ')[0]))",
    )
    assert sources
    for src in set(filter(None, sources)):
        response = page.request.get(src)
        assert response.ok, src
        assert strip_check(response.body()) == {}, src

    feed = page.request.get("/feed.atom")
    assert feed.ok
    assert "Streife in der Altstadt" in feed.text()
    assert post.get_absolute_url() in feed.text()
    assert not page.context.cookies()


@pytest.mark.django_db(transaction=True)
def test_a_failed_upload_keeps_what_the_officer_typed(page, officer, tmp_path):
    fake = tmp_path / "foto.jpg"
    fake.write_bytes(b"<!doctype html><title>no photo</title>")

    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    page.set_input_files("#id_media", str(fake))
    page.locator("[data-previews] textarea[name=alt_text]").fill(ALT)
    page.fill("#id_caption", CAPTION)
    page.click("[data-submit]")

    summary = page.locator("[data-errors]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("foto.jpg")
    expect(page.locator("#id_caption")).to_have_value(CAPTION)
    expect(page.locator("[data-previews] textarea[name=alt_text]")).to_have_value(ALT)
    assert not Post.objects.exists()
