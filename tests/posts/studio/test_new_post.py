"""/studio/new/: an officer posts photos with alt text or one video; every bad input is
refused with a clear message and leaves neither a row nor a file behind."""

import struct
import zlib

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.media.processing import strip_check
from posts import media_links
from posts.models import MediaItem, Post
from tests.helpers.posts import (
    english,  # noqa: F401 (autouse fixture)
    jpeg_bytes,
    photo,
    png_bytes,
    served,
    stored_files,
    video,
)

URL = reverse("posts:studio_new")


@pytest.fixture
def post_form(client, django_capture_on_commit_callbacks):
    """POST the form as the browser does; run what waits for the commit (processing)."""

    def send(files=(), alt_texts=(), caption="Streife in der Altstadt", json=False, **data):
        payload = {"caption": caption, "place_name": "Altstadt", "media": list(files),
                   "alt_text": list(alt_texts), **data}
        headers = {"Accept": "application/json"} if json else {}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, payload, headers=headers)

    return send


def assert_nothing_stored():
    assert not Post.objects.exists()
    assert not MediaItem.objects.exists()
    assert stored_files() == []


def test_it_shows_the_form_with_camera_and_gallery_inputs(client, officer):
    client.force_login(officer.user)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'accept="image/*,video/*"' in html
    assert 'capture="environment"' in html
    assert "multiple" in html
    assert "screen readers" in html  # the form says why alt text is needed
    assert "js/studio.js" in html


