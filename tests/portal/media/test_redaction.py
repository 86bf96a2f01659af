"""Redaction: region parsing, irreversible pixelation, offline detection, the video filter.

Needs no database and works without configured Django settings (messages are lazy and
never rendered here; errors are compared by code).
"""

import json
import math
import types

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from portal.media import redaction
from portal.media.faces import CenterFaceDetector
from portal.media.redaction import (
    MAX_REGIONS,
    HaarDetector,
    Region,
    Suggestion,
    face_blur_filter,
    get_detector,
    parse_regions,
    pixelate,
    pixelate_array,
    regions_to_json,
)

skimage_data = pytest.importorskip("skimage.data")

# The astronaut's face in skimage.data.astronaut() (512 x 512), located by eye from
# forehead (hairline) to chin and ear to ear: pixels (178, 68) to (272, 172).
ASTRONAUT_FACE = Region(x=178 / 512, y=68 / 512, w=94 / 512, h=104 / 512, kind="face")


def iou(a: Region, b: Region) -> float:
    iw = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    ih = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / (a.w * a.h + b.w * b.h - inter)


@pytest.fixture(scope="module")
def astronaut():
    return skimage_data.astronaut()


@pytest.fixture(scope="module")
def detector():
    return HaarDetector()


def astronaut_frame(astronaut, left=400, top=100):
    """A 720p video frame: grey, with the astronaut photo pasted in."""
    frame = np.full((720, 1280, 3), 120, dtype=np.uint8)
    frame[top : top + 512, left : left + 512] = astronaut
    return frame


# --- parse_regions ---------------------------------------------------------------------


def test_it_round_trips_regions_through_json():
    regions = [
        Region(0.1, 0.2, 0.3, 0.4, "face"),
        Region(0.5, 0.5, 0.25, 0.1, "plate"),
        Region(0.0, 0.0, 1.0, 1.0, "manual"),
    ]
    assert parse_regions(json.dumps(regions_to_json(regions))) == regions
    assert parse_regions(regions_to_json(regions)) == regions


def test_it_writes_four_decimals_like_the_widget():
    assert regions_to_json([Region(1 / 3, 0.123456, 0.2, 0.2, "face")]) == [
        {"x": 0.3333, "y": 0.1235, "w": 0.2, "h": 0.2, "kind": "face"}
    ]


def test_it_reads_an_empty_field_as_no_regions_and_defaults_the_kind():
    assert parse_regions("") == []
    assert parse_regions("  ") == []
    assert parse_regions("[]") == []
    assert parse_regions('[{"x": 0.1, "y": 0.1, "w": 0.1, "h": 0.1}]') == [
        Region(0.1, 0.1, 0.1, 0.1, "manual")
    ]


def test_it_clips_a_tiny_overshoot_of_the_edge():
    (region,) = parse_regions('[{"x": 0.995, "y": -0.004, "w": 0.01, "h": 0.5}]')
    assert region.x == 0.995 and math.isclose(region.w, 0.005)
    assert region.y == 0.0 and math.isclose(region.h, 0.496)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("[{", "invalid_json"),
        ("not json", "invalid_json"),
        ('{"x": 0.1}', "not_a_list"),
        ("42", "not_a_list"),
        ("[1, 2]", "not_an_object"),
        ('[{"x": NaN, "y": 0.1, "w": 0.1, "h": 0.1}]', "invalid_json"),
        ('[{"x": 0.1, "y": Infinity, "w": 0.1, "h": 0.1}]', "invalid_json"),
        ([{"x": float("nan"), "y": 0.1, "w": 0.1, "h": 0.1}], "not_a_number"),
        ([{"x": 0.1, "y": 0.1, "w": float("inf"), "h": 0.1}], "not_a_number"),
        ('[{"x": "0.1", "y": 0.1, "w": 0.1, "h": 0.1}]', "not_a_number"),
        ('[{"x": true, "y": 0.1, "w": 0.1, "h": 0.1}]', "not_a_number"),
        ('[{"x": 0.1, "y": 0.1, "w": 0.1}]', "not_a_number"),
        ('[{"x": 0.1, "y": 0.1, "w": 0, "h": 0.1}]', "invalid_size"),
        ('[{"x": 0.5, "y": 0.1, "w": -0.2, "h": 0.1}]', "invalid_size"),
        ('[{"x": 1.2, "y": 0.1, "w": 0.1, "h": 0.1}]', "outside"),
        ('[{"x": 0.1, "y": -0.05, "w": 0.1, "h": 0.1}]', "outside"),
        ('[{"x": 0.9, "y": 0.1, "w": 0.15, "h": 0.1}]', "outside"),
        ('[{"x": 0.1, "y": 0.5, "w": 0.1, "h": 0.6}]', "outside"),
        ('[{"x": 1.0, "y": 0.5, "w": 0.005, "h": 0.1}]', "outside"),
        ('[{"x": 0.1, "y": 0.1, "w": 0.1, "h": 0.1, "kind": "cat"}]', "invalid_kind"),
        ('[{"x": 0.1, "y": 0.1, "w": 0.1, "h": 0.1, "kind": null}]', "invalid_kind"),
        ("[" + " " * 30_000 + "]", "too_long"),
    ],
)
def test_it_refuses_invalid_regions_with_a_code(raw, code):
    with pytest.raises(ValidationError) as caught:
        parse_regions(raw)
    assert caught.value.code == code


