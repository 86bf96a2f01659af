"""The review record is append-only."""

import pytest

from posts import workflow
from posts.models import Post, PostEvent
from posts.models.review import AppendOnlyError
from tests.helpers.review import make_post


@pytest.fixture
def event(officer):
    post = make_post(officer)
    return workflow.submit(post, officer.user)


def test_it_refuses_to_change_a_recorded_event(event):
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        PostEvent.objects.filter(pk=event.pk).update(note="rewritten")
    event.refresh_from_db()
    assert event.note == ""


def test_it_refuses_to_delete_a_recorded_event(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        PostEvent.objects.all().delete()
    assert PostEvent.objects.count() == 1


def test_an_officers_deleted_draft_takes_its_history_along(officer, event):
    post = event.post
    workflow.withdraw_submission(post, officer.user)
    Post.objects.get(pk=post.pk).delete()
    assert not PostEvent.objects.exists()