def test_it_creates_a_draft_with_processed_photos(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([photo("a.jpg"), photo("b.png", data=png_bytes())],
                         ["Zwei Streifenwagen", "Ein Fahrrad"], caption="Fahrradcodierung #PI2")
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:studio")
    post = Post.objects.get()
    assert (post.officer, post.author, post.state) == (officer, officer.user, Post.State.DRAFT)
    assert post.place_name == "Altstadt"
    assert post.tags == " pi2 "
    items = list(post.media.all())
    assert [m.alt_text for m in items] == ["Zwei Streifenwagen", "Ein Fahrrad"]
    assert [m.position for m in items] == [0, 1]
    assert all(m.status == MediaItem.Status.READY for m in items)
    assert post.media_ready()


def test_it_creates_a_draft_with_one_video_and_subtitles(client, officer, post_form, settings):
    client.force_login(officer.user)
    vtt = SimpleUploadedFile("clip.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHallo!\n")
    response = post_form([video()], [""], subtitles=vtt, subtitles_language="de")
    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert item.kind == MediaItem.Kind.VIDEO and item.status == MediaItem.Status.READY
    assert item.subtitles.name.endswith(".vtt")
    assert "clip" not in item.subtitles.name  # the uploaded name is not kept
    # A draft's files are private, the subtitles too (tests/posts/media/test_offline.py).
    assert not item.files_public
    with storages["private"].open(item.subtitles.name) as f:
        assert f.read().startswith(b"WEBVTT")
    assert not storages["default"].exists(item.subtitles.name)


def test_it_serves_nothing_with_exif_or_gps_from_an_upload(client, officer, post_form):
    client.force_login(officer.user)
    post_form([photo(data=jpeg_bytes(size=(1000, 700), gps=True))], ["Ein Streifenwagen"])
    item = MediaItem.objects.get()
    assert len(item.renditions) >= 4
    # A draft: the officer sees it through signed links (posts.media_links).
    for entry in item.renditions:
        data = served(client, media_links.signed_url(item, entry["name"], officer.user))
        assert strip_check(data) == {}, entry


def test_it_answers_the_upload_script_with_json(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([photo()], ["Ein Streifenwagen"], json=True)
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["redirect"] == reverse("posts:studio")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.jpg", jpeg_bytes()[:150], "could not be read"),
        ("page.jpg", b"<!doctype html><html><script>alert(1)</script></html>", "not supported"),
        ("logo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "not supported"),
        ("anim.gif", b"GIF89a" + b"\x00" * 100, "not supported"),
        ("empty.jpg", b"", "empty"),
    ],
)
def test_it_refuses_bad_files_and_keeps_nothing(
    client, officer, post_form, name, data, message
):
    client.force_login(officer.user)
    response = post_form([SimpleUploadedFile(name, data, "image/jpeg")], ["Ein Bild"])
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert name in html  # says which file
    assert "Streife in der Altstadt" in html  # what was typed stays
    assert_nothing_stored()


def png_bomb(width=20000, height=20000):
    """A few hundred bytes that claim 400 megapixels."""

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def test_it_refuses_a_decompression_bomb(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([SimpleUploadedFile("bomb.png", png_bomb(), "image/png")], ["Bombe"])
    assert "megapixels" in response.content.decode()
    assert_nothing_stored()


def test_it_refuses_a_photo_over_25_megabytes(client, officer, post_form):
    client.force_login(officer.user)
    big = jpeg_bytes() + b"\x00" * (25 * 1024 * 1024)
    response = post_form([SimpleUploadedFile("big.jpg", big, "image/jpeg")], ["Groß"])
    assert "too large" in response.content.decode()
    assert_nothing_stored()


def test_it_refuses_eleven_photos(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([photo(f"p{i}.jpg") for i in range(11)], ["Bild"] * 11)
    assert response.content.decode().count("at most 10 photos") == 2  # summary and field
    assert_nothing_stored()


def test_it_refuses_photos_and_a_video_together(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([photo(), video()], ["Bild", ""])
    assert "either photos or one video" in response.content.decode()
    assert_nothing_stored()


def test_it_refuses_a_post_without_media(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([], [])
    assert "at least one photo" in response.content.decode()
    assert_nothing_stored()


def test_it_refuses_a_photo_without_alt_text_and_says_why(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([photo("a.jpg"), photo("b.jpg")], ["Ein Streifenwagen", "  "])
    html = response.content.decode()
    assert "File 2 (b.jpg)" in html and "alt text" in html
    assert "cannot see it" in html
    assert "Ein Streifenwagen" in html  # the first alt text is kept
    assert_nothing_stored()


def test_it_refuses_an_overlong_alt_text(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([photo()], ["x" * 1001])
    assert "too long" in response.content.decode()
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"1\n00:00.000 --> 00:01.000\nHallo\n", "WEBVTT"),
        (b"WEBVTT\n\n\x00\x01binary", "only text"),
        (b"WEBVTT\n\n\xff\xfe\xfa", "UTF-8"),
        (b"WEBVTT\n" + b"a" * (300 * 1024), "too large"),
    ],
)
def test_it_refuses_bad_subtitles(client, officer, post_form, data, message):
    client.force_login(officer.user)
    response = post_form([video()], [""], subtitles=SimpleUploadedFile("s.vtt", data))
    assert message in response.content.decode()
    assert_nothing_stored()


def test_it_refuses_subtitles_without_a_video(client, officer, post_form):
    client.force_login(officer.user)
    vtt = SimpleUploadedFile("s.vtt", b"WEBVTT\n")
    response = post_form([photo()], ["Bild"], subtitles=vtt)
    assert "belong to a video" in response.content.decode()
    assert_nothing_stored()


def test_it_refuses_a_too_large_request_before_reading_it(client, officer, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client.force_login(officer.user)
    response = client.post(URL, {"caption": "x", "media": [photo()], "alt_text": ["Bild"]})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert_nothing_stored()


def test_it_tells_the_upload_script_what_failed(client, officer, post_form):
    client.force_login(officer.user)
    response = post_form([photo()], [""], json=True)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert any("alt text" in e for e in response.json()["errors"])
    assert_nothing_stored()


def test_it_tells_the_upload_script_when_the_request_is_too_large(client, officer, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client.force_login(officer.user)
    response = client.post(URL, {"media": [photo()], "alt_text": ["Bild"]},
                           headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert "too large" in response.json()["errors"][0]


def test_it_deletes_stored_files_when_saving_fails(client, officer, monkeypatch, post_form):
    """A database error after the first file is stored leaves no file behind."""
    client.force_login(officer.user)
    real_save = MediaItem.save

    def failing_save(self, *args, **kwargs):
        if self.position == 1:
            raise RuntimeError("database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(MediaItem, "save", failing_save)
    client.raise_request_exception = False
    response = post_form([photo("a.jpg"), photo("b.jpg")], ["A", "B"])
    assert response.status_code == 500
    assert_nothing_stored()


def test_it_needs_a_csrf_token(officer, django_capture_on_commit_callbacks):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer.user)
    response = client.post(URL, {"media": [photo()], "alt_text": ["Bild"]})
    assert response.status_code == 403
    assert_nothing_stored()


# --- Who may post ----------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["citizen", "press_officer"])
def test_it_refuses_people_without_a_channel(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"media": [photo()], "alt_text": ["Bild"]}).status_code == 403
    assert_nothing_stored()


def test_it_refuses_an_officer_whose_channel_is_closed(client, officer, press_officer):
    officer.deactivate(by=press_officer, posts_public=True)
    client.force_login(officer.user)
    assert client.get(URL).status_code == 403


def test_it_refuses_a_photo_too_tall_for_its_renditions_at_upload(client, officer, post_form):
    # WebP stores at most 16383 pixels a side: this one would fail in processing.
    client.force_login(officer.user)
    tall = SimpleUploadedFile("strip.png", png_bytes(size=(1, 60000)), "image/png")
    response = post_form([tall], ["Ein Streifen"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "This photo is too tall for its width (1 × 60000 pixels)" in html
    assert "strip.png" in html
    assert_nothing_stored()


def test_it_takes_a_tall_photo_within_the_renditions_limit(client, officer, post_form):
    client.force_login(officer.user)
    tall = SimpleUploadedFile("tall.png", png_bytes(size=(2, 16000)), "image/png")
    assert post_form([tall], ["Ein schmaler Streifen"]).status_code == 302
    item = MediaItem.objects.get()
    assert item.status == MediaItem.Status.READY, item.failure_reason
    assert max(r["height"] for r in item.renditions) == 16000
