"""Redaction in the public files: every rendition, the Open Graph image and the
video with its poster are made from the original with the areas blurred; changing the
areas replaces the files; the detector finds a real face uploaded through the pipeline."""

import io

import av
import numpy as np
import pytest
from django.core.files.storage import storages
from PIL import Image

from portal.media.redaction import Region, regions_to_json
from posts import media
from posts.models import MediaItem, MediaRedaction, Post
from tests.helpers.posts import english, publish  # noqa: F401 (autouse fixture)
from tests.helpers.redaction import (
    FIXED_DETECTOR,
    box,
    decode,
    detailed_image,
    draft_with_photo,
    form_data,
    jpeg_of,
    outside,
    processed_item,
    redact_url,
)

skimage_data = pytest.importorskip("skimage.data")

AREA = Region(x=0.3, y=0.3, w=0.3, h=0.3, kind="manual")
# The astronaut's face in skimage.data.astronaut() (512 x 512), by eye (as in test_redaction).
ASTRONAUT_FACE = Region(x=178 / 512, y=68 / 512, w=94 / 512, h=104 / 512, kind="face")


def store(name):
    """The store a file is in: a draft's are private, a published post's public."""
    public = storages["default"]
    return public if public.exists(name) else storages["private"]


def read(name):
    with store(name).open(name) as f:
        return f.read()


def renditions_by_size(item):
    return {(r["width"], r["format"]): decode(read(r["name"])) for r in item.renditions}


def covers(outer, inner, slack=0.02):
    return (
        outer.x <= inner.x + slack and outer.y <= inner.y + slack
        and outer.x + outer.w >= inner.x + inner.w - slack
        and outer.y + outer.h >= inner.y + inner.h - slack
    )


@pytest.fixture
def no_detector(settings):
    settings.REDACTION_DETECTOR = "tests.helpers.redaction.NoDetector"


@pytest.fixture
def save(client, django_capture_on_commit_callbacks):
    def save(item, user, **fields):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(redact_url(item), fields)
        assert response.status_code == 302, response.content.decode()[:2000]
        item.refresh_from_db()
        assert item.status == MediaItem.Status.READY, item.failure_reason
        return item

    return save


def test_renditions_differ_inside_the_area_and_match_outside_in_every_size_and_format(
    officer, no_detector, save
):
    # Wide enough for three sizes (480, 960 and the photo's own 1000).
    data = jpeg_of(detailed_image((1000, 750)))
    post, plain = draft_with_photo(officer, data)
    post, item = draft_with_photo(officer, data)
    item = save(item, officer.user, **form_data(item, regions=regions_to_json([AREA])))

    before, after = renditions_by_size(plain), renditions_by_size(item)
    assert before.keys() == after.keys()
    assert {w for w, _ in after} == {480, 960, 1000}
    assert {f for _, f in after} >= {"jpeg", "webp"}
    core = AREA.grown(-0.15)  # well inside the area
    margin = AREA.grown(0.5)  # the area, its padding and the encoders' reach
    for key, image in after.items():
        inside = np.abs(box(image, core) - box(before[key], core)).mean()
        assert inside > 40, key
        mask = outside(image, margin)
        difference = np.abs(image - before[key])[mask]
        # Identical pixels, up to the lossy encoders' tolerance (WebP's is widest).
        assert difference.mean() < 4, key
        assert np.percentile(difference, 99) < 16, key


def test_the_open_graph_image_is_a_blurred_rendition(client, officer, no_detector, save):
    post, item = draft_with_photo(officer, jpeg_of(detailed_image((1000, 750))))
    plain = decode(read(item.renditions[-1]["name"]))
    item = save(item, officer.user, **form_data(item, regions=regions_to_json([AREA])))
    publish(post)

    html = client.get(post.get_absolute_url()).content.decode()
    og = html.split('property="og:image" content="', 1)[1].split('"', 1)[0]
    name = og.split("/media/", 1)[1]
    assert name in [r["name"] for r in item.renditions]
    core = AREA.grown(-0.15)
    assert np.abs(box(decode(read(name)), core) - box(plain, core)).mean() > 40


