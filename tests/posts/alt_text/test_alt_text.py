"""Hints on alt texts that do not help: the pure function, the studio after saving, and
the press office's change page in the admin."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from posts import alt_text
from posts.alt_text import FILE_NAME, PLACEHOLDER, SAME_AS_CAPTION, TOO_SHORT
from tests.helpers.posts import english, make_post  # noqa: F401 (autouse fixture)

GOOD = "Zwei Polizistinnen stehen mit einem Streifenwagen vor dem Rathaus."


@pytest.mark.parametrize("text", [
    "IMG_2024.jpg", "foto.JPEG", "DSC01234", "PXL_20260504_081500", "streife-ostertor.png",
])
def test_it_recognises_file_names(text):
    assert alt_text.problems(text) == [FILE_NAME]


@pytest.mark.parametrize("text", ["Bild", "Foto", "Image", "foto.", "Bild Foto"])
def test_it_recognises_words_that_only_say_picture(text):
    assert alt_text.problems(text) == [PLACEHOLDER]


@pytest.mark.parametrize("text", ["Streifenwagen", "Polizei Bremen"])
def test_it_finds_texts_shorter_than_a_few_words(text):
    assert alt_text.problems(text) == [TOO_SHORT]


def test_it_finds_an_alt_text_that_repeats_the_caption():
    caption = "Heute Verkehrskontrolle am Ostertor!"
    assert alt_text.problems("heute verkehrskontrolle am Ostertor", caption) == [SAME_AS_CAPTION]


@pytest.mark.parametrize("text", [GOOD, "Ein Diensthund schnüffelt am Koffer.", ""])
def test_it_has_nothing_to_say_on_a_good_or_empty_alt_text(text):
    assert alt_text.problems(text, "Streife in der Altstadt") == []


def test_every_hint_says_why_in_german_addressing_the_reader_formally():
    with translation.override("de"):
        hints = [str(message) for message in alt_text.MESSAGES.values()]
    assert all(hint.startswith("Der Alternativtext") for hint in hints)
    assert all(re.search(r"\bSie\b", hint) for hint in hints)


# --- where the hints show -------------------------------------------------------------


def test_the_studio_warns_after_saving_but_saves(client, officer):
    draft = make_post(officer, published=False)
    media = draft.media.get()
    client.force_login(officer.user)

    response = client.post(reverse("posts:studio_edit", args=[draft.pk]), {
        "caption": draft.caption, f"alt_{media.pk}": "Foto",
    }, follow=True)

    assert response.redirect_chain[-1][0] == reverse("posts:studio")
    media.refresh_from_db()
    assert media.alt_text == "Foto"  # a warning, not a refusal
    html = response.content.decode()
    assert "Alt text of photo 1:" in html
    assert "only says that there is a picture" in html


def test_the_studio_says_nothing_about_a_good_alt_text(client, officer):
    draft = make_post(officer, published=False)
    media = draft.media.get()
    client.force_login(officer.user)
    response = client.post(reverse("posts:studio_edit", args=[draft.pk]), {
        "caption": draft.caption, f"alt_{media.pk}": GOOD,
    }, follow=True)
    assert "Alt text of photo" not in response.content.decode()


def test_the_press_office_sees_the_hints_on_the_review_page(client, officer, press_officer):
    post = make_post(officer)
    post.media.update(alt_text="IMG_4711.jpg")
    client.force_login(press_officer)

    html = client.get(reverse("admin:posts_post_change", args=[post.pk])).content.decode()

    assert "Alt texts to check" in html
    assert "looks like a file name" in html
    assert "IMG_4711.jpg" in html


def test_the_review_page_shows_no_hints_for_good_alt_texts(client, officer, press_officer):
    post = make_post(officer)
    post.media.update(alt_text=GOOD)
    client.force_login(press_officer)
    html = client.get(reverse("admin:posts_post_change", args=[post.pk])).content.decode()
    assert "Alt texts to check" not in html
