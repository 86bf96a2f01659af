"""Media on a real S3-compatible store (SeaweedFS on loopback, see tests/servers.py):
public renditions readable by anyone with their type and cache headers, originals only
through signed (presigned) requests, nothing left in the bucket when a post goes or
processing fails."""

import pytest
from django.core.files.storage import storages

from posts.models import MediaItem
from tests.helpers.posts import (  # noqa: F401
    add_media,
    english,
    jpeg_bytes,
    make_post,
    mp4_bytes,
    photo,
    video,
)
from tests.servers import http_get

pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(officer):
    # Published: a draft's renditions are private (tests/posts/media/test_offline_s3.py).
    return make_post(officer, photos=0)


def test_it_serves_photo_renditions_publicly_with_type_and_cache_headers(s3_media, draft):
    item = add_media(draft, photo(data=jpeg_bytes(size=(640, 480), gps=True)))
    assert item.status == MediaItem.Status.READY
    types = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
    for entry in item.renditions:
        url = storages["default"].url(entry["name"])
        assert url.startswith(s3_media.endpoint_url) and "Signature" not in url
        status, headers, body = http_get(url)
        assert status == 200, url
        assert headers["Content-Type"] == types[entry["format"]]
        assert headers["Cache-Control"] == "public, max-age=3600"
        assert len(body) == entry["bytes"]
    assert f"private/{s3_media.folder_name}/{item.original.name}" in s3_media.keys()


def test_it_keeps_the_original_private_but_for_a_presigned_url(s3_media, draft):
    item = add_media(draft, photo())
    public_try = storages["default"].url(item.original.name).replace("/public/", "/private/")
    assert http_get(public_try)[0] == 403
    presigned = storages["private"].url(item.original.name)
    assert "X-Amz-Signature=" in presigned and "X-Amz-Expires=300" in presigned
    status, _, body = http_get(presigned)
    assert status == 200 and body[:2] == b"\xff\xd8"  # the original JPEG


def test_it_makes_a_video_and_poster_with_their_types(s3_media, draft):
    item = add_media(draft, video(data=mp4_bytes()), kind=MediaItem.Kind.VIDEO)
    assert item.status == MediaItem.Status.READY, item.failure_reason
    for name, content_type in ((item.video, "video/mp4"), (item.poster, "image/jpeg")):
        status, headers, _ = http_get(storages["default"].url(name))
        assert (status, headers["Content-Type"]) == (200, content_type)


def test_it_deletes_every_object_when_the_post_is_deleted(s3_media, draft):
    add_media(draft, photo())
    add_media(draft, video(data=mp4_bytes()), kind=MediaItem.Kind.VIDEO, position=1)
    assert len(s3_media.keys()) > 4
    draft.delete()
    assert s3_media.keys() == []


def test_it_leaves_nothing_in_the_bucket_when_processing_fails(s3_media, draft):
    item = add_media(draft, photo(data=b"\xff\xd8" + b"not a jpeg" * 50))
    assert item.status == MediaItem.Status.FAILED
    assert s3_media.keys() == []
