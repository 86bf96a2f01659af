"""The review's demo content: a post in every state, the queue not empty."""

import io

import pytest
from django.core.management.base import BaseCommand

from posts.demo import review as demo_review
from posts.models import ChecklistItem, Post, PostEvent


@pytest.fixture
def run(officer, colleague, press_officer):
    def run():
        command = BaseCommand(stdout=io.StringIO())
        demo_review.create(command, officers=[officer, colleague], citizens=[],
                           press=press_officer)

    return run


def test_it_leaves_a_post_in_every_state_with_its_history_once(run):
    run()

    assert set(Post.objects.values_list("state", flat=True)) == set(Post.State.values)
    assert Post.objects.filter(state=Post.State.SUBMITTED).count() >= 2
    for post in Post.objects.exclude(state=Post.State.DRAFT):
        assert post.events.exists(), post.state
        assert post.media_ready()
    for state in (Post.State.CHANGES_REQUESTED, Post.State.REJECTED, Post.State.UNPUBLISHED):
        assert Post.objects.get(state=state).review_note
    assert ChecklistItem.objects.filter(active=True).count() == 4
    assert PostEvent.objects.filter(action=PostEvent.Action.EDITED).exists()

    counts = Post.objects.count(), PostEvent.objects.count(), ChecklistItem.objects.count()
    run()  # idempotent
    assert (Post.objects.count(), PostEvent.objects.count(),
            ChecklistItem.objects.count()) == counts
