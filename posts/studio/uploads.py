"""The studio's resumable uploads: the server side of tus 1.0 (https://tus.io/protocols/
resumable-upload) with the creation, expiration and termination extensions, for the
browser's tus-js-client. The rules for sizes, content and clean-up are in posts.uploads.

Only officers with an active channel may upload, and each sees only their own uploads
(404 for anyone else's). POST, PATCH and DELETE carry the CSRF token in a header."""

import base64
import binascii

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from posts import uploads
from posts.models import ResumableUpload
from posts.studio.posts import _get_officer

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,expiration,termination"


def _tus(response, upload=None):
    response["Tus-Resumable"] = TUS_VERSION
    if upload is not None:
        response["Upload-Offset"] = str(upload.offset)
        response["Upload-Length"] = str(upload.length)
        response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    return response


def _refusal(refused):
    response = HttpResponse(str(refused.message), status=refused.status,
                            content_type="text/plain; charset=utf-8")
    return _tus(response)


def _options():
    response = HttpResponse(status=204)
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = TUS_EXTENSIONS
    response["Tus-Max-Size"] = str(uploads.max_file_bytes())
    return _tus(response)


def _wrong_version(request):
    if request.headers.get("Tus-Resumable") == TUS_VERSION:
        return None
    response = HttpResponse("Tus-Resumable 1.0.0 is required.", status=412,
                            content_type="text/plain; charset=utf-8")
    response["Tus-Version"] = TUS_VERSION
    return response


def _header_int(request, name):
    try:
        value = int(request.headers.get(name, ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _metadata(header):
    """Upload-Metadata: comma-separated "key base64(value)" pairs."""
    values = {}
    for pair in (header or "").split(","):
        key, _, encoded = pair.strip().partition(" ")
        try:
            values[key] = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            values[key] = ""
    return values


def _get_upload_for_officer(request, upload_id):
    """The signed-in officer's own unexpired upload, or None (a 404 for everyone else)."""
    _get_officer(request)
    return ResumableUpload.objects.of(request.user).filter(pk=upload_id).first()


def _not_found():
    return _tus(HttpResponse(status=404))


@never_cache
@require_http_methods(["OPTIONS", "POST"])
def create(request):
    _get_officer(request)
    if request.method == "OPTIONS":
        return _options()
    if (wrong := _wrong_version(request)) is not None:
        return wrong
    length = _header_int(request, "Upload-Length")
    if length is None:
        return _refusal(uploads.Refused(400, "Upload-Length is required."))
    filename = _metadata(request.headers.get("Upload-Metadata")).get("filename", "")
    try:
        upload = uploads.create(request.user, length, filename)
    except uploads.Refused as refused:
        return _refusal(refused)
    response = HttpResponse(status=201)
    response["Location"] = request.build_absolute_uri(
        reverse("posts:studio_upload", args=[upload.pk])
    )
    return _tus(response, upload)


@never_cache
@require_http_methods(["OPTIONS", "HEAD", "PATCH", "DELETE"])
def piece(request, upload_id):
    if request.method == "OPTIONS":
        _get_officer(request)
        return _options()
    upload = _get_upload_for_officer(request, upload_id)
    if (wrong := _wrong_version(request)) is not None:
        return wrong
    if upload is None:
        return _not_found()
    if request.method == "HEAD":
        return _tus(HttpResponse(status=200), upload)
    if request.method == "DELETE":
        uploads.discard(upload)
        return _tus(HttpResponse(status=204))
    if request.content_type != "application/offset+octet-stream":
        return _refusal(uploads.Refused(415, "Content-Type application/offset+octet-stream "
                                             "is required."))
    offset = _header_int(request, "Upload-Offset")
    size = _header_int(request, "Content-Length")
    if offset is None or size is None:
        return _refusal(uploads.Refused(400, "Upload-Offset and Content-Length are "
                                             "required."))
    try:
        upload = uploads.append(upload, offset, request, size)
    except uploads.Refused as refused:
        return _refusal(refused)
    return _tus(HttpResponse(status=204), upload)
