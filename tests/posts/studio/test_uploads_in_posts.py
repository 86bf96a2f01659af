"""The post form takes finished resumable uploads by id (what the studio's script sends),
and the share target makes shared files a draft; both through the form's checks."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from posts import workflow
from posts.models import MediaItem, Post, ResumableUpload
from tests.helpers.posts import english, jpeg_bytes, mp4_bytes, photo, stored_files  # noqa: F401

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}


def finished_upload(client, data, filename="photo.jpg"):
    name = base64.b64encode(filename.encode()).decode()
    location = client.post("/studio/uploads/", HTTP_UPLOAD_LENGTH=str(len(data)),
                           HTTP_UPLOAD_METADATA=f"filename {name}", **TUS)["Location"]
    response = client.generic("PATCH", location, data,
                              content_type="application/offset+octet-stream",
                              HTTP_UPLOAD_OFFSET="0", **TUS)
    assert response.status_code == 204
    return location.rsplit("/", 1)[1]


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def post(url=None, **data):
        url = url or reverse("posts:studio_new")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"caption": "Streife", "place_name": "", **data},
                               headers={"Accept": "application/json"})
    return post


def test_a_post_takes_finished_uploads_in_order_and_they_are_deleted(client, officer, send):
    client.force_login(officer.user)
    first = finished_upload(client, jpeg_bytes(size=(80, 60)), "a.jpg")
    second = finished_upload(client, jpeg_bytes(size=(60, 80)), "b.jpg")
    response = send(upload=[second, first], alt_text=["Hochformat", "Querformat"])
    assert response.status_code == 200, response.content
    post = Post.objects.get()
    items = list(post.media.order_by("position"))
    assert [(i.alt_text, i.width, i.height) for i in items] == [
        ("Hochformat", 60, 80), ("Querformat", 80, 60),
    ]
    assert not ResumableUpload.objects.exists()
    assert not [name for name in stored_files() if name.startswith("resumable/")]


def test_another_officers_or_an_unfinished_upload_is_refused_and_nothing_changes(
        client, officer, colleague, send):
    client.force_login(colleague.user)
    theirs = finished_upload(client, jpeg_bytes())
    client.force_login(officer.user)
    for ids in ([theirs], ["not-a-uuid"], [finished_upload(client, jpeg_bytes())] * 2):
        response = send(upload=ids, alt_text=["Bild"] * len(ids))
        assert response.status_code == 400
        assert "not found or has expired" in response.json()["errors"][0]
    data = jpeg_bytes()
    location = client.post("/studio/uploads/", HTTP_UPLOAD_LENGTH=str(len(data)),
                           **TUS)["Location"]
    response = send(upload=[location.rsplit("/", 1)[1]], alt_text=["Bild"])
    assert response.status_code == 400
    assert not Post.objects.exists() and not MediaItem.objects.exists()
    assert ResumableUpload.objects.filter(owner=colleague.user).count() == 1


def test_the_form_checks_a_finished_upload_like_any_file(client, officer, send):
    client.force_login(officer.user)
    upload = finished_upload(client, jpeg_bytes())
    response = send(upload=[upload], alt_text=[""])  # a photo without alt text
    assert response.status_code == 400
    assert not Post.objects.exists()
    # The upload stays for the corrected form.
    assert send(upload=[upload], alt_text=["Ein Bild"]).status_code == 200


SHARE = reverse("posts:studio_share")


def test_shared_photos_become_a_draft_that_needs_alt_texts(client, officer, send):
    client.force_login(officer.user)
    response = send(SHARE, title="Einsatz", text="Vom Handy geteilt",
                    media=[photo("IMG_1.jpg"), photo("IMG_2.jpg")])
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:studio_edit", args=[post.pk])
    assert post.state == Post.State.DRAFT and post.caption == "Einsatz\n\nVom Handy geteilt"
    assert [m.alt_text for m in post.media.all()] == ["", ""]
    for item in post.media.all():
        item.status = MediaItem.Status.READY
        item.save()
    with pytest.raises(workflow.ValidationError, match="alt text"):
        workflow.submit(post, officer.user)


def test_a_shared_video_becomes_a_draft(client, officer, send):
    client.force_login(officer.user)
    clip = SimpleUploadedFile("VID.mp4", mp4_bytes(), "video/mp4")
    assert send(SHARE, media=[clip]).status_code == 302
    assert Post.objects.get().media.get().kind == MediaItem.Kind.VIDEO


def test_a_bad_shared_file_is_refused_clearly_and_leaves_nothing(client, officer, send):
    client.force_login(officer.user)
    bad = SimpleUploadedFile("IMG_3.jpg", b"<html>not a photo</html>", "image/jpeg")
    response = send(SHARE, media=[photo("IMG_1.jpg"), bad])
    assert response.status_code == 400
    assert "IMG_3.jpg" in response.content.decode()
    assert "not supported" in response.content.decode()
    assert not Post.objects.exists() and stored_files() == []


def test_only_officers_share_and_only_from_their_own_device(client, officer, citizen, send):
    client.force_login(citizen)
    assert send(SHARE, media=[photo()]).status_code == 403
    client.force_login(officer.user)
    response = client.post(SHARE, {"media": [photo()]}, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not Post.objects.exists() and stored_files() == []
