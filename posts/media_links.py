"""Addresses of a post's media files, and the signed links to the private ones.

While a post is not public (a draft, in review, scheduled, rejected, withdrawn, expired,
its channel archived) or an item is taken offline, the item's files are in the private
store and have no public URL at all. The officer who runs the channel and the press
office see them in the studio and the admin through links signed for them, valid
PRIVATE_MEDIA_LINK_SECONDS: /studio/media/<token>, the token naming the item, the file
and the person. The door (posts.studio.media.signed_file) checks all three again, and
the person's permission as it is now."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from portal.media import serving
from portal.media.storage import public_url
from posts import redaction

SALT = "posts.media_links.private-file"


def may_see(user, post):
    """The owner officer and the press office see a post's private media (as they see
    its private preview: posts.redaction.may_see)."""
    return bool(user is not None and user.is_authenticated and redaction.may_see(user, post))


def url_for(item, name):
    """The address of the item's file `name`: public while the item belongs online; a
    signed link for the viewer of a studio or admin page who may see it; else ""."""
    if not name:
        return ""
    # Public where the item belongs online, even in the moment before its files get
    # there: they keep their names when they go public (posts.media.place_files).
    if item.belongs_online:
        return public_url(name)
    viewer = serving.viewer()
    if viewer is None or not viewer.may(("post", item.post_id),
                                        lambda: may_see(viewer.user, item.post)):
        return ""
    return signed_url(item, name, viewer.user)


def signed_url(item, name, user):
    token = signing.dumps({"m": item.pk, "n": name, "u": user.pk}, salt=SALT, compress=True)
    return reverse("posts:studio_media", args=[token])


def unsign(token):
    """(media id, file name, user id) from a valid token, or None (forged, expired,
    malformed)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PRIVATE_MEDIA_LINK_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    media_id, name, user_id = data.get("m"), data.get("n"), data.get("u")
    if not (isinstance(media_id, int) and isinstance(name, str) and isinstance(user_id, int)):
        return None
    return media_id, name, user_id
