"""The CenterFace detector on small images with known faces (scikit-image's photos)."""

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from portal.media import face_model, faces
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


def test_the_read_side_follows_from_the_smallest_face_to_find():
    """30 px in a 12 MP photo, and the network needs 30 px: the photo is read whole."""
    assert faces.read_side() == 4032
    assert CenterFaceDetector().max_side == 4032
    assert faces.read_side(30 / 4032, network_smallest=15) == 2016
    assert faces.read_side(0.01, network_smallest=30) == 3000


def test_only_photos_twice_the_coarse_side_get_a_second_pass():
    assert faces.coarse_side(4032) == 1008
    assert faces.coarse_side(2016) == 1008
    assert faces.coarse_side(2015) is None
    assert faces.coarse_side(4032, None) is None
    assert CenterFaceDetector().for_video().coarse_side is None


def test_the_coarse_pass_reads_a_quarter_size_copy_and_its_faces_count(monkeypatch):
    """Both passes' boxes, the coarse ones scaled back, merged into one suggestion each."""
    read = []

    def fake(rgb, **options):
        read.append(rgb.shape)
        if rgb.shape[1] == 1008:  # the coarse copy: a large face at (100, 100)-(300, 350)
            return [((100.0, 100.0, 300.0, 350.0), 0.9)]
        return [((1000.0, 1000.0, 1040.0, 1050.0), 0.8)]  # a small one in the full photo

    monkeypatch.setattr(faces, "detect_faces", fake)
    found = CenterFaceDetector(text=False).faces(np.zeros((1512, 2016, 3), np.uint8))
    assert read == [(1512, 2016, 3), (756, 1008, 3)]
    assert [s.score for s in found] == [0.9, 0.8]
    large = found[0].region
    assert large.x < 200 / 2016 < large.x + large.w  # scaled back by 2, then padded
    assert large.y + large.h > 700 / 1512


def test_the_detector_runs_the_8_bit_model_from_one_session():
    first = faces.session()
    assert faces.session() is first  # loaded once per process
    assert faces.session(faces.models_dir() / faces.FAST_MODEL_FILE) is first
    (given,) = first.get_inputs()
    assert given.type == "tensor(uint8)" and given.shape[3] == 3  # the RGB pixels as they are


def test_the_8_bit_model_is_made_from_the_pinned_one_the_same_way_each_time(tmp_path):
    """What `make models` does: the committed ranges, no photos, byte for byte the same."""
    built = face_model.build(faces.models_dir() / faces.MODEL_FILE, tmp_path / "int8.onnx")
    assert built.read_bytes() == (faces.models_dir() / faces.FAST_MODEL_FILE).read_bytes()


def test_the_8_bit_and_the_float_model_find_the_same_face():
    rgb = skimage_data.astronaut()
    fast = faces.detect_faces(rgb)
    exact = faces.detect_faces(rgb, model=faces.models_dir() / faces.MODEL_FILE)
    assert len(fast) == len(exact) == 1
    assert abs(fast[0][1] - exact[0][1]) < 0.1
    assert np.abs(np.subtract(fast[0][0], exact[0][0])).max() < 10
