"""Videos in German Sign Language: uploaded by the press office through the portal's
video pipeline, refused when too small or too slow to read signs, and shown at
/gebaerdensprache/ with a download link that names size and duration."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accessibility import videos
from accessibility.models import SignLanguageVideo, Topic
from portal.media.processing import strip_check
from tests.accessibility.conftest import sign_video
from tests.helpers.posts import (  # noqa: F401 (english: autouse fixture)
    english,
    jpeg_bytes,
    served,
    stored_files,
)

pytestmark = pytest.mark.django_db
ADD = reverse("admin:accessibility_signlanguagevideo_add")


def upload(press_client, file, capture, **fields):
    data = {"title": "Was finden Sie hier?", "topic": Topic.OFFER, "description": "",
            "order": "1", "published": "on", "original": file, **fields}
    with capture(execute=True):
        return press_client.post(ADD, data)


def test_a_readable_video_is_processed_and_shown_with_its_download_link(
        press_client, client, django_capture_on_commit_callbacks):
    response = upload(press_client, sign_video((320, 240), fps=25, seconds=2),
                      django_capture_on_commit_callbacks)
    assert response.status_code == 302
    video = SignLanguageVideo.objects.get()
    assert video.status == SignLanguageVideo.Status.READY
    assert (video.width, video.height, video.frame_rate) == (320, 240, 25.0)
    assert video.duration == pytest.approx(2, abs=0.1)
    with default_storage.open(video.poster) as f:
        assert strip_check(f.read()) == {}
    assert served(client, video.video_url)[4:8] == b"ftyp"  # public, without a signature
    html = client.get("/gebaerdensprache/").content.decode()
    assert f'<source src="{video.video_url}" type="video/mp4">' in html
    assert f'poster="{video.poster_url}"' in html
    link = html[html.index(f'<a href="{video.video_url}" download>'):]
    link = link[:link.index("</a>")]
    assert "Video herunterladen" in link and "MP4" in link
    assert "KB" in link or "bytes" in link
    assert "0:02 min" in link


@pytest.mark.parametrize(("size", "fps", "message"), [
    ((240, 180), 25, "too small (240 × 180 pixels)"),
    ((320, 200), 25, "too small (320 × 200 pixels)"),
    ((320, 240), 15, "has 15 frames per second"),
    ((640, 360), 24, "has 24 frames per second"),
])
def test_a_video_too_small_or_too_slow_for_signs_is_refused(
        press_client, django_capture_on_commit_callbacks, size, fps, message):
    response = upload(press_client, sign_video(size, fps=fps),
                      django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SignLanguageVideo.objects.exists() and stored_files() == []


def test_a_portrait_video_of_the_minimum_size_is_accepted():
    videos.inspect(sign_video((240, 320), fps=30))


def test_a_photo_or_no_file_is_refused(press_client, django_capture_on_commit_callbacks):
    photo = SimpleUploadedFile("dgs.mp4", jpeg_bytes(), "video/mp4")
    response = upload(press_client, photo, django_capture_on_commit_callbacks)
    assert "Please upload a video" in response.content.decode()
    response = upload(press_client, "", django_capture_on_commit_callbacks)
    assert "Please choose the video file." in response.content.decode()
    assert not SignLanguageVideo.objects.exists() and stored_files() == []


def test_unpublished_or_unprocessed_videos_are_not_shown(client):
    SignLanguageVideo.objects.create(title="Entwurf", published=False, video="v/a/b.mp4",
                                     status=SignLanguageVideo.Status.READY)
    SignLanguageVideo.objects.create(title="In Arbeit", published=True)
    html = client.get("/gebaerdensprache/").content.decode()
    assert "Entwurf" not in html and "In Arbeit" not in html
    assert "noch keine Videos" in html


def test_a_video_that_fails_in_processing_says_why_and_leaves_no_file(
        press_client, django_capture_on_commit_callbacks, settings):
    good = sign_video((320, 240), fps=25, seconds=2)
    settings.SIGN_LANGUAGE_VIDEO_MAX_SECONDS = 1  # checked again by the worker
    video = SignLanguageVideo(title="Zu lang", published=True)
    video.original.save("x", good, save=True)
    assert videos.process(video) == "failed"
    video.refresh_from_db()
    assert video.status == SignLanguageVideo.Status.FAILED
    assert "too long" in video.failure_reason
    assert stored_files() == []


def test_deleting_a_video_deletes_its_files(
        press_client, django_capture_on_commit_callbacks):
    upload(press_client, sign_video(), django_capture_on_commit_callbacks)
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        SignLanguageVideo.objects.get().delete()
    assert stored_files() == []


def test_the_admin_list_warns_of_explanations_still_missing(press_client):
    html = press_client.get(reverse("admin:accessibility_signlanguagevideo_changelist")) \
        .content.decode()
    assert "Not yet published in German Sign Language" in html
    assert "How to find your way around the website" in html


def test_a_video_stuck_in_processing_can_be_processed_again(
        press_client, django_capture_on_commit_callbacks):
    video = SignLanguageVideo(title="Hängt", published=True)
    video.original.save("x", sign_video(), save=True)  # saved, its task lost
    with django_capture_on_commit_callbacks(execute=True):
        press_client.post(reverse("admin:accessibility_signlanguagevideo_changelist"),
                          {"action": "process_again", "_selected_action": [video.pk]})
    video.refresh_from_db()
    assert video.status == SignLanguageVideo.Status.READY
