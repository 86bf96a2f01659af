"""Tests for portal.media.processing: upload inspection, photo renditions, video transcoding.

All media is generated on the fly and tiny (a few dozen pixels, one-second videos).
Refusals are checked by ValidationError.code, so no translation machinery is needed.
"""

import io
import os
import struct
import types
import zlib

import av
import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, features

from portal.media import processing
from portal.media.processing import (
    UploadInfo,
    inspect_upload,
    photo_renditions,
    strip_check,
    video_rendition,
)

# --- Media factories -----------------------------------------------------------------

GPS = {1: "N", 2: (49.0, 26.0, 40.0), 3: "E", 4: (7.0, 45.0, 59.0)}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def image_bytes(fmt="JPEG", size=(60, 40), color=(255, 0, 0), mode="RGB", **save):
    img = Image.new(mode, size, color)
    buffer = io.BytesIO()
    img.save(buffer, fmt, **save)
    return buffer.getvalue()


def two_colour_jpeg(size=(60, 40), **save):
    """Left half red, right half blue."""
    img = Image.new("RGB", size, (0, 0, 255))
    img.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=95, **save)
    return buffer.getvalue()


def exif(orientation=None, gps=False):
    data = Image.Exif()
    data[0x010F] = "Apple"  # Make
    data[0x0110] = "iPhone 15"  # Model
    if orientation:
        data[0x0112] = orientation
    if gps:
        data[0x8825] = GPS
    return data


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width, height) -> bytes:
    """A ~60-byte PNG whose header declares width x height pixels."""
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


# sRGB colorants, D50-adapted, as ICC profiles store them.
SRGB_RED = (0.4361, 0.2225, 0.0139)
SRGB_GREEN = (0.3851, 0.7169, 0.0971)
SRGB_BLUE = (0.1431, 0.0606, 0.7141)


