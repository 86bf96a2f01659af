"""The review workflow (posts.workflow): every transition for every persona and state,
and the record each one leaves."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from officers.models import Officer
from posts import workflow
from posts.models import ChecklistItem, MediaItem, Post, PostEvent
from tests.helpers.review import approve, make_checklist, make_post

State = Post.State
Action = PostEvent.Action

NOTE = "Bitte das Kennzeichen links im Bild verpixeln."

# transition -> (call, who may do it, states it starts from, state it ends in or None
# for "unchanged")
TRANSITIONS = {
    "submit": (lambda p, u: workflow.submit(p, u), "owner",
               {State.DRAFT, State.CHANGES_REQUESTED}, State.SUBMITTED),
    "withdraw": (lambda p, u: workflow.withdraw_submission(p, u), "owner",
                 {State.SUBMITTED}, State.DRAFT),
    "request_changes": (lambda p, u: workflow.request_changes(p, u, NOTE), "press",
                        {State.SUBMITTED, State.APPROVED}, State.CHANGES_REQUESTED),
    "approve": (lambda p, u: workflow.approve(p, u, ChecklistItem.objects.all()), "press",
                {State.SUBMITTED, State.APPROVED}, State.PUBLISHED),
    "reject": (lambda p, u: workflow.reject(p, u, NOTE), "press",
               {State.SUBMITTED, State.APPROVED}, State.REJECTED),
    "unpublish": (lambda p, u: workflow.unpublish(p, u, NOTE), "press",
                  {State.PUBLISHED}, State.UNPUBLISHED),
    "reviewer_edit": (lambda p, u: workflow.reviewer_edit(p, u, caption="Neu formuliert."),
                      "press", {State.SUBMITTED, State.APPROVED, State.PUBLISHED}, None),
}
PERSONAS = ["owner", "colleague", "citizen", "press", "anonymous"]


@pytest.fixture(autouse=True)
def checklist(db):
    return make_checklist()


@pytest.fixture
def people(officer, colleague, citizen, press_officer):
    return {
        "owner": officer.user,
        "colleague": colleague.user,
        "citizen": citizen,
        "press": press_officer,
        "anonymous": AnonymousUser(),
    }


def snapshot(post):
    post = Post.objects.get(pk=post.pk)
    return (post.state, post.caption, post.review_note, post.scheduled_for,
            post.published_at, post.submitted_at)


@pytest.mark.parametrize("state", State.values)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", TRANSITIONS)
def test_it_allows_each_transition_only_to_its_actor_and_from_its_states(
    name, persona, state, people, officer
):
    call, allowed_actor, from_states, to_state = TRANSITIONS[name]
    post = make_post(officer, state=state, published_at=timezone.now()
                     if state == State.PUBLISHED else None)
    before = snapshot(post)

    if persona != allowed_actor:
        with pytest.raises(PermissionDenied):
            call(post, people[persona])
    elif state not in from_states:
        with pytest.raises(workflow.TransitionNotAllowed):
            call(post, people[persona])
    else:
        event = call(post, people[persona])
        post.refresh_from_db()
        assert post.state == (to_state or state)
        assert event.actor == people[persona]
        assert (event.from_state, event.to_state) == (state, post.state)
        assert list(post.events.all()) == [event]
        return

    assert snapshot(post) == before
    assert not PostEvent.objects.exists()


# --- the officer ---------------------------------------------------------------------


def test_it_submits_a_ready_draft_and_records_who_and_when(officer):
    post = make_post(officer)

    event = workflow.submit(post, officer.user)

    assert post.state == State.SUBMITTED  # the caller's instance is up to date
    post.refresh_from_db()
    assert post.state == State.SUBMITTED
    assert post.submitted_at is not None
    assert event.action == Action.SUBMITTED
    assert event.actor == officer.user
    assert (event.from_state, event.to_state) == (State.DRAFT, State.SUBMITTED)
    assert not Post.objects.published().exists()


@pytest.mark.parametrize(
    "media, status, message",
    [
        (0, MediaItem.Status.READY, "at least one photo"),
        (2, MediaItem.Status.PROCESSING, "still being processed"),
        (1, MediaItem.Status.FAILED, "could not be processed"),
    ],
)
def test_it_refuses_to_submit_before_the_media_is_ready(officer, media, status, message):
    post = make_post(officer, media=media, media_status=status)

    with pytest.raises(ValidationError, match=message):
        workflow.submit(post, officer.user)

    post.refresh_from_db()
    assert post.state == State.DRAFT
    assert not post.events.exists()


def test_it_resubmits_after_changes_and_clears_the_old_note(officer, press_officer):
    post = make_post(officer)
    workflow.submit(post, officer.user)
    workflow.request_changes(post, press_officer, NOTE)
    assert post.review_note == NOTE

    workflow.submit(post, officer.user)

    post.refresh_from_db()
    assert post.state == State.SUBMITTED
    assert post.review_note == ""
    # The note stays on record.
    assert post.events.get(action=Action.CHANGES_REQUESTED).note == NOTE


def test_it_takes_a_withdrawn_submission_back_to_draft(officer):
    post = make_post(officer)
    workflow.submit(post, officer.user)

    event = workflow.withdraw_submission(post, officer.user)

    post.refresh_from_db()
    assert post.state == State.DRAFT
    assert post.submitted_at is None
    assert (event.action, event.from_state, event.to_state) == (
        Action.WITHDRAWN, State.SUBMITTED, State.DRAFT)


def test_it_publishes_directly_for_an_officer_who_may_publish_without_review(officer):
    officer.publish_without_review = True
    officer.save()
    post = make_post(officer)

    event = workflow.submit(post, officer.user)

    assert list(Post.objects.published()) == [post]
    assert event.action == Action.PUBLISHED_WITHOUT_REVIEW
    assert (event.from_state, event.to_state) == (State.DRAFT, State.PUBLISHED)
    assert event.actor == officer.user


def test_it_still_requires_ready_media_without_review(officer):
    officer.publish_without_review = True
    officer.save()
    post = make_post(officer, media_status=MediaItem.Status.PROCESSING)

    with pytest.raises(ValidationError):
        workflow.submit(post, officer.user)

    assert not Post.objects.published().exists()


def test_it_publishes_directly_for_a_press_office_user_posting_on_their_channel(
    press_officer, station
):
    channel = Officer.objects.create(user=press_officer, handle="pressestelle_kl",
                                     display_name="Pressestelle", station=station)
    post = make_post(channel)

    event = workflow.submit(post, press_officer)

    assert event.action == Action.PUBLISHED_WITHOUT_REVIEW
    assert list(Post.objects.published()) == [post]


def test_it_refuses_an_inactive_owner(officer):
    officer.user.is_active = False
    officer.user.save()
    post = make_post(officer)

    with pytest.raises(PermissionDenied):
        workflow.submit(post, officer.user)


# --- the press office ----------------------------------------------------------------


@pytest.fixture
def submitted(officer):
    post = make_post(officer)
    workflow.submit(post, officer.user)
    return post


@pytest.mark.parametrize("note", ["", "   "])
@pytest.mark.parametrize("call", [workflow.request_changes, workflow.reject])
def test_it_requires_a_note_to_request_changes_or_reject(submitted, press_officer, call, note):
    with pytest.raises(ValidationError):
        call(submitted, press_officer, note)

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert submitted.events.count() == 1


def test_it_requires_a_reason_to_unpublish(submitted, press_officer):
    approve(submitted, press_officer)
    with pytest.raises(ValidationError):
        workflow.unpublish(submitted, press_officer, " ")
    assert Post.objects.published().exists()


def test_it_records_the_note_of_a_change_request(submitted, press_officer):
    event = workflow.request_changes(submitted, press_officer, f"  {NOTE}\n")

    submitted.refresh_from_db()
    assert submitted.state == State.CHANGES_REQUESTED
    assert submitted.review_note == NOTE
    assert (event.action, event.note, event.actor) == (
        Action.CHANGES_REQUESTED, NOTE, press_officer)


def test_it_records_a_rejection_with_its_reason(submitted, press_officer):
    event = workflow.reject(submitted, press_officer, "Zeigt Ermittlungsdetails.")

    submitted.refresh_from_db()
    assert submitted.state == State.REJECTED
    assert submitted.review_note == "Zeigt Ermittlungsdetails."
    assert (event.action, event.from_state, event.to_state) == (
        Action.REJECTED, State.SUBMITTED, State.REJECTED)


def test_it_records_an_unpublication_with_its_reason(submitted, press_officer):
    approve(submitted, press_officer)

    event = workflow.unpublish(submitted, press_officer, "Person erkennbar.")

    assert not Post.objects.published().exists()
    assert (event.action, event.note, event.from_state, event.to_state) == (
        Action.UNPUBLISHED, "Person erkennbar.", State.PUBLISHED, State.UNPUBLISHED)


def test_it_approves_and_publishes_now_with_the_checklist_on_record(
    submitted, press_officer, checklist
):
    items = checklist

    event = workflow.approve(submitted, press_officer, checklist=[i.pk for i in items],
                             note="Schönes Bild.")

    assert list(Post.objects.published()) == [submitted]
    assert submitted.published_at is not None
    assert event.action == Action.APPROVED
    assert (event.from_state, event.to_state) == (State.SUBMITTED, State.PUBLISHED)
    assert event.note == "Schönes Bild."
    assert event.checklist == [
        {"id": i.pk, "text": i.text, "checked": True} for i in items
    ]


def test_it_keeps_the_checklist_text_as_it_was_when_approved(submitted, press_officer, checklist):
    items = checklist
    event = workflow.approve(submitted, press_officer, checklist=items)

    items[0].text = "Something else entirely"
    items[0].save()
    items[1].delete()

    event.refresh_from_db()
    assert [entry["text"] for entry in event.checklist][:2] == [
        "Identifiable bystanders and licence plates are pixelated or cropped.",
        "No investigation details or personal data are visible.",
    ]


def test_it_refuses_approval_until_every_active_item_is_ticked(submitted, press_officer, checklist):
    items = checklist
    ChecklistItem.objects.create(text="Retired point", active=False)

    with pytest.raises(ValidationError, match="Alt texts describe"):
        workflow.approve(submitted, press_officer, checklist=[items[0], items[1], items[3]])

    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    # The inactive item is not asked.
    workflow.approve(submitted, press_officer, checklist=items)
    assert submitted.state == State.PUBLISHED


def test_it_schedules_an_approval_for_a_future_time(submitted, press_officer):
    at = timezone.now() + timezone.timedelta(hours=3)

    event = approve(submitted, press_officer, publish_at=at)

    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED
    assert submitted.scheduled_for == at
    assert submitted.published_at is None
    assert event.scheduled_for == at
    assert not Post.objects.published().exists()


def test_it_publishes_at_once_when_the_scheduled_time_has_passed(submitted, press_officer):
    approve(submitted, press_officer,
            publish_at=timezone.now() - timezone.timedelta(minutes=5))

    assert submitted.state == State.PUBLISHED
    assert list(Post.objects.published()) == [submitted]


def test_it_refuses_a_second_decision_on_a_stale_copy(submitted, press_officer):
    """Two reviewers open the same post; the second click meets the new state."""
    other_copy = Post.objects.get(pk=submitted.pk)
    approve(submitted, press_officer)

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.reject(other_copy, press_officer, NOTE)

    assert Post.objects.get(pk=submitted.pk).state == State.PUBLISHED
    assert submitted.events.filter(action=Action.REJECTED).count() == 0


def test_it_refuses_approval_while_the_checklist_is_empty(submitted, press_officer):
    ChecklistItem.objects.update(active=False)

    with pytest.raises(ValidationError, match="checklist is empty"):
        workflow.approve(submitted, press_officer)

    assert Post.objects.get(pk=submitted.pk).state == State.SUBMITTED


def test_it_refuses_approval_if_media_is_no_longer_ready(submitted, press_officer):
    submitted.media.update(status=MediaItem.Status.FAILED)

    with pytest.raises(ValidationError):
        approve(submitted, press_officer)

    assert not Post.objects.published().exists()


def test_a_superuser_may_review(submitted, admin_user):
    approve(submitted, admin_user)
    assert submitted.state == State.PUBLISHED


def test_a_staff_user_without_the_review_permission_may_not(submitted):
    from tests.conftest import make_user

    staff = make_user("it@polizei.example", is_staff=True)
    with pytest.raises(PermissionDenied):
        approve(submitted, staff)
    assert Post.objects.get(pk=submitted.pk).state == State.SUBMITTED


# --- reviewer edits ------------------------------------------------------------------


def test_it_records_old_and_new_values_of_a_reviewer_edit(submitted, press_officer):
    media = submitted.media.get()
    old_alt = media.alt_text

    event = workflow.reviewer_edit(
        submitted, press_officer, caption="Neue Bildunterschrift #Streife",
        alt_texts={media.pk: "Zwei Beamte neben einem Streifenwagen."},
    )

    submitted.refresh_from_db()
    media.refresh_from_db()
    assert submitted.caption == "Neue Bildunterschrift #Streife"
    assert media.alt_text == "Zwei Beamte neben einem Streifenwagen."
    assert submitted.state == State.SUBMITTED
    assert event.action == Action.EDITED
    assert event.actor == press_officer
    assert event.changes == [
        {"field": "caption", "old": "Streife am Ostertor, alles ruhig.",
         "new": "Neue Bildunterschrift #Streife"},
        {"field": "alt_text", "media": media.pk, "old": old_alt,
         "new": "Zwei Beamte neben einem Streifenwagen."},
    ]


def test_it_records_nothing_when_a_reviewer_edit_changes_nothing(submitted, press_officer):
    media = submitted.media.get()
    result = workflow.reviewer_edit(submitted, press_officer, caption=submitted.caption,
                                    alt_texts={media.pk: media.alt_text})
    assert result is None
    assert not submitted.events.filter(action=Action.EDITED).exists()


def test_it_refuses_an_alt_text_of_another_post(submitted, press_officer, colleague):
    foreign = make_post(colleague).media.get()

    with pytest.raises(ValidationError):
        workflow.reviewer_edit(submitted, press_officer, caption="Geändert",
                               alt_texts={foreign.pk: "Überschrieben"})

    foreign.refresh_from_db()
    submitted.refresh_from_db()
    assert foreign.alt_text != "Überschrieben"
    assert submitted.caption != "Geändert"  # nothing of the edit is saved
    assert not PostEvent.objects.filter(action=Action.EDITED).exists()


def test_it_refuses_to_empty_the_alt_text_of_a_photo(submitted, press_officer):
    media = submitted.media.get()
    with pytest.raises(ValidationError):
        workflow.reviewer_edit(submitted, press_officer, alt_texts={media.pk: "  "})
    media.refresh_from_db()
    assert media.alt_text


# --- the record ----------------------------------------------------------------------


def test_it_keeps_a_complete_history_in_order(officer, press_officer):
    post = make_post(officer)
    workflow.submit(post, officer.user)
    workflow.request_changes(post, press_officer, NOTE)
    workflow.submit(post, officer.user)
    workflow.reviewer_edit(post, press_officer, caption="Korrigiert")
    approve(post, press_officer)
    workflow.unpublish(post, press_officer, "Veraltet")

    assert [(e.action, e.from_state, e.to_state) for e in post.events.all()] == [
        (Action.SUBMITTED, State.DRAFT, State.SUBMITTED),
        (Action.CHANGES_REQUESTED, State.SUBMITTED, State.CHANGES_REQUESTED),
        (Action.SUBMITTED, State.CHANGES_REQUESTED, State.SUBMITTED),
        (Action.EDITED, State.SUBMITTED, State.SUBMITTED),
        (Action.APPROVED, State.SUBMITTED, State.PUBLISHED),
        (Action.UNPUBLISHED, State.PUBLISHED, State.UNPUBLISHED),
    ]
