"""Inspection measures a video's frame rate from its frames' timestamps (what the
sign-language check needs, accessibility/videos.py); photos have none."""

import io

import pytest

from portal.media.processing import inspect_upload
from tests.helpers.posts import jpeg_bytes, mp4_bytes


@pytest.mark.parametrize("fps", [10, 25, 30])
def test_it_measures_the_frame_rate_of_a_video(fps):
    info = inspect_upload(io.BytesIO(mp4_bytes(seconds=2, fps=fps)))
    assert info.frame_rate == pytest.approx(fps, abs=0.01)


def test_a_photo_has_no_frame_rate():
    assert inspect_upload(io.BytesIO(jpeg_bytes())).frame_rate is None
