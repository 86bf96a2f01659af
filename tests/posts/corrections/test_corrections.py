"""Corrections in the open: the history keeps the old values, the page says
"korrigiert am …" with what and why, a replaced photo's old files are gone at once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from posts import corrections, workflow
from posts.models import Correction, MediaItem, Post, PostEvent
from tests.helpers.posts import english, make_post, photo  # noqa: F401

pytestmark = pytest.mark.django_db
Field = Correction.Field


def test_the_press_office_corrects_the_caption_and_the_history_keeps_the_old_one(
        client, officer, press_officer):
    post = make_post(officer, caption="Kontrolle in der Altstadt")

    (correction,) = corrections.correct(post, press_officer, caption="Kontrolle am Stadtrand",
                                        reason="Ort richtiggestellt")

    post.refresh_from_db()
    assert post.caption == "Kontrolle am Stadtrand" and post.corrected_at is not None
    assert (correction.state, correction.old_value, correction.decided_by) == (
        Correction.State.APPLIED, "Kontrolle in der Altstadt", press_officer)
    event = post.events.get(action=PostEvent.Action.CORRECTED)
    assert event.note == "Ort richtiggestellt" and event.actor == press_officer
    assert event.changes == [{"field": "caption", "old": "Kontrolle in der Altstadt",
                              "new": "Kontrolle am Stadtrand"}]

    page = client.get(post.get_absolute_url()).content.decode()
    assert "Corrected on" in page
    assert "Caption – Ort richtiggestellt" in page
    assert "Kontrolle in der Altstadt" not in page  # the old text is not shown


def test_an_uncorrected_post_says_nothing(client, officer):
    post = make_post(officer)
    assert "Corrected on" not in client.get(post.get_absolute_url()).content.decode()


def test_an_alt_text_correction_names_the_photo(client, officer, press_officer):
    post = make_post(officer, photos=2)
    second = post.media.all()[1]
    corrections.correct(post, press_officer, alt_texts={second.pk: "Zwei Streifenwagen"},
                        reason="Beschreibung genauer")
    second.refresh_from_db()
    assert second.alt_text == "Zwei Streifenwagen"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Alt text of photo 2 – Beschreibung genauer" in page


def test_replacing_a_photo_deletes_its_old_renditions_at_once(
        client, officer, press_officer, django_capture_on_commit_callbacks):
    post = make_post(officer, photos=2)
    old = post.media.all()[0]
    old_urls = [old.jpeg(480)["url"], old.large["url"]]
    assert client.get(old_urls[0]).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        (correction,) = corrections.correct(
            post, press_officer, replace=(old.pk, photo(color=(200, 30, 30)), "Ein Fahrrad"),
            reason="Unbeteiligte Person war erkennbar")

    for url in old_urls:
        assert client.get(url).status_code == 404
    assert not MediaItem.objects.filter(pk=old.pk).exists()
    new = correction.media
    new.refresh_from_db()
    assert (new.position, new.alt_text, new.status) == (old.position, "Ein Fahrrad",
                                                        MediaItem.Status.READY)
    assert client.get(new.jpeg(480)["url"]).status_code == 200
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Photo 1 replaced – Unbeteiligte Person war erkennbar" in page
    event = post.events.get(action=PostEvent.Action.CORRECTED)
    assert event.changes[0]["old"] == old.alt_text  # the record keeps what it described


def test_removing_a_photo_deletes_its_files_but_not_the_last_one(
        client, officer, press_officer, django_capture_on_commit_callbacks):
    post = make_post(officer, photos=2)
    first, second = post.media.all()
    url = first.jpeg(480)["url"]
    with django_capture_on_commit_callbacks(execute=True):
        corrections.correct(post, press_officer, remove=[first.pk], reason="Doppelt")
    assert client.get(url).status_code == 404
    assert list(post.media.all()) == [second]

    with pytest.raises(ValidationError, match="at least one photo"):
        corrections.correct(post, press_officer, remove=[second.pk], reason="Weg")
    assert post.media.count() == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"caption": "Neu", "reason": " "}, "Give a short reason"),
    ({"caption": "Neu", "reason": "x" * 201}, "at most 200 characters"),
    ({"caption": "Streife in der Altstadt #Streife", "reason": "Nichts"}, "Nothing was changed"),
    ({"alt_texts": {999999: "x"}, "reason": "Fremd"}, "not part of the post"),
    ({"caption": "x" * 2201, "reason": "Lang"}, "at most 2200 characters"),
])
def test_bad_input_changes_nothing(officer, press_officer, kwargs, message):
    post = make_post(officer)
    with pytest.raises(ValidationError, match=message):
        corrections.correct(post, press_officer, **kwargs)
    post.refresh_from_db()
    assert post.corrected_at is None and not Correction.objects.exists()


def test_only_a_published_post_and_only_staff_of_it(officer, colleague, citizen, press_officer):
    draft = make_post(officer, published=False)
    with pytest.raises(workflow.TransitionNotAllowed):
        corrections.correct(draft, press_officer, caption="Neu", reason="Tippfehler")
    post = make_post(officer)
    for user in (citizen, colleague.user):
        with pytest.raises(PermissionDenied):
            corrections.correct(post, user, caption="Neu", reason="Tippfehler")
    assert not Correction.objects.exists()


def test_an_officer_with_review_proposes_and_the_press_office_applies(officer, press_officer):
    post = make_post(officer, caption="Tippfeler")
    (proposal,) = corrections.correct(post, officer.user, caption="Tippfehler",
                                      reason="Tippfehler behoben")
    post.refresh_from_db()
    assert proposal.state == Correction.State.PROPOSED
    assert post.caption == "Tippfeler" and post.corrected_at is None

    corrections.apply_proposed([proposal], press_officer)
    post.refresh_from_db()
    proposal.refresh_from_db()
    assert post.caption == "Tippfehler" and post.corrected_at is not None
    assert (proposal.state, proposal.proposed_by, proposal.decided_by) == (
        Correction.State.APPLIED, officer.user, press_officer)


def test_a_stale_proposal_is_refused_and_can_be_declined(officer, press_officer):
    post = make_post(officer, caption="Alt")
    (proposal,) = corrections.correct(post, officer.user, caption="Neu", reason="Besser")
    corrections.correct(post, press_officer, caption="Ganz anders", reason="Pressestelle")
    with pytest.raises(ValidationError, match="changed since"):
        corrections.apply_proposed([proposal], press_officer)
    assert corrections.decline([proposal], press_officer, "Schon korrigiert.") == 1
    proposal.refresh_from_db()
    assert proposal.state == Correction.State.DECLINED
    assert Post.objects.get(pk=post.pk).caption == "Ganz anders"


def test_an_officer_without_review_corrects_at_once(officer):
    officer.publish_without_review = True
    officer.save()
    post = make_post(officer, caption="Alt")
    (correction,) = corrections.correct(post, officer.user, caption="Neu", reason="Besser")
    assert correction.state == Correction.State.APPLIED
    assert Post.objects.get(pk=post.pk).caption == "Neu"


def test_an_officer_whose_channel_needs_review_cannot_replace_a_photo(officer):
    post = make_post(officer)
    with pytest.raises(PermissionDenied):
        corrections.correct(post, officer.user, replace=(post.media.get().pk, photo(), "x"),
                            reason="Neu")


def test_the_feed_shows_the_updated_time(client, officer, press_officer):
    post = make_post(officer)
    post.published_at = post.published_at - datetime.timedelta(hours=2)
    post.save()
    corrections.correct(post, press_officer, caption="Neu formuliert", reason="Klarer")
    post.refresh_from_db()
    feed = client.get(reverse("posts:atom")).content.decode()
    entry = feed[feed.index("<entry>"):]
    updated = datetime.datetime.fromisoformat(
        entry[entry.index("<updated>") + 9:entry.index("</updated>")])
    assert abs((updated - post.corrected_at).total_seconds()) < 5  # not the publication
    assert "Corrected on" in entry


def test_the_corrections_cost_one_query_and_only_on_a_corrected_post(client, officer,
                                                                     press_officer):
    from tests.helpers.posts import queries_for

    plain, corrected = make_post(officer), make_post(officer)
    for n in range(3):
        corrections.correct(corrected, press_officer, caption=f"Fassung {n}", reason=f"Grund {n}")
    assert queries_for(client, corrected.get_absolute_url()) == \
        queries_for(client, plain.get_absolute_url()) + 1


def test_the_proposer_is_pushed_the_decision(push_phone, push, officer, press_officer,
                                             django_capture_on_commit_callbacks):
    from portal.push.kinds import Kind
    from tests.helpers.push_service import received

    phone = push_phone(officer.user, Kind.REVIEW_DECISION)
    post = make_post(officer, caption="Alt")
    with django_capture_on_commit_callbacks(execute=True):
        (first,) = corrections.correct(post, officer.user, caption="Neu", reason="Besser")
        corrections.apply_proposed([first], press_officer)
        (second,) = corrections.correct(post, officer.user, caption="Neuer", reason="x")
        corrections.decline([second], press_officer, "Nein.")
    link = reverse("posts:studio_correct", args=[post.pk])
    assert received(push, phone) == [("review_decision", link)] * 2


def test_a_german_page_says_korrigiert_am(client, officer, press_officer, settings):
    settings.LANGUAGE_CODE = "de"
    post = make_post(officer)
    corrections.correct(post, press_officer, caption="Neu", reason="Ort richtiggestellt")
    page = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Korrigiert am" in page and "Bildtext – Ort richtiggestellt" in page
