"""Media offline, in a real browser: the officer's studio shows a draft's photo through a
signed link (it loads), an anonymous reader's copy of a published photo's address stops
loading once the press office takes the photo offline, and the post page then shows
"Foto vorübergehend entfernt" in its place (checked with axe)."""

import pytest
from playwright.sync_api import expect

from posts.models import Post
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.helpers.posts import add_media, make_post, photo

LOADED = "img => img.complete && img.naturalWidth > 0"


@pytest.mark.django_db(transaction=True)
def test_a_draft_loads_in_the_studio_and_a_photo_taken_offline_leaves_the_post_page(
    page, axe, officer, press_officer
):
    draft = Post.objects.create(officer=officer, author=officer.user, caption="Entwurf")
    add_media(draft, photo())
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    thumb = page.locator(f"#post-{draft.pk} img")
    assert thumb.get_attribute("src").startswith("/studio/media/")
    page.wait_for_function(LOADED, arg=thumb.element_handle())

    post = make_post(officer, caption="Zwei Fotos vom Stadtfest", photos=2)
    first = post.media.first()
    page.context.clear_cookies()
    page.goto(post.get_absolute_url())
    images = page.locator(".post-figure img")
    expect(images).to_have_count(2)
    address = images.first.get_attribute("src")
    assert address.startswith("/media/")
    assert page.request.get(address).status == 200

    first.take_offline(press_officer, "Ein Kennzeichen ist lesbar.")  # commits at once

    assert page.request.get(address).status == 404
    page.goto(f"/i18n/setlang/?language=de&next={post.get_absolute_url()}")
    expect(page.locator(".media-offline")).to_have_text("Foto vorübergehend entfernt")
    expect(page.locator(".post-figure img")).to_have_count(1)
    axe(page)
