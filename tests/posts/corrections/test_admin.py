"""The press office corrects a published post in the admin, and decides on the
corrections officers propose."""

import pytest
from django.urls import reverse

from posts import corrections
from posts.models import Correction, MediaItem, Post, PostEvent
from tests.helpers.posts import english, jpeg_bytes, make_post, photo  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def press(client, press_officer):
    client.force_login(press_officer)
    return client


def correct_url(post):
    return reverse("admin:posts_post_correct", args=[post.pk])


def form_data(post, **overrides):
    data = {"caption": post.caption, "reason": ""}
    for item in post.media.all():
        data[f"alt_{item.pk}"] = item.alt_text
    data.update(overrides)
    return data


def test_the_change_page_of_a_published_post_offers_the_correction(press, officer):
    post = make_post(officer)
    page = press.get(reverse("admin:posts_post_change", args=[post.pk])).content.decode()
    assert correct_url(post) in page
    assert press.get(correct_url(post)).status_code == 200


def test_a_published_posts_caption_is_not_edited_silently_in_the_change_form(press, officer):
    post = make_post(officer, caption="Original")
    data = {"caption": "Still geändert", "place_name": "", "comments_closed": "",
            "media-TOTAL_FORMS": 1, "media-INITIAL_FORMS": 1, "media-MIN_NUM_FORMS": 0,
            "media-MAX_NUM_FORMS": 0, "media-0-id": post.media.get().pk,
            "media-0-post": post.pk, "media-0-alt_text": "Still", "_continue": "Save"}
    press.post(reverse("admin:posts_post_change", args=[post.pk]), data)
    post.refresh_from_db()
    assert post.caption == "Original" and post.media.get().alt_text != "Still"


def test_the_press_office_corrects_caption_and_replaces_a_photo(
        press, client, officer, django_capture_on_commit_callbacks):
    post = make_post(officer, caption="Kontrolle in der Altstdt", photos=2)
    old = post.media.all()[0]
    old_url = old.jpeg(480)["url"]
    upload = photo(data=jpeg_bytes(size=(80, 60), color=(10, 200, 10)))
    with django_capture_on_commit_callbacks(execute=True):
        response = press.post(correct_url(post), form_data(
            post, caption="Kontrolle in der Altstadt", reason="Tippfehler; Foto getauscht",
            **{f"replace_{old.pk}": upload, f"replace_alt_{old.pk}": "Ein Streifenwagen"}))

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.caption == "Kontrolle in der Altstadt"
    assert {c.field for c in post.corrections.all()} == {"caption", "photo_replaced"}
    assert not MediaItem.objects.filter(pk=old.pk).exists()
    client.logout()
    assert client.get(old_url).status_code == 404
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Corrected on" in page and "Photo 1 replaced – Tippfehler; Foto getauscht" in page


@pytest.mark.parametrize("overrides, message", [
    ({"caption": "Neu", "reason": ""}, "Give a short reason"),
    ({"reason": "Nichts geändert"}, "Nothing was changed."),
])
def test_bad_input_comes_back_with_a_message(press, officer, overrides, message):
    post = make_post(officer)
    response = press.post(correct_url(post), form_data(post, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Correction.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(press, officer):
    post = make_post(officer)
    item = post.media.get()
    bad = photo(name="x.jpg", data=b"<html>not a photo</html>")
    response = press.post(correct_url(post), form_data(
        post, reason="Neu", **{f"replace_{item.pk}": bad, f"replace_alt_{item.pk}": "x"}))
    assert response.status_code == 400
    assert MediaItem.objects.filter(pk=item.pk).exists() and not Correction.objects.exists()


def test_a_draft_cannot_be_corrected(press, officer):
    post = make_post(officer, published=False, state=Post.State.SUBMITTED)
    press.post(correct_url(post), form_data(post, caption="Neu", reason="Warum"))
    assert not Correction.objects.exists()


def test_an_officer_cannot_open_the_admin_correction(client, officer):
    post = make_post(officer)
    client.force_login(officer.user)
    response = client.post(correct_url(post), form_data(post, caption="Neu", reason="x"))
    assert response.status_code in (302, 403)
    assert not Correction.objects.exists()


def test_a_proposed_correction_is_applied_or_declined_in_the_queue(press, officer):
    post = make_post(officer, caption="Alt")
    (proposal,) = corrections.correct(post, officer.user, caption="Neu", reason="Besser")
    listing = press.get(reverse("admin:posts_correction_changelist")).context["cl"]
    assert list(listing.result_list) == [proposal]
    page = press.get(reverse("admin:posts_correction_change", args=[proposal.pk]))
    assert reverse("admin:posts_correction_decide", args=[proposal.pk, "apply"]) in \
        page.content.decode()

    press.post(reverse("admin:posts_correction_decide", args=[proposal.pk, "apply"]))
    proposal.refresh_from_db()
    assert proposal.state == Correction.State.APPLIED
    assert Post.objects.get(pk=post.pk).caption == "Neu"
    assert post.events.filter(action=PostEvent.Action.CORRECTED).count() == 1

    (other,) = corrections.correct(post, officer.user, caption="Noch neuer", reason="x")
    press.post(reverse("admin:posts_correction_decide", args=[other.pk, "decline"]))
    other.refresh_from_db()
    assert other.state == Correction.State.PROPOSED  # a decline needs a note
    press.post(reverse("admin:posts_correction_decide", args=[other.pk, "decline"]),
               {"note": "Bitte nicht."})
    other.refresh_from_db()
    assert (other.state, other.decline_note) == (Correction.State.DECLINED, "Bitte nicht.")
