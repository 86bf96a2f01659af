"""The demo command fills both channels through the real pipeline."""

import io

import pytest

from posts.models import MediaItem, Post


@pytest.mark.django_db
def test_the_demo_creates_channels_with_photos_and_a_video(settings):
    settings.DEBUG = True
    from posts import demo

    class Command:
        stdout = io.StringIO()

    from officers.models import Officer, Station
    from tests.conftest import make_user

    station = Station.objects.create(name="PI 2")
    officers = [
        Officer.objects.create(user=make_user(f"{h}@polizei.example"), handle=h,
                               display_name=h.split("_")[0].title(), station=station)
        for h in ("isabel_polizeikl", "felix_polizeikl")
    ]
    demo.create(Command(), officers=officers, citizens=[], press=None)

    for officer in officers:
        assert Post.objects.published().filter(officer=officer).count() >= 3
        officer.refresh_from_db()
        assert officer.portrait_renditions
    assert MediaItem.objects.filter(kind="video", status="ready").exists()
    assert not MediaItem.objects.exclude(status="ready").exists()
    assert all(m.alt_text for m in MediaItem.objects.filter(kind="photo"))
    assert Post.objects.filter(state=Post.State.DRAFT).exists()

    count = Post.objects.count()
    demo.create(Command(), officers=officers, citizens=[], press=None)
    assert Post.objects.count() == count  # idempotent


@pytest.mark.django_db
def test_the_demo_command_lists_posts_demo_first():
    from portal.management.commands.demo import DEMO_MODULES

    assert DEMO_MODULES[0] == "posts.demo"