def test_changing_the_areas_makes_new_files_and_deletes_the_old_ones(
    officer, no_detector, save
):
    post, item = draft_with_photo(officer)
    old = [r["name"] for r in item.renditions]
    assert all(storages["private"].exists(name) for name in old)  # a draft's

    item = save(item, officer.user, **form_data(item, regions=regions_to_json([AREA])))
    new = [r["name"] for r in item.renditions]
    assert len(new) == len(old)
    assert not set(new) & set(old)
    assert all(storages["private"].exists(name) for name in new)
    assert not any(store(name).exists(name) for name in old)
    # The original stays where it was, private.
    assert item.original.storage.exists(item.original.name)
    assert item.original.name not in {n for n in new}


def test_the_detector_finds_the_astronauts_face_uploaded_through_the_pipeline(officer):
    astronaut = Image.fromarray(skimage_data.astronaut())
    post, item = draft_with_photo(officer, jpeg_of(astronaut, quality=90))
    faces = [s for s in item.suggestions.all() if s.kind == "face"]
    assert faces, "no face suggested"
    assert any(covers(s.region, ASTRONAUT_FACE) for s in faces), [s.region for s in faces]
    detector = MediaRedaction.objects.get(media=item).detector
    assert detector == "portal.media.faces.CenterFaceDetector"


def test_the_detector_finds_the_face_in_a_turned_photo(officer):
    """Suggestions are relative to the upright photo, whatever the EXIF orientation."""
    astronaut = Image.fromarray(skimage_data.astronaut()).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned left: show turned right
    buffer = io.BytesIO()
    astronaut.save(buffer, "JPEG", quality=90, exif=exif)
    post, item = draft_with_photo(officer, buffer.getvalue())
    assert any(covers(s.region, ASTRONAUT_FACE) for s in item.suggestions.all())


# --- video -----------------------------------------------------------------------------


def astronaut_clip(frames=3, size=256, fps=10):
    face = np.asarray(Image.fromarray(skimage_data.astronaut()).resize((size, size)))
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size, size, "yuv420p"
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(face, format="rgb24")
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return buffer.getvalue()


def first_frame(name):
    with store(name).open(name) as f, av.open(f) as container:
        for frame in container.decode(video=0):
            return frame.to_ndarray(format="rgb24").astype(np.int16)


def test_a_video_with_blur_all_faces_is_processed_with_the_faces_pixelated(officer):
    post = Post.objects.create(officer=officer, author=officer.user, caption="Clip")
    clip = astronaut_clip()
    plain = processed_item(post, clip, kind=MediaItem.Kind.VIDEO)

    def blur_faces(item):
        MediaRedaction.objects.create(media=item, blur_faces=True)

    blurred = processed_item(post, clip, kind=MediaItem.Kind.VIDEO, before=blur_faces)

    face = ASTRONAUT_FACE.grown(-0.2)
    frame_plain, frame_blurred = first_frame(plain.video), first_frame(blurred.video)
    assert np.abs(box(frame_blurred, face) - box(frame_plain, face)).mean() > 15
    corner = Region(0.0, 0.75, 0.25, 0.25)  # the astronaut's flag area: no face there
    assert np.abs(box(frame_blurred, corner) - box(frame_plain, corner)).mean() < 6

    poster_plain, poster_blurred = decode(read(plain.poster)), decode(read(blurred.poster))
    assert np.abs(box(poster_blurred, face) - box(poster_plain, face)).mean() > 15


def test_switching_blur_all_faces_on_makes_the_video_again(
    client, officer, settings, django_capture_on_commit_callbacks
):
    settings.REDACTION_DETECTOR = FIXED_DETECTOR
    post = Post.objects.create(officer=officer, author=officer.user, caption="Clip")
    item = processed_item(post, astronaut_clip(frames=2, size=128), kind=MediaItem.Kind.VIDEO)
    old = [item.video, item.poster]
    before = first_frame(item.video)
    client.force_login(officer.user)
    html = client.get(redact_url(item)).content.decode()
    assert 'name="blur_faces"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(redact_url(item), {"blur_faces": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == MediaItem.Status.READY
    assert media.blurs_faces(item)
    assert item.video not in old and item.poster not in old
    assert not any(store(name).exists(name) for name in old)
    # FixedDetector "finds" its face at FACE in every frame.
    from tests.helpers.redaction import FACE

    after, core = first_frame(item.video), FACE.grown(-0.2)
    assert np.abs(box(after, core) - box(before, core)).mean() > 15
