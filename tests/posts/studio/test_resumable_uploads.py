"""The tus 1.0 server of the studio: pieces, resuming, limits, content checks, and that
a refused, dropped, abandoned or deleted upload leaves nothing behind."""

import base64
import datetime
import io

import pytest
import time_machine
from django.utils import timezone

from posts import privacy, tasks, uploads
from posts.models import ResumableUpload
from tests.helpers.posts import english, jpeg_bytes, mp4_bytes, stored_files  # noqa: F401

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
URL = "/studio/uploads/"


def metadata(filename):
    return "filename " + base64.b64encode(filename.encode()).decode()


def create(client, length, filename="photo.jpg", **extra):
    return client.post(URL, HTTP_UPLOAD_LENGTH=str(length),
                       HTTP_UPLOAD_METADATA=metadata(filename), **TUS, **extra)


def patch(client, location, offset, data, **extra):
    return client.generic("PATCH", location, data,
                          content_type="application/offset+octet-stream",
                          HTTP_UPLOAD_OFFSET=str(offset), **TUS, **extra)


def head(client, location):
    return client.generic("HEAD", location, **TUS)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer.user)
    return client


def test_it_announces_the_protocol_and_its_limits(officer_client, settings):
    response = officer_client.options(URL)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {"creation", "expiration",
                                                         "termination"}
    assert int(response["Tus-Max-Size"]) == 200 * 1024 * 1024


def test_it_takes_a_photo_in_pieces_and_resumes_where_it_stopped(officer_client):
    data = jpeg_bytes(size=(320, 240))
    response = create(officer_client, len(data))
    assert response.status_code == 201
    location = response["Location"]
    assert response["Upload-Expires"]
    first = patch(officer_client, location, 0, data[:1000])
    assert first.status_code == 204 and first["Upload-Offset"] == "1000"

    # The connection dropped: the client asks where to go on, and sends only the rest.
    asked = head(officer_client, location)
    assert asked.status_code == 200
    assert (asked["Upload-Offset"], asked["Upload-Length"]) == ("1000", str(len(data)))
    assert asked["Cache-Control"].startswith("max-age=0")
    last = patch(officer_client, location, 1000, data[1000:])
    assert last.status_code == 204 and last["Upload-Offset"] == str(len(data))

    upload = ResumableUpload.objects.get()
    assert upload.is_complete and upload.kind == "photo" and upload.filename == "photo.jpg"
    # One joined file, the pieces are gone.
    files = stored_files()
    assert files == [upload.pieces[0]]
    with uploads.open_file(upload) as f:
        assert f.read() == data


def test_a_piece_that_does_not_arrive_whole_stores_nothing(officer_client):
    data = jpeg_bytes(size=(320, 240))
    location = create(officer_client, len(data))["Location"]
    # The body ends early, as when the phone loses the network mid-request.
    with pytest.raises(uploads.Refused) as refused:
        uploads.append(ResumableUpload.objects.get(), 0, io.BytesIO(data[:500]), len(data))
    assert refused.value.status == 400
    assert head(officer_client, location)["Upload-Offset"] == "0"
    assert stored_files() == []
    assert patch(officer_client, location, 0, data).status_code == 204
    assert ResumableUpload.objects.get().is_complete


def test_it_refuses_a_piece_at_the_wrong_offset(officer_client):
    data = jpeg_bytes()
    location = create(officer_client, len(data))["Location"]
    assert patch(officer_client, location, 100, data[100:]).status_code == 409
    assert head(officer_client, location)["Upload-Offset"] == "0"
    assert stored_files() == []


def test_it_refuses_a_file_that_is_not_a_photo_or_video_at_its_first_piece(officer_client):
    html = b"<!doctype html><script>alert(1)</script>" + b" " * 5000
    location = create(officer_client, len(html) * 3, "evil.jpg")["Location"]
    response = patch(officer_client, location, 0, html)
    assert response.status_code == 415
    assert "not supported" in response.content.decode()
    assert not ResumableUpload.objects.exists()
    assert stored_files() == []
    assert head(officer_client, location).status_code == 404


def test_a_broken_file_is_refused_when_complete_and_leaves_nothing(officer_client):
    data = jpeg_bytes()[:20] + b"\0" * 3000  # JPEG magic, no image
    location = create(officer_client, len(data))["Location"]
    assert patch(officer_client, location, 0, data[:1500]).status_code == 204
    response = patch(officer_client, location, 1500, data[1500:])
    assert response.status_code == 422
    assert response.content.decode()
    assert not ResumableUpload.objects.exists()
    assert stored_files() == []


