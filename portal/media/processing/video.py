"""Videos: opening a container safely, and transcoding into the public H.264/AAC MP4.

Video encoder: the PyAV wheels carry FFmpeg built with libx264, which is used for
H.264 (``preset=veryfast``, ``crf=23``). libopenh264 and FFmpeg's default ``h264``
encoder are fallbacks for other builds; see ``_h264_encoder``.
"""

from __future__ import annotations

import io
import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import av
import numpy as np
from django.core.exceptions import ValidationError
from PIL import Image

from .limits import (
    _MSG_NO_VIDEO,
    _MSG_NOT_A_VIDEO,
    _MSG_VIDEO_BROKEN,
    VIDEO_MAX_FPS,
    VIDEO_MAX_SECONDS,
    _check_duration,
    _check_video_size,
)
from .photos import _PHOTO_ENCODERS
from .sniffing import _SNIFF_BYTES, _sniff

_POSTER_JPEG_OPTIONS = _PHOTO_ENCODERS["jpeg"][2]


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    duration: float  # seconds
    poster: bytes  # JPEG, same size as the video, no metadata


# --- Opening -------------------------------------------------------------------------


def _av_source(fp):
    """PyAV reads a real file faster than a Python file object."""
    path = getattr(fp, "temporary_file_path", None)
    return path() if callable(path) else fp


def _open_container(source, demuxer: str):
    """Open a video with the demuxer its magic bytes name (never a probed one: FFmpeg
    demuxers such as HLS or concat could otherwise be made to read other files)."""
    try:
        return av.open(source, mode="r", format=demuxer, metadata_errors="ignore")
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise ValidationError(_MSG_VIDEO_BROKEN, code="broken") from exc


def _video_stream(container):
    for stream in container.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:  # skip cover art
            return stream
    raise ValidationError(_MSG_NO_VIDEO, code="no_video")


def _quarter_turns(rotation) -> int:
    """Counter-clockwise quarter turns (0..3) for a display rotation in degrees."""
    return round((rotation or 0) / 90) % 4


# --- Video rendition -----------------------------------------------------------------


@cache
def _h264_encoder() -> str:
    """The H.264 encoder this FFmpeg build carries. PyAV's wheels include libx264."""
    for name in ("libx264", "libopenh264", "h264"):
        try:
            av.codec.Codec(name, "w")
        except av.codec.codec.UnknownCodecError:
            continue
        return name
    raise RuntimeError("This FFmpeg build has no H.264 encoder.")


_H264_OPTIONS = {
    "libx264": {"preset": "veryfast", "crf": "23"},
    "libopenh264": {"allow_skip_frames": "0"},
}


def video_rendition(
    src_path,
    dst_path,
    *,
    max_height: int = 720,
    frame_filter: Callable[[np.ndarray], np.ndarray] | None = None,
    max_seconds: float = VIDEO_MAX_SECONDS,
    max_fps: int = VIDEO_MAX_FPS,
) -> VideoInfo:
    """Transcode a video into a public H.264/AAC MP4 and make a JPEG poster.

    "At most 720p" means the short side is at most ``max_height`` and the long side at
    most 16/9 of it (1280 × 720 landscape, 720 × 1280 portrait); the video is never
    upscaled and both sides are even. Rotation metadata is applied to the pixels.
    Nothing from the source's metadata is copied: container and stream tags
    (location, creation time, make, model, ...) are all dropped, and the muxer runs
    in bit-exact mode so it does not even add its own "encoder" tag. Only one video
    and one audio track are kept: timed-metadata tracks (such as the location track
    phones may add), subtitles and chapters are left out. Frames above
    ``max_fps`` are dropped. Without an audio track in the source there is none in
    the output.

    ``frame_filter`` is called with each frame as an RGB ``uint8`` array (height,
    width, 3), already upright and scaled, and must return an array of the same shape.
    A filter that needs to see frames ahead offers ``push(frame)`` and ``flush()``
    instead: each returns the frames it is done with, in order, and ``flush`` the rest
    at the end (see ``portal.media.redaction.FaceBlurFilter``).
    The poster (the frame at about 1 s, or the first one) is taken after the filter.

    Raises ValidationError if the source cannot be decoded. If anything fails,
    ``dst_path`` is removed.
    """
    dst_path = os.fspath(dst_path)
    try:
        return _transcode(
            os.fspath(src_path),
            dst_path,
            max_height=max_height,
            frame_filter=frame_filter,
            max_seconds=max_seconds,
            max_fps=max_fps,
        )
    except BaseException:
        try:
            os.remove(dst_path)
        except FileNotFoundError:
            pass
        raise


