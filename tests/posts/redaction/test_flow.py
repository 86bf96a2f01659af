"""Redaction in the studio and the review: suggestions stored on processing,
areas marked through the form, the private preview, the history, approval refused while
a suggestion is undecided."""

import json
import re
from html import unescape

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from portal.media.processing import strip_check
from portal.media.redaction import MAX_REGIONS, Region
from posts import workflow
from posts.models import MediaItem, MediaRedaction, Post, PostEvent, RedactionSuggestion
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)
from tests.helpers.redaction import (
    FACE,
    FIXED_DETECTOR,
    FixedDetector,
    box,
    decode,
    draft_with_photo,
    form_data,
    preview_url,
    redact_url,
)
from tests.helpers.review import approve, make_checklist

Decision = RedactionSuggestion.State
HAND = {"x": 0.05, "y": 0.6, "w": 0.2, "h": 0.2, "kind": "manual"}


@pytest.fixture(autouse=True)
def fixed_detector(settings):
    settings.REDACTION_DETECTOR = FIXED_DETECTOR
    FixedDetector.calls = 0


@pytest.fixture
def draft(officer):
    return draft_with_photo(officer)


@pytest.fixture
def save(client, django_capture_on_commit_callbacks):
    """Posts the redaction form; the re-processing it enqueues runs on commit."""

    def save(item, user, **fields):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(redact_url(item), form_data(item, **fields))

    return save


def public_exists(name):
    return storages["default"].exists(name)


# --- suggestions on processing ---------------------------------------------------------


def test_it_stores_the_detectors_suggestions_when_a_photo_is_first_processed(draft):
    post, item = draft
    (suggestion,) = item.suggestions.all()
    assert (suggestion.kind, suggestion.state) == ("face", Decision.PROPOSED)
    assert suggestion.region == FACE
    assert MediaRedaction.objects.get(media=item).detected_at is not None


def test_it_runs_the_detector_only_on_the_first_processing(draft, officer, save):
    post, item = draft
    assert FixedDetector.calls == 1
    save(item, officer.user, regions=[HAND])
    item.refresh_from_db()
    assert item.status == MediaItem.Status.READY
    assert FixedDetector.calls == 1
    assert item.suggestions.count() == 1


# --- the form --------------------------------------------------------------------------


def test_it_shows_the_widget_with_a_private_preview_and_the_suggestions(client, officer, draft):
    post, item = draft
    suggestion = item.suggestions.get()
    client.force_login(officer.user)
    response = client.get(redact_url(item))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-redact" in html
    assert f'name="regions-{item.pk}"' in html
    assert f'name="accepted-{item.pk}"' in html
    assert preview_url(item) in html
    assert f'"id": {suggestion.pk}' in html
    assert "js/redact.js" in html and "css/redact.css" in html
    # The public renditions are not what the widget shows.
    assert not any(r["name"] in html for r in item.renditions)


def test_it_round_trips_marked_areas_through_the_form(client, officer, draft, save):
    post, item = draft
    suggestion = item.suggestions.get()
    accepted = {**FACE.__dict__, "x": 0.31}  # accepted, then moved a little
    response = save(item, officer.user, regions=[accepted, HAND], accepted=[suggestion.pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:studio_edit", args=[post.pk])

    item.refresh_from_db()
    assert item.regions == [
        {"x": 0.31, "y": 0.3, "w": 0.3, "h": 0.3, "kind": "face"},
        HAND,
    ]
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by) == (Decision.ACCEPTED, officer.user)

    html = client.get(redact_url(item)).content.decode()
    shown = re.search(rf'name="regions-{item.pk}" value="([^"]*)"', html).group(1)
    assert json.loads(unescape(shown)) == item.regions  # (jsonb may reorder the keys)
    assert f'name="accepted-{item.pk}" value="{suggestion.pk}"' in html


@pytest.mark.parametrize(
    "regions, message",
    [
        ('[{"x": "left", "y": 0.1, "w": 0.1, "h": 0.1}]', "invalid position or size"),
        ('[{"x": 0.1, "y": 0.1, "w": -0.1, "h": 0.1}]', "has no size"),
        ('[{"x": 0.8, "y": 0.1, "w": 0.5, "h": 0.1}]', "lies outside the photo"),
        ('[{"x": 1.2, "y": 0.1, "w": 0.1, "h": 0.1}]', "lies outside the photo"),
        (json.dumps([HAND] * (MAX_REGIONS + 1)), "Too many marked areas"),
        ("{not json", "could not be read"),
    ],
)
def test_it_refuses_bad_areas_with_a_clear_message_and_changes_nothing(
    client, officer, draft, save, regions, message
):
    post, item = draft
    before = list(item.renditions)
    suggestion = item.suggestions.get()
    response = save(item, officer.user, regions=regions, accepted=[suggestion.pk])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    item.refresh_from_db()
    suggestion.refresh_from_db()
    assert item.regions == []
    assert item.renditions == before
    assert suggestion.state == Decision.PROPOSED
    assert not PostEvent.objects.filter(action="redaction").exists()


def test_it_refuses_a_suggestion_of_another_photo(client, officer, draft, save):
    post, item = draft
    other_post, other = draft_with_photo(officer)
    foreign = other.suggestions.get()
    response = save(item, officer.user, regions=[HAND], dismissed=[foreign.pk])
    assert response.status_code == 400
    assert "does not belong to this photo" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.state == Decision.PROPOSED
    item.refresh_from_db()
    assert item.regions == []


def test_it_refuses_changes_while_the_photo_is_processed(client, officer, draft, save):
    post, item = draft
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.PROCESSING)
    response = save(item, officer.user, regions=[HAND])
    assert response.status_code == 400
    assert "still being processed" in response.content.decode()
    item.refresh_from_db()
    assert item.regions == []