def rgb_icc_profile(red, green, blue, description="Test RGB") -> bytes:
    """A minimal ICC v2 matrix/TRC RGB display profile."""
    ascii_desc = description.encode() + b"\0"
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 563)  # gamma 2.2
    tags = [
        (
            b"desc",
            b"desc\0\0\0\0"
            + struct.pack(">I", len(ascii_desc))
            + ascii_desc
            + struct.pack(">IIHB", 0, 0, 0, 0)
            + b"\0" * 67,
        ),
        (b"cprt", b"text\0\0\0\0none\0"),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    header = (
        struct.pack(">I", offset + len(data))
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + b"\0" * 4
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


# A profile whose red and green primaries are sRGB's green and red: a pixel stored as
# pure red means sRGB green, so a correct conversion visibly turns it green.
SWAPPED_ICC = rgb_icc_profile(SRGB_GREEN, SRGB_RED, SRGB_BLUE, "Swapped red and green")


def make_video(
    path,
    *,
    fmt=None,
    codec="libx264",
    size=(64, 48),
    seconds=1.0,
    fps=10,
    audio=True,
    audio_codec="aac",
    rotation=None,
    metadata=None,
    container_options=None,
):
    """Left half red, right half green, top quarter blue; optional silent audio."""
    width, height = size
    picture = np.zeros((height, width, 3), np.uint8)
    picture[:, : width // 2] = (255, 0, 0)
    picture[:, width // 2 :] = (0, 255, 0)
    picture[: height // 4] = (0, 0, 255)
    with av.open(str(path), "w", format=fmt, container_options=container_options) as container:
        container.metadata.update(metadata or {})
        video = container.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if metadata:
            video.metadata.update(metadata)
        if rotation is not None:
            video.set_display_rotation(rotation)
        sound = None
        if audio:
            sound = container.add_stream(audio_codec, rate=48000)
            sound.layout = "mono"
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = i
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if sound is not None:
            samples = 960 if audio_codec == "libopus" else 1024
            for pts in range(0, round(seconds * 48000), samples):
                frame = av.AudioFrame.from_ndarray(
                    np.zeros((1, samples), np.float32), format="fltp", layout="mono"
                )
                frame.sample_rate, frame.pts = 48000, pts
                container.mux(sound.encode(frame))
            container.mux(sound.encode(None))
    return path


@pytest.fixture(scope="module")
def videos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("videos")
    return {
        "mp4": make_video(folder / "clip.mp4"),
        "mov": make_video(folder / "clip.mov", fmt="mov"),
        "webm": make_video(folder / "clip.webm", codec="libvpx", audio_codec="libopus", fmt="webm"),
        "silent": make_video(folder / "silent.mp4", audio=False),
        "rotated": make_video(folder / "rotated.mp4", rotation=90, audio=False),
        "tagged": make_video(
            folder / "tagged.mp4",
            metadata={
                "location": "+49.4447+007.7690/",
                "creation_time": "2024-05-01T10:00:00Z",
                "make": "Apple",
                "model": "iPhone 15",
                "title": "Streife Innenstadt",
            },
        ),
    }


def check(**kwargs):
    """The code of the ValidationError that inspect_upload raises."""
    with pytest.raises(ValidationError) as error:
        inspect_upload(**kwargs)
    return error.value.code


def refusal_code(data: bytes, **limits) -> str:
    return check(f=io.BytesIO(data), **limits)


def decode_first_frame(path):
    with av.open(str(path)) as container:
        return next(container.decode(video=0))


def top_level_boxes(path) -> list[bytes]:
    boxes, data = [], open(path, "rb").read()
    pos = 0
    while pos + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        boxes.append(kind)
        if size == 1:
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
        pos += size or len(data)
    return boxes


# --- inspect_upload: accepted types --------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_it_accepts_photo_types(fmt, mime):
    info = inspect_upload(io.BytesIO(image_bytes(fmt, size=(60, 40))))
    assert info == UploadInfo(kind="photo", mime=mime, width=60, height=40, duration=None)


def test_it_accepts_heic():
    pillow_heif = pytest.importorskip("pillow_heif")
    if not pillow_heif.libheif_info()["HEIF"]:
        pytest.skip("this pillow-heif build cannot encode HEIC")
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (60, 40), (10, 200, 10))).save(buffer, quality=80)

    info = inspect_upload(io.BytesIO(buffer.getvalue()))

    assert (info.kind, info.mime, info.width, info.height) == ("photo", "image/heic", 60, 40)
    [rendition] = photo_renditions(io.BytesIO(buffer.getvalue()), formats=("jpeg",))
    assert rendition.width == 60


@pytest.mark.parametrize(
    ("name", "mime"),
    [("mp4", "video/mp4"), ("mov", "video/quicktime"), ("webm", "video/webm")],
)
def test_it_accepts_video_types(videos, name, mime):
    with open(videos[name], "rb") as f:
        info = inspect_upload(f)
    assert (info.kind, info.mime, info.width, info.height) == ("video", mime, 64, 48)
    assert info.duration == pytest.approx(1.0, abs=0.15)


def test_it_reports_photo_size_after_exif_orientation():
    data = image_bytes("JPEG", size=(60, 40), exif=exif(orientation=6))
    info = inspect_upload(io.BytesIO(data))
    assert (info.width, info.height) == (40, 60)


def test_it_reports_video_size_after_rotation(videos):
    with open(videos["rotated"], "rb") as f:
        info = inspect_upload(f)
    assert (info.width, info.height) == (48, 64)


def test_it_judges_by_content_not_by_name_or_content_type_and_rewinds():
    data = image_bytes("JPEG")
    upload = SimpleUploadedFile("holiday.gif", data, content_type="image/gif")

    info = inspect_upload(upload)

    assert info.mime == "image/jpeg"
    assert upload.read() == data  # rewound


def test_it_rewinds_after_a_refusal():
    data = b"<html><script>alert(1)</script></html>"
    upload = SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        inspect_upload(upload)
    assert upload.read() == data


def test_it_reads_videos_from_django_uploads_in_memory_and_on_disk(videos):
    data = open(videos["mp4"], "rb").read()
    in_memory = SimpleUploadedFile("clip.mov", data, content_type="video/quicktime")

    class OnDisk(SimpleUploadedFile):
        def temporary_file_path(self):
            return str(videos["mp4"])

    for upload in (in_memory, OnDisk("clip.bin", data, content_type="text/plain")):
        info = inspect_upload(upload, kind="video")
        assert (info.mime, info.width, info.height) == ("video/mp4", 64, 48)
        assert upload.read() == data  # rewound


def test_it_explains_refusals_with_the_limit():
    from django.conf import settings

    if not settings.configured:  # without pytest-django
        settings.configure(USE_I18N=False)

    class Huge(io.BytesIO):
        size = 300 * 1024 * 1024

    with pytest.raises(ValidationError) as error:
        inspect_upload(Huge(image_bytes("JPEG")))
    assert "200" in error.value.messages[0]  # the larger (video) limit in MB
    with pytest.raises(ValidationError) as error:
        inspect_upload(Huge(image_bytes("JPEG")), kind="photo")
    assert "25" in error.value.messages[0]


def test_it_accepts_a_jpeg_polyglot_and_its_renditions_drop_the_payload():
    payload = b"<html><script>alert(document.cookie)</script></html>"
    data = image_bytes("JPEG", comment=payload) + payload

    assert inspect_upload(io.BytesIO(data)).mime == "image/jpeg"
    for rendition in photo_renditions(io.BytesIO(data)):
        assert b"<script" not in rendition.data
        assert b"<html" not in rendition.data


# --- inspect_upload: refusals --------------------------------------------------------


def test_it_refuses_an_empty_file():
    assert refusal_code(b"") == "empty"


def test_it_refuses_a_photo_with_too_many_bytes():
    data = image_bytes("PNG")
    assert refusal_code(data, photo_max_bytes=len(data) - 1) == "too_large"
    assert inspect_upload(io.BytesIO(data), photo_max_bytes=len(data)).kind == "photo"


def test_it_refuses_by_declared_size_without_reading():
    class Huge(io.BytesIO):
        size = 10 * 1024**3

    assert check(f=Huge(image_bytes("JPEG"))) == "too_large"


def test_it_refuses_a_video_with_too_many_bytes(videos):
    size = os.path.getsize(videos["mp4"])
    with open(videos["mp4"], "rb") as f:
        assert check(f=f, video_max_bytes=size - 1) == "too_large"


def test_it_refuses_too_many_pixels():
    data = image_bytes("PNG", size=(60, 40))
    assert refusal_code(data, photo_max_pixels=60 * 40 - 1) == "too_many_pixels"


def test_it_checks_pixels_from_the_header_before_decoding():
    # 9000 x 9000 is below Pillow's own bomb limit, and the file holds no real image
    # data: decoding it first would report "broken" instead.
    assert refusal_code(png_claiming(9000, 9000)) == "too_many_pixels"


def test_it_refuses_a_decompression_bomb():
    assert refusal_code(png_claiming(20000, 20000)) == "too_many_pixels"


def test_it_treats_pillows_decompression_bomb_warning_as_an_error():
    # 100 MP is above Image.MAX_IMAGE_PIXELS (warning) but below twice it (error).
    assert Image.MAX_IMAGE_PIXELS < 10_000 * 10_000 < 2 * Image.MAX_IMAGE_PIXELS
    data = png_claiming(10_000, 10_000)
    assert refusal_code(data, photo_max_pixels=10**9) == "too_many_pixels"


def test_it_refuses_a_truncated_jpeg():
    img = Image.effect_noise((64, 64), 60).convert("RGB")
    buffer = io.BytesIO()
    img.save(buffer, "JPEG")
    data = buffer.getvalue()
    assert inspect_upload(io.BytesIO(data)).kind == "photo"
    assert refusal_code(data[: len(data) // 2]) == "broken"


def test_it_refuses_a_truncated_png():
    data = image_bytes("PNG", size=(64, 64))
    assert refusal_code(data[: len(data) - 30]) == "broken"


def test_it_refuses_a_broken_file_with_jpeg_magic():
    assert refusal_code(b"\xff\xd8\xff\xe0" + os.urandom(500)) == "broken"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<!DOCTYPE html><html><body><script>alert(1)</script>", id="html"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
            b"<script>alert(1)</script></svg>",
            id="svg",
        ),
        pytest.param(image_bytes("GIF"), id="gif"),
        pytest.param(image_bytes("BMP"), id="bmp"),
        pytest.param(image_bytes("TIFF"), id="tiff"),
        pytest.param(image_bytes("PDF"), id="pdf"),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", id="script"),
        pytest.param(b"<html>" + image_bytes("JPEG"), id="html-then-jpeg"),
        pytest.param(os.urandom(2048), id="random-bytes"),
    ],
)
def test_it_refuses_unsupported_and_disguised_files(data):
    upload = SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg")
    assert check(f=upload) == "unsupported_type"


def test_it_refuses_avif_uploads():
    if not features.check("avif"):
        pytest.skip("Pillow cannot encode AVIF here")
    assert refusal_code(image_bytes("AVIF")) == "unsupported_type"


def test_it_refuses_animated_images():
    frames = [Image.new("RGB", (20, 20), c) for c in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    assert refusal_code(buffer.getvalue()) == "animated"


def test_it_refuses_the_wrong_kind(videos):
    assert check(f=io.BytesIO(image_bytes("JPEG")), kind="video") == "wrong_kind"
    with open(videos["mp4"], "rb") as f:
        assert check(f=f, kind="photo") == "wrong_kind"
        assert inspect_upload(f, kind="video").kind == "video"


def test_it_refuses_a_video_over_the_duration_limit(videos):
    with open(videos["mp4"], "rb") as f:
        assert check(f=f, video_max_seconds=0.5) == "too_long"
        assert inspect_upload(f, video_max_seconds=1).kind == "video"


def test_it_measures_the_duration_when_the_header_has_none(tmp_path):
    # Browsers' MediaRecorder writes WebM like this: no duration in the header.
    path = make_video(
        tmp_path / "live.webm",
        fmt="webm",
        codec="libvpx",
        audio=False,
        container_options={"live": "1"},
    )
    with av.open(str(path)) as container:
        assert container.duration is None
    with open(path, "rb") as f:
        assert inspect_upload(f).duration == pytest.approx(1.0, abs=0.15)
        assert check(f=f, video_max_seconds=0.5) == "too_long"


def test_it_refuses_a_broken_video(videos):
    data = open(videos["mp4"], "rb").read()
    assert refusal_code(data[:40] + os.urandom(3000)) == "broken"


def test_it_refuses_a_file_without_a_video_stream(tmp_path):
    path = tmp_path / "voice.m4a"
    with av.open(str(path), "w", format="mp4") as container:
        sound = container.add_stream("aac", rate=48000)
        sound.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), "fltp", "mono")
        frame.sample_rate, frame.pts = 48000, 0
        container.mux(sound.encode(frame))
        container.mux(sound.encode(None))
    with open(path, "rb") as f:
        assert check(f=f) == "no_video"


# --- photo_renditions ----------------------------------------------------------------


def test_it_applies_exif_orientation():
    # Orientation 6: the stored image must be turned 90° clockwise to be upright, so
    # the stored left (red) half ends up at the top.
    data = two_colour_jpeg(size=(60, 40), exif=exif(orientation=6))

    [rendition] = photo_renditions(io.BytesIO(data), formats=("jpeg",))

    assert (rendition.width, rendition.height) == (40, 60)
    upright = Image.open(io.BytesIO(rendition.data)).convert("RGB")
    red, _, blue = upright.getpixel((20, 5))
    assert red > 200 and blue < 60
    red, _, blue = upright.getpixel((20, 55))
    assert red < 60 and blue > 200


def test_it_leaves_no_metadata_in_any_rendition():
    data = image_bytes(
        "JPEG",
        size=(700, 20),
        exif=exif(orientation=1, gps=True),
        xmp=XMP,
        icc_profile=SWAPPED_ICC,
        comment=b"Einsatz 4711, Streife 2",
    )
    # The source really carries everything the renditions must not.
    assert {"exif", "gps", "xmp", "icc", "comment"} <= strip_check(data).keys()

    renditions = photo_renditions(io.BytesIO(data))

    assert {r.format for r in renditions} >= {"jpeg", "webp"}
    for rendition in renditions:
        assert strip_check(rendition.data) == {}, rendition.format
        with Image.open(io.BytesIO(rendition.data)) as img:
            assert not {"exif", "icc_profile", "xmp", "comment"} & img.info.keys()
        assert b"Apple" not in rendition.data
        assert b"Einsatz" not in rendition.data


def test_it_leaves_no_metadata_from_png_or_webp_sources():
    png = image_bytes("PNG", icc_profile=SWAPPED_ICC, exif=exif(gps=True))
    webp = image_bytes("WEBP", icc_profile=SWAPPED_ICC, exif=exif(gps=True), xmp=XMP)
    for source in (png, webp):
        assert strip_check(source)
        for rendition in photo_renditions(io.BytesIO(source)):
            assert strip_check(rendition.data) == {}


def test_it_converts_an_embedded_colour_profile_to_srgb():
    data = image_bytes("JPEG", color=(255, 0, 0), icc_profile=SWAPPED_ICC, quality=95)

    [rendition] = photo_renditions(io.BytesIO(data), formats=("jpeg",))

    red, green, blue = Image.open(io.BytesIO(rendition.data)).convert("RGB").getpixel((30, 20))
    assert green > 200 and red < 80 and blue < 80


def test_it_flattens_transparency_onto_white():
    data = image_bytes("PNG", mode="RGBA", color=(255, 0, 0, 0))

    [rendition] = photo_renditions(io.BytesIO(data), formats=("jpeg",))

    with Image.open(io.BytesIO(rendition.data)) as img:
        assert img.mode == "RGB"
        assert min(img.getpixel((30, 20))) > 245


def test_it_converts_cmyk_photos_to_rgb():
    data = image_bytes("JPEG", mode="CMYK", color=(0, 255, 255, 0))  # red in CMYK

    [rendition] = photo_renditions(io.BytesIO(data), formats=("jpeg",))

    with Image.open(io.BytesIO(rendition.data)) as img:
        assert img.mode == "RGB"
        red, green, blue = img.getpixel((30, 20))
    assert red > 200 and green < 60 and blue < 60


def test_it_scales_16_bit_greyscale_instead_of_clipping():
    data = image_bytes("PNG", mode="I;16", color=0x8000)
    [rendition] = photo_renditions(io.BytesIO(data), formats=("jpeg",))
    value = Image.open(io.BytesIO(rendition.data)).convert("L").getpixel((30, 20))
    assert 110 < value < 145


def test_it_makes_the_default_widths_with_correct_heights():
    data = image_bytes("PNG", size=(1700, 100))

    renditions = photo_renditions(io.BytesIO(data), formats=("jpeg", "webp"))

    assert [(r.width, r.height, r.format) for r in renditions] == [
        (480, 28, "jpeg"),
        (480, 28, "webp"),
        (960, 56, "jpeg"),
        (960, 56, "webp"),
        (1600, 94, "jpeg"),
        (1600, 94, "webp"),
    ]
    for rendition in renditions:
        with Image.open(io.BytesIO(rendition.data)) as img:
            assert img.size == (rendition.width, rendition.height)


def test_it_never_upscales_and_makes_the_original_width_only_once():
    data = image_bytes("JPEG", size=(120, 80))

    renditions = photo_renditions(io.BytesIO(data), widths=(40, 80, 200, 300), formats=("jpeg",))

    assert [(r.width, r.height) for r in renditions] == [(40, 27), (80, 53), (120, 80)]


def test_it_encodes_the_requested_formats():
    data = image_bytes("JPEG", size=(50, 30))
    expected = {"jpeg": "JPEG", "webp": "WEBP"}
    if features.check("avif"):
        expected["avif"] = "AVIF"

    renditions = photo_renditions(io.BytesIO(data))

    assert {r.format for r in renditions} == set(expected)
    for rendition in renditions:
        with Image.open(io.BytesIO(rendition.data)) as img:
            assert img.format == expected[rendition.format]
            assert rendition.content_type == Image.MIME[img.format]
            if img.format == "JPEG":
                assert img.info.get("progressive")
    assert {r.format for r in photo_renditions(io.BytesIO(data), formats=("webp",))} == {"webp"}


def test_it_decodes_large_jpegs_at_reduced_size(monkeypatch):
    decoded_sizes = []
    real = processing.photos._without_alpha

    def spy(img):
        decoded_sizes.append(img.size)
        return real(img)

    monkeypatch.setattr(processing.photos, "_without_alpha", spy)  # where renditions look it up
    data = image_bytes("JPEG", size=(800, 600))

    [rendition] = photo_renditions(io.BytesIO(data), widths=(150,), formats=("jpeg",))

    assert decoded_sizes == [(200, 150)]  # libjpeg decoded at 1/4 scale
    assert (rendition.width, rendition.height) == (150, 112)


def test_it_refuses_too_many_pixels_when_rendering():
    with pytest.raises(ValidationError) as error:
        photo_renditions(io.BytesIO(png_claiming(9000, 9000)))
    assert error.value.code == "too_many_pixels"


def test_it_pixelates_regions_of_the_upright_image_before_encoding(monkeypatch):
    calls = []

    def pixelate(image, regions):
        calls.append((image.size, list(regions)))
        return Image.new("RGB", image.size, (0, 0, 0))

    monkeypatch.setattr("portal.media.processing.photos.pixelate", pixelate)
    data = image_bytes("JPEG", size=(120, 80), color=(255, 255, 255), exif=exif(orientation=6))
    region = types.SimpleNamespace(x=0.1, y=0.1, w=0.5, h=0.5)

    renditions = photo_renditions(
        io.BytesIO(data), regions=[region], widths=(40, 20), formats=("jpeg", "webp")
    )

    # Once, on the upright image at the size of the largest rendition.
    assert calls == [((40, 60), [region])]
    assert len(renditions) == 4
    for rendition in renditions:  # every rendition is made from the redacted pixels
        assert np.asarray(Image.open(io.BytesIO(rendition.data))).max() < 20


def test_it_does_not_call_the_redaction_without_regions(monkeypatch):
    def pixelate(image, regions):
        raise AssertionError("must not be called")

    monkeypatch.setattr("portal.media.processing.photos.pixelate", pixelate)
    assert photo_renditions(io.BytesIO(image_bytes("JPEG")), formats=("jpeg",))


def test_it_rewinds_the_photo_and_accepts_a_path(tmp_path):
    data = image_bytes("JPEG")
    f = io.BytesIO(data)
    photo_renditions(f, formats=("jpeg",))
    assert f.read() == data
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    assert photo_renditions(path, formats=("jpeg",))[0].width == 60


# --- video_rendition -----------------------------------------------------------------


def test_it_transcodes_to_h264_mp4_at_most_720p(tmp_path):
    source = make_video(tmp_path / "big.mp4", size=(1440, 1080), seconds=0.3, audio=False)
    target = tmp_path / "out.mp4"

    info = video_rendition(source, target)

    assert (info.width, info.height) == (960, 720)
    with av.open(str(target)) as container:
        assert "mp4" in container.format.name
        assert container.metadata["major_brand"] == "isom"
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.codec_context.width, stream.codec_context.height) == (960, 720)
    boxes = top_level_boxes(target)
    assert boxes.index(b"moov") < boxes.index(b"mdat")  # faststart


