"""The same on a real S3-compatible store (SeaweedFS on loopback, tests/servers.py): a
draft's objects are only under private/, publishing puts them under public/ (readable by
anyone), withdrawing deletes them there (404 from the store itself), and the cache
lifetime the store sends is the short one."""

import pytest
from django.core.files.storage import storages

from posts import workflow
from posts.models import Post
from tests.helpers.posts import add_media, english, photo  # noqa: F401
from tests.helpers.review import approve, make_checklist
from tests.servers import http_get

pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]


def test_objects_are_public_only_while_the_post_is(s3_media, officer, press_officer):
    make_checklist()
    post = Post.objects.create(officer=officer, author=officer.user, caption="Entwurf")
    item = add_media(post, photo())
    folder = s3_media.folder_name
    assert not [k for k in s3_media.keys() if k.startswith(f"public/{folder}/")]
    draft_url = storages["default"].url(item.file_names()[0])
    assert http_get(draft_url)[0] in (403, 404)  # no such public object

    workflow.submit(post, officer.user)
    approve(post, press_officer)  # outside a transaction: the move runs at once
    item.refresh_from_db()
    assert item.files_public
    public = [storages["default"].url(name) for name in item.file_names()]
    for url in public:
        status, headers, _ = http_get(url)
        assert status == 200, url
        assert headers["Cache-Control"] == "public, max-age=3600"

    workflow.unpublish(post, press_officer, "Ein Gesicht ist erkennbar.")
    for url in public:
        assert http_get(url)[0] == 404, url
    assert not [k for k in s3_media.keys() if k.startswith(f"public/{folder}/")]
    item.refresh_from_db()
    assert not item.files_public
    private = {k.split("/", 2)[2] for k in s3_media.keys() if k.startswith("private/")}
    assert set(item.file_names()) <= private

    post.delete()
    assert s3_media.keys() == []