def test_it_accepts_a_suggestion_without_the_widget_by_blurring_it_as_proposed(
    client, officer, draft, save
):
    post, item = draft
    suggestion = item.suggestions.get()
    save(item, officer.user, regions="[]", accepted=[suggestion.pk])
    item.refresh_from_db()
    assert item.regions == [{"x": 0.3, "y": 0.3, "w": 0.3, "h": 0.3, "kind": "face"}]


# --- history ---------------------------------------------------------------------------


def test_it_records_who_marked_accepted_and_dismissed_what(client, officer, draft, save):
    post, item = draft
    suggestion = item.suggestions.get()
    save(item, officer.user, regions=[HAND], dismissed=[suggestion.pk])

    event = PostEvent.objects.get(post=post, action="redaction")
    assert event.actor == officer.user
    assert event.from_state == event.to_state == Post.State.DRAFT
    assert event.changes == [
        {"field": "regions", "media": item.pk, "old": [], "new": [HAND]},
        {"field": "suggestion", "media": item.pk, "suggestion": suggestion.pk, "kind": "face",
         "decision": "dismissed",
         "area": {"x": 0.3, "y": 0.3, "w": 0.3, "h": 0.3, "kind": "face"}},
    ]
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by) == (Decision.DISMISSED, officer.user)
    assert suggestion.decided_at is not None


def test_it_records_nothing_when_nothing_changed(client, officer, draft, save):
    post, item = draft
    response = save(item, officer.user, regions=[])
    assert response.status_code == 302
    assert not PostEvent.objects.filter(action="redaction").exists()


# --- who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["colleague", "citizen", "press_officer"])
def test_it_hides_a_draft_from_everyone_but_its_officer(client, draft, persona, request):
    post, item = draft
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    client.force_login(user)
    expected = 403 if persona == "press_officer" else 404  # the press office may see it
    assert client.get(redact_url(item)).status_code == expected
    assert client.post(redact_url(item), form_data(item, regions=[HAND])).status_code == expected
    item.refresh_from_db()
    assert item.regions == []


