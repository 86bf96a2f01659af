"""An officer on patrol posts one photo with one thumb: from the studio to "submitted"
in few taps, with every main action at the bottom of the screen. The numbers are kept
here: a change that adds a tap or a field to the way has to change them too."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import Post
from tests.browser.conftest import Thumb, login, post_one_photo
from tests.conftest import PASSWORD

# From the studio to "submitted", for a post with one photo. The shutter of the phone's
# camera app is not counted (it is not the portal's).
TAPS_TO_SUBMIT = 3
FIELDS_TO_SUBMIT = 2  # the photo's alt text and the caption


@pytest.mark.django_db(transaction=True)
def test_one_photo_is_submitted_in_three_taps_and_two_fields(page, axe, officer, tmp_path):
    login(page, officer.user.email, PASSWORD)
    page.goto("/studio/")
    thumb = Thumb(page)
    post_one_photo(page, thumb, tmp_path, "Heute am Rathaus unterwegs")
    expect(page).to_have_url(re.compile(r"/studio/$"))

    post = Post.objects.get()
    assert post.state == Post.State.SUBMITTED
    row = page.locator(f"#post-{post.pk}")
    expect(row.locator(".state-submitted")).to_be_visible()
    expect(page.locator(".messages, [role=status]").first).to_contain_text(
        "with the press office for review")
    assert (thumb.taps, thumb.fields) == (TAPS_TO_SUBMIT, FIELDS_TO_SUBMIT)
    axe(page)
