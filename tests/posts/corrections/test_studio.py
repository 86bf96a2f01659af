"""The officer corrects a published post in the studio: through the press office when
the channel needs review, at once otherwise."""

import pytest
from django.urls import reverse

from posts.models import Correction, Post
from tests.helpers.posts import english, make_post  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(client, officer):
    client.force_login(officer.user)
    return client


def url(post):
    return reverse("posts:studio_correct", args=[post.pk])


def data(post, **overrides):
    values = {"caption": post.caption, "reason": "Tippfehler"}
    values.update({f"alt_{m.pk}": m.alt_text for m in post.media.all()})
    values.update(overrides)
    return values


def test_the_studio_links_a_published_post_to_its_correction(studio, officer):
    post = make_post(officer)
    assert url(post) in studio.get(reverse("posts:studio")).content.decode()
    assert studio.get(url(post)).status_code == 200


def test_a_correction_with_review_waits_for_the_press_office(studio, officer):
    post = make_post(officer, caption="Streife am Rhien")
    response = studio.post(url(post), data(post, caption="Streife am Rhein"))
    assert response.status_code == 302
    (proposal,) = Correction.objects.all()
    assert proposal.state == Correction.State.PROPOSED
    assert Post.objects.get(pk=post.pk).caption == "Streife am Rhien"


def test_a_correction_without_review_is_applied_and_a_photo_removed(
        studio, client, officer, django_capture_on_commit_callbacks):
    officer.publish_without_review = True
    officer.save()
    post = make_post(officer, photos=2)
    first = post.media.all()[0]
    old_url = first.jpeg(480)["url"]
    with django_capture_on_commit_callbacks(execute=True):
        studio.post(url(post), data(post, reason="Doppeltes Foto", **{f"remove_{first.pk}": "on"}))
    assert post.media.count() == 1
    assert client.get(old_url).status_code == 404
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Photo 1 removed – Doppeltes Foto" in page


def test_bad_input_and_other_posts(studio, officer, colleague):
    post = make_post(officer)
    response = studio.post(url(post), data(post, caption="Neu", reason=""))
    assert response.status_code == 400 and not Correction.objects.exists()
    assert studio.get(url(make_post(colleague))).status_code == 404
    draft = make_post(officer, published=False)
    assert studio.get(url(draft)).status_code == 403


def test_the_officer_reads_why_a_correction_was_declined(studio, officer, press_officer):
    from posts import corrections

    post = make_post(officer, caption="Alt")
    (proposal,) = corrections.correct(post, officer.user, caption="Neu", reason="Besser")
    corrections.decline([proposal], press_officer, "Bitte mit Ortsangabe.")
    page = studio.get(url(post)).content.decode()
    assert "Declined" in page and "Bitte mit Ortsangabe." in page


def test_an_officer_without_review_replaces_a_photo(studio, client, officer,
                                                    django_capture_on_commit_callbacks):
    from tests.helpers.posts import photo

    officer.publish_without_review = True
    officer.save()
    post = make_post(officer)
    old = post.media.get()
    old_url = old.jpeg(480)["url"]
    with django_capture_on_commit_callbacks(execute=True):
        response = studio.post(url(post), data(post, reason="Besseres Foto", **{
            f"replace_{old.pk}": photo(color=(5, 5, 200)),
            f"replace_alt_{old.pk}": "Zwei Beamte am Fahrradstand"}))
    assert response.status_code == 302
    new = post.media.get()
    assert new.pk != old.pk and new.alt_text == "Zwei Beamte am Fahrradstand"
    assert client.get(old_url).status_code == 404


def test_an_officer_with_review_is_not_offered_a_replacement(studio, officer):
    post = make_post(officer)
    assert f'name="replace_{post.media.get().pk}"' not in studio.get(url(post)).content.decode()


def test_a_too_large_upload_is_refused_before_it_is_read(studio, officer, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    officer.publish_without_review = True
    officer.save()
    post = make_post(officer)
    from tests.helpers.posts import photo

    item = post.media.get()
    response = studio.post(url(post), data(post, **{
        f"replace_{item.pk}": photo(size=(400, 300)), f"replace_alt_{item.pk}": "x"}))
    assert response.status_code == 413
    assert post.media.get().pk == item.pk and not post.corrections.exists()


def test_the_form_is_csrf_protected(officer):
    from django.test import Client

    post = make_post(officer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer.user)
    assert strict.get(url(post)).status_code == 200  # signed in, second factor answered
    response = strict.post(url(post), data(post, caption="Neu"))
    assert response.status_code == 403
    assert not post.corrections.exists()
