"""How media files are answered: by their type (never what a name claims beyond the
few types the portal makes), with `nosniff`, inline. The public store's files are
served by the proxy or the object store (or portal.views.media_file in the embedded
set-up); files in the private store only through short-lived signed links, made for one
signed-in person in the studio and the admin (posts.media_links).

Who a page's private links are made for: `private_media_links` (a middleware) sets the
signed-in person for the requests of the studio and the admin, and only there, so that
no public page (stored in the page cache, shown to anyone) ever carries a signed link."""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import FileResponse, Http404, HttpResponse

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


RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def file_response(storage, name, request=None):
    """The stored file `name` as a response, or 404 (unknown type, not there). With the
    request, one byte range is answered (206), as Safari needs to play a video."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = MEDIA_TYPES.get(suffix)
    if content_type is None or ".." in name.split("/"):
        raise Http404
    try:
        handle = storage.open(name)
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    wanted = _range(request, storage, name) if request is not None else None
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end, size = wanted
        handle.seek(start)
        response = HttpResponse(handle.read(end - start + 1), status=206,
                                content_type=content_type)
        handle.close()
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def _range(request, storage, name):
    """(start, end, size) of a satisfiable single byte range asked for, else None (the
    whole file is sent: a client must take that, RFC 9110 14.2)."""
    match = RANGE_RE.match(request.headers.get("Range", "").strip())
    if not match or not any(match.groups()):
        return None
    try:
        size = storage.size(name)
    except (FileNotFoundError, OSError):
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    else:  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    if size == 0 or start > end or start >= size:
        return None
    # Large pieces are read into memory: a browser asks for ranges of a video it plays.
    end = min(end, start + MAX_RANGE_BYTES - 1)
    return start, end, size


MAX_RANGE_BYTES = 8 * 1024 * 1024


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
