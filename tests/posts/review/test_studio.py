"""The officer's side of the review in /studio/: submit, withdraw, see state and note."""

import pytest
from django.urls import reverse

from posts import workflow
from posts.models import MediaItem, Post
from tests.helpers.review import make_post


def submit_url(post):
    return reverse("posts:studio_submit", args=[post.pk])


def withdraw_url(post):
    return reverse("posts:studio_withdraw", args=[post.pk])


@pytest.fixture
def draft(officer):
    return make_post(officer)


def state_of(post):
    return Post.objects.get(pk=post.pk).state


def test_it_lets_the_owner_submit_a_ready_draft(client, officer, draft):
    client.force_login(officer.user)

    response = client.post(submit_url(draft), follow=True)

    assert response.redirect_chain[-1][0] == reverse("posts:studio")
    assert state_of(draft) == Post.State.SUBMITTED
    assert "with the press office" in response.content.decode()


def test_it_explains_why_a_draft_cannot_be_submitted_yet(client, officer):
    post = make_post(officer, media_status=MediaItem.Status.PROCESSING)
    client.force_login(officer.user)

    response = client.post(submit_url(post), follow=True)

    assert "still being processed" in response.content.decode()
    assert state_of(post) == Post.State.DRAFT


def test_it_refuses_a_submission_in_the_wrong_state(client, officer, draft):
    workflow.submit(draft, officer.user)
    client.force_login(officer.user)

    response = client.post(submit_url(draft), follow=True)

    assert "Only a draft can be submitted" in response.content.decode()
    assert draft.events.count() == 1


def test_it_lets_the_owner_withdraw_a_submission(client, officer, draft):
    workflow.submit(draft, officer.user)
    client.force_login(officer.user)

    client.post(withdraw_url(draft))

    assert state_of(draft) == Post.State.DRAFT


@pytest.mark.parametrize("url", [submit_url, withdraw_url])
def test_another_officer_gets_404_and_changes_nothing(client, colleague, draft, url):
    client.force_login(colleague.user)

    response = client.post(url(draft))

    assert response.status_code == 404
    assert state_of(draft) == Post.State.DRAFT
    assert not draft.events.exists()


@pytest.mark.parametrize("url", [submit_url, withdraw_url])
def test_citizens_and_press_office_get_403(client, citizen, press_officer, draft, url):
    for user in (citizen, press_officer):
        client.force_login(user)
        assert client.post(url(draft)).status_code == 403
    assert state_of(draft) == Post.State.DRAFT


@pytest.mark.parametrize("url", [submit_url, withdraw_url])
def test_anonymous_visitors_are_sent_to_login(client, draft, url):
    response = client.post(url(draft))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert state_of(draft) == Post.State.DRAFT


def test_it_accepts_only_post(client, officer, draft):
    client.force_login(officer.user)
    assert client.get(submit_url(draft)).status_code == 405
    assert state_of(draft) == Post.State.DRAFT


def test_the_studio_shows_state_note_and_the_right_button(client, officer, press_officer):
    draft = make_post(officer, caption="Entwurf eins")
    waiting = make_post(officer, caption="Wartet auf Prüfung")
    workflow.submit(waiting, officer.user)
    sent_back = make_post(officer, caption="Zurückgeschickt")
    workflow.submit(sent_back, officer.user)
    workflow.request_changes(sent_back, press_officer, "Bitte Gesicht im Hintergrund verpixeln.")
    client.force_login(officer.user)

    html = client.get(reverse("posts:studio")).content.decode()

    assert f'action="{submit_url(draft)}"' in html
    assert f'action="{withdraw_url(waiting)}"' in html
    assert f'action="{submit_url(waiting)}"' not in html
    assert f'action="{submit_url(sent_back)}"' in html
    assert "Bitte Gesicht im Hintergrund verpixeln." in html
    assert "Changes requested" in html or "Änderungen" in html
