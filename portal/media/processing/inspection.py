"""Upload inspection: is this an accepted photo or video, within the limits, and what
size is it? The file must really decode with the decoder its magic bytes name."""

from __future__ import annotations

from dataclasses import dataclass

import av
from django.core.exceptions import ValidationError

from .limits import (
    _MSG_EMPTY,
    _MSG_NOT_A_PHOTO,
    _MSG_NOT_A_VIDEO,
    _MSG_UNSUPPORTED,
    _MSG_VIDEO_BROKEN,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS,
    VIDEO_MAX_BYTES,
    VIDEO_MAX_SECONDS,
    _check_bytes,
    _check_duration,
    _check_photo_shape,
    _check_video_size,
)
from .photos import _decompression_bomb_guard, _load_photo, _open_photo, _orientation, _release
from .sniffing import _binary_file, _file_size, _read_head, _sniff, _Sniffed
from .video import _av_source, _open_container, _quarter_turns, _video_stream


@dataclass(frozen=True)
class UploadInfo:
    """What :func:`inspect_upload` found. Width and height are as displayed, i.e.
    after EXIF orientation (photos) or rotation metadata (videos) is applied."""

    kind: str  # "photo" or "video"
    mime: str
    width: int
    height: int
    duration: float | None  # seconds, videos only
    # Frames a second, videos only: measured from the frames' timestamps (the header's
    # average where they give none), so a header cannot claim a rate the video lacks.
    frame_rate: float | None = None


def inspect_upload(
    f,
    *,
    kind: str | None = None,
    photo_max_bytes: int = PHOTO_MAX_BYTES,
    photo_max_pixels: int = PHOTO_MAX_PIXELS,
    video_max_bytes: int = VIDEO_MAX_BYTES,
    video_max_seconds: float = VIDEO_MAX_SECONDS,
) -> UploadInfo:
    """Check an upload and tell what it is, or raise ValidationError.

    ``f`` is a Django ``UploadedFile`` or any seekable binary file object. ``kind``
    ("photo" or "video") restricts what is accepted. The file is rewound afterwards.
    Photos are fully decoded (JPEG at 1/8 scale, which still reads all image data);
    videos are demuxed to the end to measure their real duration and their first
    frame is decoded.
    """
    if kind not in (None, "photo", "video"):
        raise ValueError(f"kind must be None, 'photo' or 'video', not {kind!r}")
    with _binary_file(f) as fp:
        size = _file_size(fp)
        if size == 0:
            raise ValidationError(_MSG_EMPTY, code="empty")
        limits = {"photo": photo_max_bytes, "video": video_max_bytes}
        _check_bytes(size, limits[kind] if kind else max(limits.values()))
        sniffed = _sniff(_read_head(fp))
        if sniffed is None:
            raise ValidationError(_MSG_UNSUPPORTED, code="unsupported_type")
        if kind == "photo" and sniffed.kind != "photo":
            raise ValidationError(_MSG_NOT_A_PHOTO, code="wrong_kind")
        if kind == "video" and sniffed.kind != "video":
            raise ValidationError(_MSG_NOT_A_VIDEO, code="wrong_kind")
        _check_bytes(size, limits[sniffed.kind])
        if sniffed.kind == "photo":
            return _inspect_photo(fp, sniffed, max_pixels=photo_max_pixels)
        return _inspect_video(fp, sniffed, max_seconds=video_max_seconds)


def _inspect_photo(fp, sniffed: _Sniffed, *, max_pixels: int) -> UploadInfo:
    with _decompression_bomb_guard():
        img = _open_photo(fp, sniffed, max_pixels=max_pixels)
        try:
            width, height = img.size
            swapped = _orientation(img) in (5, 6, 7, 8)
            if sniffed.decoder == "JPEG":
                # Decoding at 1/8 scale still reads every scan, so truncation is caught,
                # but needs only 1/64 of the memory.
                img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            _load_photo(img, max_pixels=max_pixels)
        finally:
            _release(img)
    if swapped:
        width, height = height, width
    _check_photo_shape(width, height)
    return UploadInfo("photo", sniffed.mime, width, height, None)


def _inspect_video(fp, sniffed: _Sniffed, *, max_seconds: float) -> UploadInfo:
    container = _open_container(_av_source(fp), sniffed.decoder)
    try:
        stream = _video_stream(container)
        if container.duration is not None and container.duration > 0:
            _check_duration(container.duration / av.time_base, max_seconds)
        # Headers can lie (or, for browser-made WebM, be missing): measure the real
        # duration from packet timestamps, and decode the first frame on the way.
        first_frame = None
        start = end = None
        frames = 0
        time_base = stream.time_base
        for packet in container.demux(stream):
            if packet.size:
                frames += 1
            if packet.pts is not None and time_base is not None:
                t0 = float(packet.pts * time_base)
                t1 = t0 + float((packet.duration or 0) * time_base)
                start = t0 if start is None else min(start, t0)
                end = t1 if end is None else max(end, t1)
                _check_duration(end - start, max_seconds)
            if first_frame is None:
                decoded = packet.decode()
                if decoded:
                    first_frame = decoded[0]
        if first_frame is None:  # the decoder may hold frames back until flushed
            decoded = stream.codec_context.decode(None)
            first_frame = decoded[0] if decoded else None
        if first_frame is None:
            raise ValidationError(_MSG_VIDEO_BROKEN, code="broken")
    except av.FFmpegError as exc:
        raise ValidationError(_MSG_VIDEO_BROKEN, code="broken") from exc
    finally:
        container.close()
    width, height = first_frame.width, first_frame.height
    _check_video_size(width, height)
    if _quarter_turns(first_frame.rotation) % 2:
        width, height = height, width
    duration = (end - start) if start is not None else 0.0
    if duration > 0 and frames:
        frame_rate = frames / duration
    else:
        frame_rate = float(stream.average_rate or 0) or None
    return UploadInfo("video", sniffed.mime, width, height, round(duration, 3),
                      round(frame_rate, 3) if frame_rate else None)
