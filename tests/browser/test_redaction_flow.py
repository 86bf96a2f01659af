"""Redaction end to end on a phone: an officer posts a photo of a face, accepts
the face the portal suggests, marks another area by hand and saves; once the press
office has approved the post (here through the workflow, in the data), the public page
serves the photo with the face pixelated."""

import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from portal.media.redaction import Region
from posts import workflow
from posts.models import ChecklistItem, MediaItem, Post, PostEvent, RedactionSuggestion
from tests.browser.conftest import login
from tests.conftest import PASSWORD

skimage_data = pytest.importorskip("skimage.data")

SIZE = 400
# The astronaut's face (see tests/posts/test_redaction.py), relative to the photo.
FACE = Region(x=178 / 512, y=68 / 512, w=94 / 512, h=104 / 512, kind="face")
ALT = "Eine Astronautin im Raumanzug vor einer Flagge"


def astronaut(size=SIZE):
    return Image.fromarray(skimage_data.astronaut()).resize((size, size), Image.Resampling.LANCZOS)


def pixels(image, region):
    array = np.asarray(image.convert("RGB"), dtype=np.int16)
    left, top, right, bottom = region.to_pixels(image.width, image.height)
    return array[top:bottom, left:right]


@pytest.mark.django_db(transaction=True)
def test_an_officer_blurs_a_suggested_face_and_an_area_of_her_own(
    page, axe, officer, press_officer, tmp_path
):
    photo = tmp_path / "IMG_0100.jpg"
    astronaut().save(photo, "JPEG", quality=92)

    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/new/")
    page.set_input_files("#id_media", str(photo))
    page.locator("[data-previews] textarea[name=alt_text]").fill(ALT)
    page.fill("#id_caption", "Besuch aus dem All beim Tag der offenen Tür")
    page.click("[data-submit]")
    expect(page).to_have_url(re.compile(r"/studio/$"))

    post = Post.objects.get()
    item = post.media.get()
    assert item.status == MediaItem.Status.READY
    suggestion = item.suggestions.get(kind="face")

    # From the studio list to the photo's page.
    page.locator(f"#post-{post.pk} a.redaction-link").click()
    expect(page.locator("[data-redact].is-enhanced")).to_be_visible()
    preview = page.locator(".redact-stage img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=preview.element_handle())
    axe(page)

    # Accept the suggested face: it becomes an area.
    page.locator(".redact-suggestions .redact-accept").first.click()
    expect(page.locator(".redact-region")).to_have_count(1)

    # Draw a second area by hand, on the flag at the bottom left.
    stage = page.locator(".redact-stage").bounding_box()
    start = (stage["x"] + stage["width"] * 0.05, stage["y"] + stage["height"] * 0.70)
    end = (stage["x"] + stage["width"] * 0.25, stage["y"] + stage["height"] * 0.90)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=4)
    page.mouse.move(*end, steps=4)
    page.mouse.up()
    expect(page.locator(".redact-region")).to_have_count(2)

    page.locator("[data-redaction-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/studio/posts/{post.pk}/edit/$"))

    item.refresh_from_db()
    assert item.status == MediaItem.Status.READY
    kinds = sorted(r["kind"] for r in item.regions)
    assert kinds == ["face", "manual"]
    manual = next(r for r in item.regions if r["kind"] == "manual")
    assert manual["x"] == pytest.approx(0.05, abs=0.03)
    assert manual["y"] == pytest.approx(0.70, abs=0.03)
    assert manual["w"] == pytest.approx(0.20, abs=0.03)
    suggestion.refresh_from_db()
    assert suggestion.state == RedactionSuggestion.State.ACCEPTED
    assert suggestion.decided_by == officer.user
    assert PostEvent.objects.filter(post=post, action="redaction").count() == 1

    # The press office approves (any other suggestion would have to be decided first).
    item.suggestions.filter(state=RedactionSuggestion.State.PROPOSED).update(
        state=RedactionSuggestion.State.DISMISSED
    )
    ChecklistItem.objects.create(text="Unbeteiligte verpixelt")
    workflow.submit(post, officer.user)
    workflow.approve(post, press_officer, checklist=ChecklistItem.objects.all())
    assert post.state == Post.State.PUBLISHED

    # An anonymous visitor sees the face pixelated.
    page.context.clear_cookies()
    page.goto(post.get_absolute_url())
    image = page.locator("picture img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle())
    src = image.evaluate("img => img.currentSrc")
    response = page.request.get(src)
    assert response.ok, src
    served = Image.open(io.BytesIO(response.body()))
    original = astronaut(served.width)
    core = FACE.grown(-0.2)
    assert np.abs(pixels(served, core) - pixels(original, core)).mean() > 25
    elsewhere = Region(0.7, 0.45, 0.25, 0.2)  # the suit's right arm: untouched
    assert np.abs(pixels(served, elsewhere) - pixels(original, elsewhere)).mean() < 8
