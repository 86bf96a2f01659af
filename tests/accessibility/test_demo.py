"""The demo has the four explanations in Leichte Sprache and a video in the sign-language
slot, made on the fly, and can be run again."""

import pytest

from accessibility import demo
from accessibility.easy_language_rules import hints
from accessibility.models import EasyLanguagePage, SignLanguageVideo, Topic
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


def test_the_demo_has_all_four_explanations_and_a_sign_language_video(client):
    demo.create(None)
    demo.create(None)  # idempotent
    pages = EasyLanguagePage.objects.published()
    assert {p.topic for p in pages} == set(Topic.values) and pages.count() == 4
    for page in pages:
        assert hints(page.body) == [], page.slug  # the demo keeps its own rules
        assert client.get(page.get_absolute_url()).status_code == 200
    (video,) = SignLanguageVideo.objects.shown()
    assert (video.width, video.height, video.frame_rate) == (640, 360, 25.0)
    assert "Video herunterladen" in client.get("/gebaerdensprache/").content.decode()