@pytest.mark.parametrize("name", ["mp4", "mov", "webm"])
def test_it_transcodes_each_accepted_type_with_audio(videos, tmp_path, name):
    target = tmp_path / "out.mp4"

    info = video_rendition(videos[name], target)

    assert (info.width, info.height) == (64, 48)  # never upscaled
    assert info.duration == pytest.approx(1.0, abs=0.15)
    with av.open(str(target)) as container:
        assert [s.codec_context.name for s in container.streams] == ["h264", "aac"]


def test_it_keeps_the_aspect_with_even_sides_under_max_height(videos, tmp_path):
    info = video_rendition(videos["mp4"], tmp_path / "out.mp4", max_height=25)
    assert (info.width, info.height) == (32, 24)


def test_it_produces_no_audio_stream_for_a_silent_source(videos, tmp_path):
    target = tmp_path / "out.mp4"
    video_rendition(videos["silent"], target)
    with av.open(str(target)) as container:
        assert len(container.streams.audio) == 0
        assert len(container.streams.video) == 1


def test_it_strips_container_and_stream_metadata(videos, tmp_path):
    with av.open(str(videos["tagged"])) as source:  # the source really is tagged
        assert source.metadata["location"] == "+49.4447+007.7690/"
        assert "creation_time" in source.metadata
    target = tmp_path / "out.mp4"

    video_rendition(videos["tagged"], target)

    with av.open(str(target)) as container:
        assert set(container.metadata) <= {"major_brand", "minor_version", "compatible_brands"}
        for stream in container.streams:
            assert set(stream.metadata) <= {"language", "handler_name", "vendor_id"}
    data = target.read_bytes()
    for needle in (b"+49.4447", b"\xa9xyz", b"Apple", b"iPhone", b"Streife", b"Lavf"):
        assert needle not in data