def test_it_refuses_too_many_regions():
    region = {"x": 0.1, "y": 0.1, "w": 0.1, "h": 0.1}
    assert len(parse_regions([region] * MAX_REGIONS)) == MAX_REGIONS
    with pytest.raises(ValidationError) as caught:
        parse_regions(json.dumps([region] * (MAX_REGIONS + 1)))
    assert caught.value.code == "too_many"
    with pytest.raises(ValidationError) as caught:
        parse_regions([region] * 3, max_regions=2)
    assert caught.value.code == "too_many"


def test_it_converts_to_pixels_rounding_outwards_and_clamping():
    assert Region(0.1, 0.2, 0.1, 0.1).to_pixels(1000, 500) == (100, 100, 200, 150)
    assert Region(0.1005, 0.0, 0.1, 0.1).to_pixels(1000, 500) == (100, 0, 201, 50)
    assert Region(0.9, 0.9, 0.2, 0.2).to_pixels(100, 100) == (90, 90, 100, 100)


# --- pixelate --------------------------------------------------------------------------


def checkerboard_photo(width=400, height=300):
    """Random noise everywhere, a one-pixel checkerboard in the middle half."""
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(height, width, 3), dtype=np.uint8)
    yy, xx = np.mgrid[0:height, 0:width]
    board = ((xx + yy) % 2 * 255).astype(np.uint8)
    middle = (slice(height // 4, 3 * height // 4), slice(width // 4, 3 * width // 4))
    pixels[middle] = board[middle][:, :, np.newaxis]
    return Image.fromarray(pixels), middle


def test_it_destroys_the_detail_inside_a_region_and_keeps_the_rest_identical():
    photo, middle = checkerboard_photo()
    before = np.array(photo)
    region = Region(0.25, 0.25, 0.5, 0.5, "manual")

    result = pixelate(photo, [region])

    after = np.array(result)
    assert result is not photo and result.size == photo.size and result.mode == "RGB"
    assert np.array_equal(np.array(photo), before), "the input image was changed"
    # Outside the padded region: byte-identical.
    left, top, right, bottom = region.padded().to_pixels(*photo.size)
    assert (left, top, right, bottom) == (80, 60, 320, 240)
    outside = np.ones(before.shape[:2], dtype=bool)
    outside[top:bottom, left:right] = False
    assert np.array_equal(after[outside], before[outside])
    # The padding around the region is pixelated too.
    ring = ~outside
    ring[middle] = False
    assert np.mean(np.any(after[ring] != before[ring], axis=1)) > 0.95
    # Inside: (nearly) every pixel changed, and the fine pattern is gone: the variance of
    # the checkerboard (about 16,000) drops to that of coarse noisy blocks.
    inside_before, inside_after = before[middle].astype(float), after[middle].astype(float)
    assert np.mean(np.any(inside_before != inside_after, axis=2)) > 0.95
    assert inside_before.var() > 16_000
    assert inside_after.var() < inside_before.var() / 20
    # Coarse blocks: a row inside the region has only a handful of distinct values.
    row = after[150, 100:300, 0]
    assert len(np.unique(row)) <= 12


def test_it_makes_blocks_of_at_least_twelve_pixels_and_at_most_about_eight_across():
    photo, _ = checkerboard_photo(800, 800)

    def block_runs(region):
        """Lengths of runs of equal values along a row through the padded region."""
        left, top, right, bottom = region.padded().to_pixels(*photo.size)
        row = np.array(pixelate(photo, [region]))[(top + bottom) // 2, left:right, 0]
        changes = np.flatnonzero(np.diff(row.astype(int)) != 0) + 1
        return np.diff([0, *changes, len(row)])

    small = block_runs(Region(0.5, 0.5, 0.04, 0.04))  # 32 px, padded 38 px: 12 px blocks
    assert small[:-1].min() >= 12  # the last block is cut at the region's edge
    large = block_runs(Region(0.1, 0.1, 0.8, 0.8))  # 640 px, padded 768 px: 8 blocks
    assert len(large) <= 8 and large.min() >= 768 // 8


def test_it_adds_random_noise_to_the_blocks():
    """Plain block averages could be matched against rendered guesses (de-pixelation)."""
    photo = Image.new("RGB", (200, 200), (100, 150, 200))
    region = [Region(0.2, 0.2, 0.6, 0.6)]
    first, second = np.array(pixelate(photo, region)), np.array(pixelate(photo, region))
    assert not np.array_equal(first, second)
    assert np.abs(first[40:160, 40:160].astype(int) - (100, 150, 200)).max() > 3
    seeded = [pixelate(photo, region, rng=np.random.default_rng(7)).tobytes() for _ in "ab"]
    assert seeded[0] == seeded[1]


def test_it_blurs_before_averaging_so_blocks_mix_with_their_neighbours():
    pixels = np.zeros((240, 240, 3), dtype=np.uint8)
    pixels[:, 90:120] = 255  # exactly one column of 30 px blocks of the whole-image region
    result = np.array(pixelate(Image.fromarray(pixels), [Region(0, 0, 1, 1)]))
    # Averaged over the column's 8 blocks and 3 channels, so the noise mostly cancels out.
    assert result[:, 120:150].mean() > redaction.BLOCK_NOISE + 8  # the column to the right
    assert result[:, 90:120].mean() < 255 - redaction.BLOCK_NOISE - 8


def test_it_pixelates_grayscale_and_transparent_images():
    for mode in ("L", "RGBA", "LA", "P"):
        photo = Image.new(mode, (100, 100))
        result = pixelate(photo, [Region(0.2, 0.2, 0.5, 0.5)])
        assert result.size == (100, 100)
        assert result.mode == {"P": "RGB"}.get(mode, mode)


def test_it_pixelates_numpy_frames_like_images():
    photo, middle = checkerboard_photo()
    frame = np.array(photo)
    region = Region(0.25, 0.25, 0.5, 0.5)

    result = pixelate_array(frame, [region])

    assert result is not frame and result.shape == frame.shape and result.dtype == np.uint8
    assert np.array_equal(frame, np.array(photo)), "the input frame was changed"
    left, top, right, bottom = region.padded().to_pixels(*photo.size)
    outside = np.ones(frame.shape[:2], dtype=bool)
    outside[top:bottom, left:right] = False
    assert np.array_equal(result[outside], frame[outside])
    assert result[middle].astype(float).var() < frame[middle].astype(float).var() / 20
    assert pixelate_array(frame[:, :, 0], [region]).shape == frame.shape[:2]
    with pytest.raises(ValueError):
        pixelate_array(frame.astype(np.float32), [region])


def test_it_returns_an_identical_copy_without_regions():
    photo, _ = checkerboard_photo()
    result = pixelate(photo, [])
    assert result is not photo and result.tobytes() == photo.tobytes()


# --- detection -------------------------------------------------------------------------


def test_it_finds_the_astronauts_face(astronaut, detector):
    suggestions = detector.detect(Image.fromarray(astronaut))

    faces = [s for s in suggestions if s.region.kind == "face"]
    assert faces, suggestions
    best = max(faces, key=lambda s: iou(s.region, ASTRONAUT_FACE))
    assert iou(best.region, ASTRONAUT_FACE) > 0.3
    assert 0 < best.score <= 1
    # No other suggestion on this portrait.
    assert len(suggestions) == 1


def test_it_detects_on_a_downscaled_copy_of_a_large_photo(astronaut):
    photo = Image.fromarray(astronaut).resize((1536, 1536), Image.Resampling.BILINEAR)
    fast = HaarDetector(max_side=512, profiles=False, plates=False)  # frontal only: quick
    faces = [s for s in fast.detect(photo) if s.region.kind == "face"]
    assert faces and max(iou(s.region, ASTRONAUT_FACE) for s in faces) > 0.3


def test_it_finds_nothing_in_a_plain_gradient(detector):
    ramp = np.linspace(0, 255, 400, dtype=np.uint8)
    pixels = np.dstack(
        [
            np.tile(ramp, (300, 1)),
            np.tile(ramp[::-1], (300, 1)),
            np.full((300, 400), 128, dtype=np.uint8),
        ]
    )
    assert detector.detect(Image.fromarray(pixels)) == []


class FakeDetector:
    """Always suggests the same face; counts its calls."""

    region = Region(0.25, 0.25, 0.25, 0.25, "face")

    def __init__(self):
        self.calls = 0

    def detect(self, image):
        self.calls += 1
        return [Suggestion(self.region, 0.9), Suggestion(Region(0, 0, 0.1, 0.1, "plate"), 0.9)]


def test_it_returns_the_configured_detector(monkeypatch):
    unconfigured = types.SimpleNamespace(configured=False)
    monkeypatch.setattr("portal.media.redaction.settings", unconfigured)
    assert isinstance(get_detector(), CenterFaceDetector)

    unset = types.SimpleNamespace(configured=True)
    monkeypatch.setattr("portal.media.redaction.settings", unset)
    assert isinstance(get_detector(), CenterFaceDetector)

    configured = types.SimpleNamespace(
        configured=True, REDACTION_DETECTOR=f"{__name__}.FakeDetector"
    )
    monkeypatch.setattr("portal.media.redaction.settings", configured)
    assert isinstance(get_detector(), FakeDetector)


# --- face_blur_filter ------------------------------------------------------------------


def test_it_pixelates_the_astronauts_face_in_a_video_frame(astronaut):
    frame = astronaut_frame(astronaut)
    original = frame.copy()

    result = face_blur_filter(CenterFaceDetector().for_video())(frame)

    assert np.array_equal(frame, original), "the input frame was changed"
    assert result.shape == frame.shape and result.dtype == np.uint8
    face = (slice(100 + 90, 100 + 150), slice(400 + 190, 400 + 260))  # eyes, nose, mouth
    assert np.mean(np.any(result[face] != original[face], axis=2)) > 0.9
    assert np.array_equal(result[:, :300], original[:, :300])  # far from the face: untouched


class SquareFinder:
    """Finds the white square (a "face") wherever it is in the frame; counts its calls."""

    def __init__(self):
        self.calls = 0

    def detect(self, image):
        self.calls += 1
        pixels = np.asarray(image)
        ys, xs = np.nonzero(np.all(pixels == 255, axis=2))
        if not len(xs):
            return []
        height, width = pixels.shape[:2]
        region = Region(xs.min() / width, ys.min() / height, (xs.max() + 1 - xs.min()) / width,
                        (ys.max() + 1 - ys.min()) / height, "face")
        return [Suggestion(region, 0.9)]


def clip(count, square_at, background=60):
    """Frames of 320 x 240 with a 30 px white square where square_at(i) says (or none)."""
    frames = []
    for i in range(count):
        frame = np.full((240, 320, 3), background(i) if callable(background) else background,
                        dtype=np.uint8)
        at = square_at(i)
        if at is not None:
            frame[at[1] : at[1] + 30, at[0] : at[0] + 30] = 255
        frames.append(frame)
    return frames


def run(blur, frames):
    out = []
    for frame in frames:
        out += blur.push(frame)
    return out + blur.flush()


def square_covered(frame, out, at):
    square = (slice(at[1], at[1] + 30), slice(at[0], at[0] + 30))
    return not np.any(np.all(out[square] == 255, axis=2))


def test_it_detects_every_nth_frame_and_covers_a_moving_face_in_between():
    finder = SquareFinder()
    blur = face_blur_filter(finder, every_n_frames=5)
    positions = [(10 + 12 * i, 100 + 3 * i) for i in range(21)]  # 12 px a frame: fast
    frames = clip(21, lambda i: positions[i])

    out = run(blur, frames)

    assert len(out) == 21
    assert finder.calls == 5  # frames 0, 5, 10, 15, 20
    for i, (frame, result) in enumerate(zip(frames, out, strict=True)):
        assert square_covered(frame, result, positions[i]), f"frame {i} shows the face"
    # Far from the square's path nothing changes.
    assert np.array_equal(out[7][:60], frames[7][:60])


def test_it_covers_a_face_that_comes_in_between_two_detections():
    finder = SquareFinder()
    blur = face_blur_filter(finder, every_n_frames=10)
    frames = clip(10, lambda i: (150, 100) if i >= 3 else None)

    out = run(blur, frames)

    assert [i for i in range(3, 10) if not square_covered(frames[i], out[i], (150, 100))] == []
    assert out[0] is frames[0]  # detected alone, with nothing to hide: unchanged


def test_it_catches_a_face_shown_for_fewer_frames_than_it_detects_on():
    """Scene A, three frames of scene B with a face, scene A again: detection runs on
    the scene cuts, so all three frames of the short scene are covered."""
    finder = SquareFinder()
    blur = face_blur_filter(finder, every_n_frames=10)
    in_b = range(12, 15)
    frames = clip(30, lambda i: (200, 50) if i in in_b else None,
                  background=lambda i: 180 if i in in_b else 20)

    out = run(blur, frames)

    assert all(square_covered(frames[i], out[i], (200, 50)) for i in in_b)
    # 0 (first), 10, 11 (last before the cut), 12 (first of B), 14 (last of B),
    # 15 (first of A again), 25 and 29 (the last).
    assert finder.calls == 8


def test_it_keeps_a_face_covered_when_the_detector_misses_it_once():
    class Flaky(SquareFinder):
        def detect(self, image):
            found = super().detect(image)
            return [] if self.calls == 2 else found

    flaky = Flaky()
    blur = face_blur_filter(flaky, every_n_frames=2)
    frames = clip(5, lambda i: (100, 100))
    out = run(blur, frames)  # the key frame 2 is a miss: frames 0 and 4 cover it
    assert all(square_covered(f, o, (100, 100)) for f, o in zip(frames, out, strict=True))
    assert flaky.calls == 3


def test_it_returns_frames_without_faces_unchanged():
    class Nobody:
        def detect(self, image):
            return []

    frame = np.zeros((72, 128, 3), dtype=np.uint8)
    assert face_blur_filter(Nobody())(frame) is frame
    blur = face_blur_filter(Nobody(), every_n_frames=3)
    frames = [frame.copy() for _ in range(4)]
    assert all(a is b for a, b in zip(run(blur, frames), frames, strict=True))


def test_it_only_blurs_faces_by_default():
    fake = FakeDetector()  # a face and a "plate" in the corner
    frame = np.array(checkerboard_photo(320, 240)[0])
    result = face_blur_filter(fake)(frame)
    assert np.array_equal(result[:20, :30], frame[:20, :30])
    assert not np.array_equal(result[70:110, 90:150], frame[70:110, 90:150])


def test_it_uses_the_configured_detectors_video_variant(monkeypatch):
    monkeypatch.setattr(redaction, "get_detector", lambda: CenterFaceDetector())
    detector = face_blur_filter().detector
    assert isinstance(detector, CenterFaceDetector)
    assert detector.max_side == 1280 and detector.text is False

    fake = FakeDetector()  # has no for_video(): used as it is
    monkeypatch.setattr(redaction, "get_detector", lambda: fake)
    assert face_blur_filter().detector is fake
