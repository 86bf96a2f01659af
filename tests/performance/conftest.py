"""Shared set-up of the performance tests: published posts with a processed photo, the
personas of tests/conftest.py, and assertions read in English."""

import pytest
from django.utils import timezone

from posts.models import Comment, Post
from tests.helpers.posts import make_post


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def post(officer):
    return make_post(officer, caption="Fahrradcodierung am Stiftsplatz")


def publish(officer, caption, minutes_ago=5, **fields):
    """A published post without media (fast; for lists of many posts)."""
    fields.setdefault("state", Post.State.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timezone.timedelta(minutes=minutes_ago))
    return Post.objects.create(officer=officer, author=officer.user, caption=caption, **fields)


def comment_on(post, author, body, parent=None):
    return Comment.write(post=post, author=author, body=body, parent=parent)


def html(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()