@pytest.mark.parametrize(
    "frame_filter",
    [None, lambda picture: picture],
    ids=["yuv-planes", "through-rgb-filter"],
)
def test_it_applies_rotation_metadata_to_the_pixels(videos, tmp_path, frame_filter):
    target = tmp_path / "out.mp4"

    info = video_rendition(videos["rotated"], target, frame_filter=frame_filter)

    # 90° counter-clockwise: the blue top band becomes the left edge, the green right
    # half becomes the top.
    assert (info.width, info.height) == (48, 64)
    frame = decode_first_frame(target)
    assert frame.rotation == 0
    picture = frame.to_ndarray(format="rgb24")
    assert picture.shape == (64, 48, 3)
    assert picture[32, 3].argmax() == 2  # blue on the left
    assert picture[3, 30].argmax() == 1  # green at the top
    assert picture[60, 30].argmax() == 0  # red at the bottom


def test_it_makes_a_metadata_free_jpeg_poster(videos, tmp_path):
    info = video_rendition(videos["tagged"], tmp_path / "out.mp4")

    assert info.poster.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(info.poster)) as poster:
        assert poster.format == "JPEG"
        assert poster.size == (info.width, info.height)
    assert strip_check(info.poster) == {}


def test_it_applies_the_frame_filter_to_every_frame_and_the_poster(videos, tmp_path):
    seen = []

    def paint_black(picture):
        seen.append(picture.shape)
        return np.zeros_like(picture)

    target = tmp_path / "out.mp4"
    info = video_rendition(videos["mp4"], target, frame_filter=paint_black)

    assert seen == [(48, 64, 3)] * 10
    with av.open(str(target)) as container:
        for frame in container.decode(video=0):
            assert frame.to_ndarray(format="rgb24").mean() < 10
    assert np.asarray(Image.open(io.BytesIO(info.poster))).mean() < 10


