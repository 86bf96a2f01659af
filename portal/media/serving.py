"""How media files are answered: by their type (never what a name claims beyond the
few types the portal makes), with `nosniff`, inline. The public store's files are
served by the proxy or the object store (or portal.views.media_file in the embedded
set-up); files in the private store only through short-lived signed links, made for one
signed-in person in the studio and the admin (posts.media_links).

Who a page's private links are made for: `private_media_links` (a middleware) sets the
signed-in person for the requests of the studio and the admin, and only there, so that
no public page (stored in the page cache, shown to anyone) ever carries a signed link."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.http import FileResponse, Http404

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".mp4": "video/mp4",
    ".vtt": "text/vtt; charset=utf-8",
}

# Where the studio and the admin live: their pages may show private media (the
# second factor is asked on the same paths, portal.middleware.STAFF_ONLY_PATHS).
PRIVATE_LINK_PATHS = ("/studio/", "/admin/")


def file_response(storage, name):
    """The stored file `name` as a response, or 404 (unknown type, not there)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = MEDIA_TYPES.get(suffix)
    if content_type is None or ".." in name.split("/"):
        raise Http404
    try:
        handle = storage.open(name)
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


class Viewer:
    """The person private media links are made for in this request, with what was
    already decided about them (one permission check per post and page)."""

    def __init__(self, user):
        self.user = user
        self.decided = {}

    def may(self, key, decide):
        if key not in self.decided:
            self.decided[key] = bool(decide())
        return self.decided[key]


_viewer = ContextVar("private_media_viewer", default=None)


def viewer():
    """The Viewer of this request's private media links, or None (public pages)."""
    return _viewer.get()


@contextmanager
def links_for(user):
    """Private media links on pages rendered inside are made for `user`."""
    token = _viewer.set(Viewer(user) if user is not None else None)
    try:
        yield
    finally:
        _viewer.reset(token)


def private_media_links(get_response):
    """Middleware: the studio's and the admin's pages (rendered inside, templates too)
    get signed links for the signed-in person; every other page gets none."""

    def middleware(request):
        if not request.path_info.startswith(PRIVATE_LINK_PATHS):
            return get_response(request)
        with links_for(request.user):
            return get_response(request)

    return middleware
