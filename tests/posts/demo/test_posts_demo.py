"""The demo command fills both channels through the real pipeline."""

import io

import pytest

from officers import demo as officers_demo
from portal.discovery import app_modules
from posts import demo
from posts.demo import posts as posts_demo
from posts.models import MediaItem, Post
from tests.conftest import make_user


@pytest.mark.django_db
def test_the_demo_creates_channels_with_photos_and_a_video(settings):
    settings.DEBUG = True

    class Command:
        stdout = io.StringIO()

    users = [make_user(f"{name}@polizei.example") for name in ("isabel", "felix")]
    officers = officers_demo.create(Command(), officer_users=users)["officers"]
    posts_demo.create_posts(Command(), officers)

    for officer in officers:
        assert Post.objects.published().filter(officer=officer).count() >= 3
        officer.refresh_from_db()
        assert officer.portrait_renditions
    assert MediaItem.objects.filter(kind="video", status="ready").exists()
    assert not MediaItem.objects.exclude(status="ready").exists()
    assert all(m.alt_text for m in MediaItem.objects.filter(kind="photo"))
    assert Post.objects.filter(state=Post.State.DRAFT).exists()

    count = Post.objects.count()
    posts_demo.create_posts(Command(), officers)
    assert Post.objects.count() == count  # idempotent


def test_the_demo_command_finds_each_apps_demo_in_the_order_of_the_apps():
    assert [m.__name__ for m in app_modules("demo")] == [
        "officers.demo", "posts.demo", "inbox.demo", "accessibility.demo", "metrics.demo"]


def test_the_posts_demo_makes_the_posts_before_their_review_and_comments(monkeypatch):
    calls = []
    for target in ("posts.demo.posts.create_posts", "posts.demo.review.create",
                   "posts.demo.comments.create", "posts.demo.problems.create",
                   "posts.demo.corrections.create"):
        monkeypatch.setattr(target, lambda *a, _t=target, **k: calls.append(_t))
    demo.create(None, officers=[], citizens=[], press=None)
    assert calls == ["posts.demo.posts.create_posts", "posts.demo.review.create",
                     "posts.demo.comments.create", "posts.demo.problems.create",
                     "posts.demo.corrections.create"]