def _output_size(width: int, height: int, max_height: int) -> tuple[int, int]:
    """Fit (width, height) into the "720p" box for its orientation, keeping the aspect
    ratio, never upscaling, with even sides."""
    short_limit = max_height
    long_limit = round(max_height * 16 / 9)
    scale = min(1.0, short_limit / min(width, height), long_limit / max(width, height))
    return (
        max(2, int(width * scale) // 2 * 2),
        max(2, int(height * scale) // 2 * 2),
    )


def _transcode(src_path, dst_path, *, max_height, frame_filter, max_seconds, max_fps):
    with open(src_path, "rb") as f:
        sniffed = _sniff(f.read(_SNIFF_BYTES))
    if sniffed is None or sniffed.kind != "video":
        raise ValidationError(_MSG_NOT_A_VIDEO, code="unsupported_type")

    try:
        first = _first_frame(src_path, sniffed.decoder)
        with _open_container(src_path, sniffed.decoder) as source:
            vin = _video_stream(source)
            vin.thread_type = "AUTO"
            ain = _audio_stream(source)
            quarter_turns = _quarter_turns(first.rotation)
            upright = (first.height, first.width) if quarter_turns % 2 else first.size
            out_w, out_h = _output_size(*upright, max_height)
            # Decoded frames are scaled to this size, then turned upright.
            scaled = (out_h, out_w) if quarter_turns % 2 else (out_w, out_h)
            rate = min(Fraction(max_fps), vin.average_rate or Fraction(max_fps))

            with av.open(
                dst_path,
                mode="w",
                format="mp4",
                container_options={"movflags": "+faststart", "fflags": "+bitexact"},
            ) as target:
                encoder = _h264_encoder()
                vout = target.add_stream(encoder, rate=rate, options=_H264_OPTIONS.get(encoder))
                vout.width, vout.height, vout.pix_fmt = out_w, out_h, "yuv420p"
                vout.codec_context.time_base = vin.time_base or Fraction(1, 90000)
                vout.codec_context.gop_size = max(1, round(float(rate) * 2))
                # Colour signalling (not metadata): pixels keep the source's matrix,
                # primaries and transfer, in limited range as H.264 players expect.
                vout.codec_context.colorspace = first.colorspace
                vout.codec_context.color_primaries = first.color_primaries
                vout.codec_context.color_trc = first.color_trc
                vout.codec_context.color_range = _LIMITED_RANGE
                aout = resampler = None
                if ain is not None:
                    aout, resampler = _add_audio_output(target, ain)

                # One time origin for both tracks keeps them in sync.
                origin = source.start_time / av.time_base if source.start_time else 0.0
                video = _VideoPipeline(
                    target, vout, origin, scaled, quarter_turns, frame_filter, max_fps, max_seconds
                )
                audio = _AudioPipeline(target, aout, origin, resampler) if aout else None
                for packet in source.demux([vin] + ([ain] if ain is not None else [])):
                    for frame in packet.decode():
                        if packet.stream is vin:
                            video.add(frame)
                        elif audio is not None:
                            audio.add(frame)
                video.finish()
                if audio is not None:
                    audio.finish()
                if video.poster is None:
                    raise ValidationError(_MSG_VIDEO_BROKEN, code="broken")
                poster = video.poster
    except av.FFmpegError as exc:
        raise ValidationError(_MSG_VIDEO_BROKEN, code="broken") from exc

    with av.open(dst_path, metadata_errors="ignore") as result:
        duration = (result.duration or 0) / av.time_base
    buffer = io.BytesIO()
    poster.save(buffer, "JPEG", **_POSTER_JPEG_OPTIONS)
    return VideoInfo(out_w, out_h, round(duration, 3), buffer.getvalue())


_LIMITED_RANGE = 1  # AVCOL_RANGE_MPEG
_FULL_RANGE = 2  # AVCOL_RANGE_JPEG


@dataclass(frozen=True)
class _FirstFrame:
    width: int
    height: int
    rotation: int  # degrees counter-clockwise
    colorspace: int
    color_primaries: int
    color_trc: int

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


def _first_frame(path: str, demuxer: str) -> _FirstFrame:
    """Geometry and colour of the first frame. Its rotation comes from the container's
    display matrix, which FFmpeg attaches to decoded frames."""
    with _open_container(path, demuxer) as container:
        stream = _video_stream(container)
        for frame in container.decode(stream):
            _check_video_size(frame.width, frame.height)
            return _FirstFrame(
                frame.width,
                frame.height,
                frame.rotation or 0,
                frame.colorspace,
                frame.color_primaries,
                frame.color_trc,
            )
    raise ValidationError(_MSG_VIDEO_BROKEN, code="broken")


def _audio_stream(container):
    """The first audio stream FFmpeg can decode, if any (phones may add tracks in
    formats without a decoder; those are left out)."""
    for stream in container.streams.audio:
        try:
            av.codec.Codec(stream.codec_context.name, "r")
        except (av.codec.codec.UnknownCodecError, ValueError):
            continue
        if stream.codec_context.sample_rate:
            return stream
    return None


def _add_audio_output(target, ain):
    rate = min(ain.codec_context.sample_rate, 48000)
    layout = "stereo" if ain.codec_context.channels >= 2 else "mono"
    aout = target.add_stream("aac", rate=rate)
    aout.layout = layout
    aout.bit_rate = 128_000 if layout == "stereo" else 64_000
    resampler = av.AudioResampler(
        format="fltp", layout=layout, rate=rate, frame_size=aout.codec_context.frame_size or 1024
    )
    return aout, resampler


class _VideoPipeline:
    """Scales, turns upright, filters, encodes and muxes decoded video frames, and keeps
    the poster: the first frame at or after 1 s, or else the first frame.

    Without a frame filter, frames stay in YUV: a frame that already has the output
    size and format is encoded as decoded, and rotation turns the three YUV planes.
    A frame filter needs RGB, so only then are frames converted to RGB and back.
    """

    POSTER_TIME = 1.0

    def __init__(
        self, target, vout, origin, scaled, quarter_turns, frame_filter, max_fps, max_seconds
    ):
        self.target = target
        self.vout = vout
        self.origin = origin
        self.scaled = scaled
        self.quarter_turns = quarter_turns
        self.frame_filter = frame_filter
        self.min_interval = 0.99 / max_fps  # tolerate timestamp jitter
        self.max_seconds = max_seconds
        self.time_base = vout.codec_context.time_base
        self.colorspace = vout.codec_context.colorspace
        self.last_time: float | None = None
        self.last_pts = -1
        self.poster: Image.Image | None = None
        self.poster_is_final = False
        self.held: deque = deque()  # (pts, time, colorspace, shape) of frames a filter holds

    def add(self, frame) -> None:
        if frame.time is not None:
            t = frame.time - self.origin
        else:  # no timestamp: assume the nominal frame rate
            t = (self.last_time or 0.0) + 1 / float(self.vout.codec_context.framerate or 30)
        if t < 0 or (self.last_time is not None and t - self.last_time < self.min_interval):
            return  # before the start, a duplicate timestamp, or above max_fps
        pts = round(t / self.time_base)
        if pts <= self.last_pts:
            return
        _check_duration(t, self.max_seconds)
        self.last_time, self.last_pts = t, pts

        if self.frame_filter is not None and hasattr(self.frame_filter, "push"):
            # A filter that looks ahead holds frames back: they come out later, in order.
            rgb, colorspace = self._rgb(frame)
            self.held.append((pts, t, colorspace, rgb.shape))
            for filtered in self.frame_filter.push(rgb):
                self._emit_filtered(filtered)
            return
        self._emit(self._convert(frame), pts, t)

    def _emit(self, out, pts, t):
        out.pts = pts
        out.time_base = self.time_base
        if self.poster is None or (not self.poster_is_final and t >= self.POSTER_TIME):
            self.poster = out.to_image()
            self.poster_is_final = t >= self.POSTER_TIME
        self.target.mux(self.vout.encode(out))

    def _emit_filtered(self, filtered):
        pts, t, colorspace, shape = self.held.popleft()
        self._emit(self._from_rgb(filtered, shape, colorspace), pts, t)

    def _scaled(self, frame):
        width, height = self.scaled
        if (frame.width, frame.height) != (width, height) or frame.format.name != "yuv420p":
            frame = frame.reformat(
                width=width,
                height=height,
                format="yuv420p",
                src_color_range=frame.color_range or _LIMITED_RANGE,
                dst_color_range=_LIMITED_RANGE,
                interpolation="AREA",
            )
        return frame

    def _rgb(self, frame):
        frame = self._scaled(frame)
        rgb = frame.to_ndarray(
            format="rgb24", src_color_range=_LIMITED_RANGE, dst_color_range=_FULL_RANGE
        )
        if self.quarter_turns:
            rgb = np.rot90(rgb, self.quarter_turns)
        return np.ascontiguousarray(rgb), frame.colorspace

    def _from_rgb(self, filtered, shape, colorspace):
        if filtered.shape != shape or filtered.dtype != np.uint8:
            raise ValueError("frame_filter must return a uint8 array of the same shape")
        out = av.VideoFrame.from_ndarray(np.ascontiguousarray(filtered), format="rgb24")
        return out.reformat(
            format="yuv420p",
            src_color_range=_FULL_RANGE,
            dst_color_range=_LIMITED_RANGE,
            # RGB -> YUV with the same matrix the frame was decoded with.
            dst_colorspace=colorspace if colorspace in _MATRICES else None,
        )

    def _convert(self, frame):
        if self.frame_filter is None:
            frame = self._scaled(frame)
            return _rotate_yuv420p(frame, self.quarter_turns) if self.quarter_turns else frame
        rgb, colorspace = self._rgb(frame)
        return self._from_rgb(self.frame_filter(rgb), rgb.shape, colorspace)

    def finish(self) -> None:
        if self.frame_filter is not None and hasattr(self.frame_filter, "flush"):
            for filtered in self.frame_filter.flush():
                self._emit_filtered(filtered)
        self.target.mux(self.vout.encode(None))


# Matrices swscale knows (AVCOL_SPC_*): BT.709, FCC, BT.470BG, SMPTE 170M, 240M, BT.2020.
_MATRICES = {1, 4, 5, 6, 7, 9}


def _rotate_yuv420p(frame, quarter_turns: int):
    """Turn a yuv420p frame by quarter turns counter-clockwise, plane by plane."""
    w, h = frame.width, frame.height
    planes = frame.to_ndarray()  # Y, then U, then V, as (h * 3 / 2, w) rows
    y = planes[:h]
    u = planes[h : h + h // 4].reshape(h // 2, w // 2)
    v = planes[h + h // 4 :].reshape(h // 2, w // 2)
    turned = [np.rot90(plane, quarter_turns).ravel() for plane in (y, u, v)]
    new_w, new_h = (h, w) if quarter_turns % 2 else (w, h)
    out = av.VideoFrame.from_ndarray(
        np.concatenate(turned).reshape(new_h * 3 // 2, new_w), format="yuv420p"
    )
    out.colorspace, out.color_range = frame.colorspace, frame.color_range
    return out


class _AudioPipeline:
    """Resamples decoded audio to AAC's sample format and frame size, encodes and
    muxes it; timestamps count samples from the shared time origin."""

    def __init__(self, target, aout, origin, resampler):
        self.target = target
        self.aout = aout
        self.origin = origin
        self.resampler = resampler
        self.rate = aout.codec_context.sample_rate
        self.next_pts: int | None = None

    def add(self, frame) -> None:
        if self.next_pts is None:
            start = (frame.time - self.origin) if frame.time is not None else 0.0
            self.next_pts = max(0, round(start * self.rate))
        for resampled in self.resampler.resample(frame):
            self._encode(resampled)

    def _encode(self, frame) -> None:
        frame.pts = self.next_pts
        frame.time_base = Fraction(1, self.rate)
        self.next_pts += frame.samples
        self.target.mux(self.aout.encode(frame))

    def finish(self) -> None:
        if self.next_pts is not None:
            for resampled in self.resampler.resample(None):
                self._encode(resampled)
        self.target.mux(self.aout.encode(None))
