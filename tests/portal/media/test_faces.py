"""The CenterFace detector on small images with known faces (scikit-image's photos)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from portal.media import faces
from portal.media.faces import CenterFaceDetector
from portal.media.redaction import Region

skimage_data = pytest.importorskip("skimage.data")

# The astronaut's face in skimage.data.astronaut() (512 x 512), forehead to chin, cheek to
# cheek, by eye: pixels (181, 58) to (270, 180). The cameraman's in camera(): (200, 112) to
# (258, 198).
ASTRONAUT_FACE = (181, 58, 270, 180)


def covered(box, region: Region, size):
    """The share of the pixel box that the (relative) region covers."""
    width, height = size
    x0, y0 = region.x * width, region.y * height
    x1, y1 = x0 + region.w * width, y0 + region.h * height
    iw = min(box[2], x1) - max(box[0], x0)
    ih = min(box[3], y1) - max(box[1], y0)
    return max(0, iw) * max(0, ih) / ((box[2] - box[0]) * (box[3] - box[1]))


@pytest.fixture(scope="module")
def detector():
    return CenterFaceDetector(text=False)


def test_it_finds_the_astronauts_face_and_pads_it(detector):
    photo = Image.fromarray(skimage_data.astronaut())
    found = detector.detect(photo)
    assert [s.region.kind for s in found] == ["face"]
    assert covered(ASTRONAUT_FACE, found[0].region, photo.size) == 1.0
    # Padded, not the whole picture.
    assert 0.04 < found[0].region.w * found[0].region.h < 0.15
    assert 0.4 < found[0].score <= 1


def test_it_finds_a_face_30_px_wide_in_a_large_photo(detector):
    """A bystander in the background: the cameraman's face 30 px wide in 2000 x 1500 px."""
    person = Image.fromarray(skimage_data.camera()).convert("RGB").crop((130, 40, 340, 290))
    scale = 30 / (258 - 200)
    person = person.resize((round(person.width * scale), round(person.height * scale)),
                           Image.Resampling.LANCZOS)
    photo = Image.new("RGB", (2000, 1500), (150, 160, 140))
    photo.paste(person, (1500, 300))
    face = (1500 + (200 - 130) * scale, 300 + (112 - 40) * scale,
            1500 + (258 - 130) * scale, 300 + (198 - 40) * scale)

    found = detector.detect(photo)

    assert len(found) == 1
    assert covered(face, found[0].region, photo.size) > 0.9


def test_it_suggests_nothing_on_photos_without_people(detector):
    for name in ("coffee", "rocket", "chelsea"):
        assert detector.detect(Image.fromarray(getattr(skimage_data, name)())) == [], name


def test_it_reads_a_mirrored_and_turned_face(detector):
    photo = Image.fromarray(skimage_data.astronaut()).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    photo = photo.rotate(15, Image.Resampling.BICUBIC, fillcolor=(128, 128, 128))
    found = detector.detect(photo)
    assert len(found) == 1
    mirrored = (512 - ASTRONAUT_FACE[2], ASTRONAUT_FACE[1], 512 - ASTRONAUT_FACE[0],
                ASTRONAUT_FACE[3])
    assert covered(mirrored, found[0].region, photo.size) > 0.8


def test_a_missing_model_file_says_how_to_get_it(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="make models"):
        faces.session(tmp_path / "centerface.onnx")


def test_the_video_variant_reads_faces_only_at_720p_size(detector):
    video = detector.for_video()
    assert video.max_side == 1280 and video.text is False