def test_a_filter_that_looks_ahead_gets_every_frame_and_gives_them_back_in_order(
    videos, tmp_path
):
    """push() may hold frames back and return several later; flush() returns the rest."""

    class HoldThree:
        def __init__(self):
            self.held, self.number = [], 0

        def push(self, picture):
            # Number each frame in its brightness: 20, 40, 60, ...
            self.number += 1
            self.held.append(np.full_like(picture, 20 * self.number))
            if len(self.held) < 3:
                return []
            out, self.held = self.held, []
            return out

        def flush(self):
            out, self.held = self.held, []
            return out

    target = tmp_path / "out.mp4"
    info = video_rendition(videos["mp4"], target, frame_filter=HoldThree())

    with av.open(str(target)) as container:
        levels = [round(f.to_ndarray(format="rgb24").mean()) for f in container.decode(video=0)]
    assert [round(level / 20) for level in levels] == list(range(1, 11))
    assert np.asarray(Image.open(io.BytesIO(info.poster))).mean() > 10


def test_it_caps_the_frame_rate(tmp_path):
    source = make_video(tmp_path / "fast.mp4", fps=50, seconds=0.4, audio=False)
    target = tmp_path / "out.mp4"
    video_rendition(source, target, max_fps=25)
    with av.open(str(target)) as container:
        assert len(list(container.decode(video=0))) == 10