def test_it_refuses_too_large_files_and_pieces_before_storing(officer_client, settings):
    assert create(officer_client, 201 * 1024 * 1024).status_code == 413
    assert create(officer_client, 0).status_code == 400
    assert not ResumableUpload.objects.exists()
    # A photo may have 25 MB: a larger announced size is refused at its first piece.
    data = jpeg_bytes(size=(320, 240))
    location = create(officer_client, 30 * 1024 * 1024)["Location"]
    assert patch(officer_client, location, 0, data).status_code == 413
    assert not ResumableUpload.objects.exists()
    settings.RESUMABLE_PIECE_MAX_BYTES = 1000
    location = create(officer_client, len(data))["Location"]
    assert patch(officer_client, location, 0, data[:1001]).status_code == 413
    assert patch(officer_client, location, 0, data[:1000]).status_code == 204
    # Past the announced size.
    assert patch(officer_client, location, 1000, data[1000:] + b"x" * 10).status_code == 413
    assert stored_files() == ResumableUpload.objects.get().pieces


def test_an_officer_may_have_only_so_many_open_uploads(officer_client, settings):
    settings.RESUMABLE_UPLOADS_PER_USER = 2
    assert create(officer_client, 100).status_code == 201
    assert create(officer_client, 100).status_code == 201
    response = create(officer_client, 100)
    assert response.status_code == 429
    assert ResumableUpload.objects.count() == 2


def test_it_needs_the_protocol_header_and_the_piece_type(officer_client):
    assert officer_client.post(URL, HTTP_UPLOAD_LENGTH="10").status_code == 412
    location = create(officer_client, 10)["Location"]
    assert officer_client.generic("PATCH", location, b"x", content_type="text/plain",
                                  HTTP_UPLOAD_OFFSET="0", **TUS).status_code == 415
    assert stored_files() == []


def test_only_officers_upload_and_only_to_their_own_uploads(
        client, officer, colleague, citizen):
    client.force_login(citizen)
    assert create(client, 100).status_code == 403
    client.force_login(officer.user)
    data = jpeg_bytes()
    location = create(client, len(data))["Location"]
    assert patch(client, location, 0, data[:100]).status_code == 204

    client.force_login(colleague.user)
    assert head(client, location).status_code == 404
    assert patch(client, location, 100, data[100:]).status_code == 404
    assert client.generic("DELETE", location, **TUS).status_code == 404
    upload = ResumableUpload.objects.get()
    assert upload.offset == 100 and len(stored_files()) == 1

    client.logout()
    assert head(client, location).status_code == 302  # to the login page


def test_deleting_an_upload_deletes_its_pieces(officer_client):
    data = mp4_bytes()
    location = create(officer_client, len(data), "clip.mp4")["Location"]
    assert patch(officer_client, location, 0, data[:2000]).status_code == 204
    assert len(stored_files()) == 1
    assert officer_client.generic("DELETE", location, **TUS).status_code == 204
    assert not ResumableUpload.objects.exists()
    assert stored_files() == []


def test_abandoned_and_unused_uploads_expire_and_are_deleted(officer_client, settings):
    data = mp4_bytes()
    abandoned = create(officer_client, len(data), "clip.mp4")["Location"]
    patch(officer_client, abandoned, 0, data[:2000])
    finished = create(officer_client, len(data), "clip.mp4")["Location"]
    patch(officer_client, finished, 0, data)
    assert len(stored_files()) == 2
    later = timezone.now() + datetime.timedelta(hours=settings.RESUMABLE_UPLOAD_EXPIRY_HOURS - 1)
    with time_machine.travel(later):
        fresh = create(officer_client, len(data), "clip.mp4")["Location"]
        patch(officer_client, fresh, 0, data[:1000])
    with time_machine.travel(later + datetime.timedelta(hours=2)):
        assert head(officer_client, abandoned).status_code == 404  # expired: gone for the client
        assert tasks.delete_expired_uploads.call() == 2
    upload = ResumableUpload.objects.get()
    assert upload.offset == 1000
    assert stored_files() == upload.pieces


def test_two_tries_of_the_same_piece_store_it_once(officer_client):
    data = jpeg_bytes()
    location = create(officer_client, len(data))["Location"]
    upload = ResumableUpload.objects.get()
    stale = ResumableUpload.objects.get()  # as a second request read it
    assert patch(officer_client, location, 0, data[:200]).status_code == 204
    with pytest.raises(uploads.Refused) as refused:
        uploads.append(stale, 0, io.BytesIO(data[:200]), 200)
    assert refused.value.status == 409
    upload.refresh_from_db()
    assert upload.offset == 200 and stored_files() == upload.pieces


def test_deleting_the_account_deletes_its_uploads_and_their_files(
        officer_client, officer, colleague, django_capture_on_commit_callbacks):
    data = mp4_bytes()
    location = create(officer_client, len(data), "clip.mp4")["Location"]
    patch(officer_client, location, 0, data[:2000])
    officer_client.force_login(colleague.user)
    theirs = create(officer_client, len(data), "clip.mp4")["Location"]
    patch(officer_client, theirs, 0, data[:2000])
    assert len(stored_files()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        privacy.forget(officer.user)  # as portal.privacy.delete_account calls it
    upload = ResumableUpload.objects.get()
    assert upload.owner == colleague.user and stored_files() == upload.pieces
