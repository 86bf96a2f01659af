"""Shared pieces of the accessibility tests: pages, videos of a given size and rate."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accessibility.models import EasyLanguagePage, Topic
from tests.helpers.posts import mp4_bytes


@pytest.fixture
def press_client(client, press_officer):
    client.force_login(press_officer)
    return client


def make_page(slug="was-finden-sie-hier", *, title="Was finden Sie hier?",
              body="Hier schreiben 2 Polizisten.\nSie zeigen ihre Arbeit.", topic=Topic.OFFER,
              published=True, order=1):
    return EasyLanguagePage.objects.create(slug=slug, title=title, body=body, topic=topic,
                                           published=published, order=order)


def sign_video(size=(320, 240), fps=25, seconds=1, name="dgs.mp4"):
    return SimpleUploadedFile(name, mp4_bytes(seconds=seconds, size=size, fps=fps),
                              "video/mp4")