def test_it_refuses_a_broken_video_and_removes_the_target(videos, tmp_path):
    source = tmp_path / "broken.mp4"
    source.write_bytes(open(videos["mp4"], "rb").read()[:40] + os.urandom(3000))
    target = tmp_path / "out.mp4"
    target.write_bytes(b"stale")

    with pytest.raises(ValidationError) as error:
        video_rendition(source, target)

    assert error.value.code == "broken"
    assert not target.exists()


def test_it_refuses_a_source_that_is_not_a_video(tmp_path):
    source = tmp_path / "photo.mp4"
    source.write_bytes(image_bytes("JPEG"))
    with pytest.raises(ValidationError):
        video_rendition(source, tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()


def test_it_removes_the_target_when_processing_fails_midway(videos, tmp_path):
    target = tmp_path / "out.mp4"
    calls = []

    def failing_filter(picture):
        calls.append(1)
        if len(calls) == 5:
            assert target.exists()  # the output was being written
            raise RuntimeError("face detector crashed")
        return picture

    with pytest.raises(RuntimeError):
        video_rendition(videos["mp4"], target, frame_filter=failing_filter)
    assert not target.exists()


def test_it_refuses_a_video_longer_than_the_limit_while_transcoding(videos, tmp_path):
    target = tmp_path / "out.mp4"
    with pytest.raises(ValidationError) as error:
        video_rendition(videos["mp4"], target, max_seconds=0.5)
    assert error.value.code == "too_long"
    assert not target.exists()


def test_it_uses_an_h264_encoder_this_build_carries():
    assert processing._h264_encoder() in ("libx264", "libopenh264", "h264")
    av.codec.Codec(processing._h264_encoder(), "w")