def test_it_lets_the_press_office_mark_areas_while_it_reviews(
    client, officer, press_officer, save
):
    post, item = draft_with_photo(officer, state=Post.State.SUBMITTED)
    client.force_login(officer.user)
    assert client.get(redact_url(item)).status_code == 403  # no longer the officer's

    suggestion = item.suggestions.get()
    response = save(item, press_officer, regions=[FACE.__dict__], accepted=[suggestion.pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:posts_post_change", args=[post.pk])
    item.refresh_from_db()
    assert item.regions == [{"x": 0.3, "y": 0.3, "w": 0.3, "h": 0.3, "kind": "face"}]
    assert PostEvent.objects.get(action="redaction").actor == press_officer


# --- the private preview ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ["colleague", "citizen"])
def test_it_refuses_the_preview_to_colleagues_and_citizens(client, draft, persona, request):
    post, item = draft
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(preview_url(item)).status_code == 404


def test_it_refuses_the_preview_to_anonymous_visitors(client, draft):
    post, item = draft
    response = client.get(preview_url(item))
    assert response.status_code == 302  # deny by default: to the login page, no image
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["officer", "press_officer"])
def test_it_streams_a_private_clean_downscaled_preview(client, draft, persona, request):
    post, item = draft
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    response = client.get(preview_url(item))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert strip_check(response.content) == {}


def test_it_previews_the_stored_areas_pixelated(client, officer, draft, save):
    post, item = draft
    client.force_login(officer.user)
    plain = decode(client.get(preview_url(item)).content)
    save(item, officer.user, regions=[HAND])
    item.refresh_from_db()
    blurred = decode(client.get(preview_url(item)).content)
    hand = Region(**HAND)
    inside = abs(box(plain, hand.grown(-0.2)) - box(blurred, hand.grown(-0.2))).mean()
    assert inside > 20
    far = Region(0.5, 0.0, 0.5, 0.3)
    assert abs(box(plain, far) - box(blurred, far)).mean() < 3


# --- approval ------------------------------------------------------------------------


def test_it_refuses_approval_while_a_suggestion_is_undecided(officer, press_officer):
    make_checklist()
    post, item = draft_with_photo(officer, state=Post.State.SUBMITTED)
    with pytest.raises(workflow.ValidationError) as refused:
        approve(post, press_officer)
    assert "neither accepted nor dismissed" in " ".join(refused.value.messages)
    post.refresh_from_db()
    assert post.state == Post.State.SUBMITTED

    item.suggestions.update(state=Decision.DISMISSED)
    approve(post, press_officer)
    assert post.state == Post.State.PUBLISHED


def test_it_refuses_approval_in_the_admin_with_the_message(client, officer, press_officer):
    make_checklist()
    post, item = draft_with_photo(officer, state=Post.State.SUBMITTED)
    client.force_login(press_officer)
    from posts.models import ChecklistItem

    response = client.post(
        reverse("admin:posts_post_decide", args=[post.pk, "approve"]),
        {"approve-checklist": [c.pk for c in ChecklistItem.objects.all()], "publish_now": "1"},
        follow=True,
    )
    assert "neither accepted nor dismissed" in response.content.decode()
    post.refresh_from_db()
    assert post.state == Post.State.SUBMITTED


def test_it_refuses_publishing_without_review_while_a_suggestion_is_undecided(officer):
    officer.publish_without_review = True
    officer.save()
    post, item = draft_with_photo(officer)
    with pytest.raises(workflow.ValidationError):
        workflow.submit(post, officer.user)
    post.refresh_from_db()
    assert post.state == Post.State.DRAFT


def test_the_review_page_shows_areas_and_dismissed_suggestions(
    client, officer, press_officer, save
):
    post, item = draft_with_photo(officer, state=Post.State.SUBMITTED)
    suggestion = item.suggestions.get()
    save(item, press_officer, regions=[HAND], dismissed=[suggestion.pk])
    response = client.get(reverse("admin:posts_post_change", args=[post.pk]))
    html = response.content.decode()
    assert "Blurred areas" in html
    assert 'class="redaction-area" x="5.00" y="60.00" width="20.00" height="20.00"' in html
    assert 'class="redaction-dismissed" x="30.00" y="30.00"' in html
    assert "dismissed by" in html
    assert preview_url(item) in html
    assert redact_url(item) in html
    assert "blurred areas changed" in html  # the history
    assert f"suggestion {suggestion.pk} (face) dismissed" in html


def test_the_review_and_the_studio_say_what_was_found_and_how_sure(
    client, officer, press_officer
):
    post, item = draft_with_photo(officer, state=Post.State.SUBMITTED)
    RedactionSuggestion.objects.create(
        media=item, kind="plate", x=0.7, y=0.8, w=0.2, h=0.05, score=0.64
    )
    client.force_login(press_officer)

    review = unescape(client.get(reverse("admin:posts_post_change", args=[post.pk]))
                      .content.decode())
    studio = unescape(client.get(redact_url(item)).content.decode())

    for html in (review, studio):
        assert "Faces found: 1, plates found: 1, text found: 0." in html
        assert "face, confidence 80 %: not decided yet" in html
        assert "licence plate, confidence 64 %: not decided yet" in html


def test_a_photo_without_suggestions_says_nothing_was_found(client, officer, settings):
    settings.REDACTION_DETECTOR = "tests.helpers.redaction.NoDetector"
    post, item = draft_with_photo(officer)
    client.force_login(officer.user)
    html = unescape(client.get(redact_url(item)).content.decode())
    assert "Faces found: 0, plates found: 0, text found: 0." in html
