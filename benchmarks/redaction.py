"""Benchmark redaction: how many faces, plates and lines of legible text the detector finds
(the evaluation set of benchmarks/redaction_set.py), detect + pixelate on a 12 MP photo,
face_blur_filter on 30 s of 720p, and the full pipeline as the portal runs it.

Run:  .venv/bin/python benchmarks/redaction.py [--frames 900] [--every 10] [--video-seconds 30]
      (--no-eval skips the evaluation set, --haar adds the Haar detector to it,
      --before adds the detector as it was before the 8-bit model (32-bit floats, one
      pass), --scales 4032,3024,2016 evaluates the float model read at those sides (how
      NETWORK_SMALLEST_FACE in portal/media/faces.py was measured),
      --no-pipeline skips the full-pipeline part, --no-video its video)

CPU time is what counts here (the machine is shared): it covers all threads of this
process and the Tesseract processes it ran; the load average is printed at the start and
at the end of each part.

Needs scikit-image (the test extra) for its sample photo ``astronaut``. Frames are made in
numpy (the astronaut, drifting slowly across a grey 1280x720 frame); in the first part only
the filter is timed, not decoding or encoding. Prints wall and CPU time (CPU covers all
threads of this process; OpenCV detects with several threads).

The full pipeline times what processing a post does:
- photo: a 12 MP JPEG on disk -> the upright copy the detector reads (its max_side, 4032 px)
  (posts.redaction.suggest_regions) -> detect -> every public rendition (all widths
  and formats) with the suggested areas pixelated (portal.media.processing.photo_renditions);
- video: a 30 s 720p H.264 clip -> portal.media.processing.video_rendition, without and with
  frame_filter=face_blur_filter() ("blur all detected faces").
"""

import argparse
import functools
import io
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

# portal.media.processing uses Django's lazy translations: settings must exist, nothing more.
from django.conf import settings  # noqa: E402
from PIL import Image  # noqa: E402
from skimage import data  # noqa: E402

from portal.media.redaction import HaarDetector, face_blur_filter, pixelate  # noqa: E402

if not settings.configured:
    settings.configure(
        USE_I18N=False,
        REDACTION_MODELS_DIR=str(Path(__file__).resolve().parent.parent / "var" / "models"),
    )
import redaction_set  # noqa: E402

from portal.media import faces, processing  # noqa: E402
from portal.media.faces import CenterFaceDetector  # noqa: E402
from portal.media.text import find_text  # noqa: E402


def load():
    return " ".join(f"{value:.1f}" for value in os.getloadavg()) + " (1, 5, 15 min)"


def cpu_time():
    """CPU seconds of this process and its finished children (Tesseract runs as one)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@contextmanager
def timed(label, results, count=1, unit="run"):
    wall, cpu = time.perf_counter(), cpu_time()
    yield
    wall, cpu = time.perf_counter() - wall, cpu_time() - cpu
    results.append((label, wall, cpu))
    per = f"  ({wall / count * 1000:.1f} ms wall per {unit})" if count > 1 else ""
    print(f"{label:<46} wall {wall:8.3f} s   cpu {cpu:8.3f} s{per}", flush=True)


def twelve_megapixel_photo():
    """4032 x 3024: the astronaut scaled to 3024 x 3024, centred on a grey background."""
    square = Image.fromarray(data.astronaut()).resize((3024, 3024), Image.Resampling.BICUBIC)
    photo = Image.new("RGB", (4032, 3024), (128, 128, 128))
    photo.paste(square, (504, 0))
    return photo


def frames(count, astronaut):
    base = np.full((720, 1280, 3), 120, dtype=np.uint8)
    for i in range(count):
        frame = base.copy()
        left = 200 + (i * 2) % 560  # drifts 2 px per frame, 60 px/s
        frame[100:612, left : left + 512] = astronaut
        yield frame


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=900, help="30 s at 30 fps by default")
    parser.add_argument("--every", type=int, default=10, help="detect on every n-th frame")
    parser.add_argument("--no-eval", dest="evaluate", action="store_false",
                        help="skip the evaluation set")
    parser.add_argument("--haar", action="store_true",
                        help="evaluate the Haar detector too (slow: about 3 s a photo)")
    parser.add_argument("--before", action="store_true",
                        help="evaluate the float model in one pass too (as before)")
    parser.add_argument("--scales", default="",
                        help="comma-separated sides to evaluate the float model at")
    parser.add_argument("--video-seconds", type=float, default=30.0,
                        help="length of the 720p clip of the full pipeline")
    parser.add_argument("--no-pipeline", dest="pipeline", action="store_false",
                        help="skip the full pipeline (photo and video on files)")
    parser.add_argument("--no-video", dest="video", action="store_false",
                        help="skip the video of the full pipeline")
    args = parser.parse_args()
    try:
        import cv2

        threads = cv2.getNumThreads()
    except ImportError:
        threads = "?"
    print(f"CPUs: {os.cpu_count()}, OpenCV threads: {threads}")
    results = []

    if args.evaluate:
        print(f"\nload average {load()}")
        evaluate_faces(CenterFaceDetector(text=False), "CenterFace 8-bit, 2 passes")
        float_model = faces.models_dir() / faces.MODEL_FILE
        if args.before:
            evaluate_faces(CenterFaceDetector(text=False, model=float_model, coarse_side=None),
                           "CenterFace float, 1 pass (before)")
        for side in filter(None, args.scales.split(",")):
            evaluate_faces(CenterFaceDetector(text=False, model=float_model, coarse_side=None,
                                              max_side=int(side)),
                           f"CenterFace float read at {side} px")
        if args.haar:
            evaluate_faces(HaarDetector(plates=False), "Haar (today's default)")
        evaluate_plates()
        evaluate_text()

    photo = twelve_megapixel_photo()
    detector = CenterFaceDetector()
    with timed("load the model (first detect, 512 px image)", results):
        detector.detect(Image.fromarray(data.astronaut()))
    with timed("detect, 12 MP photo", results):
        suggestions = detector.detect(photo)
    print(f"  {len(suggestions)} suggestion(s):", [(s.region.kind, s.score) for s in suggestions])
    regions = [s.region for s in suggestions]
    with timed(f"pixelate {len(regions)} region(s), 12 MP photo", results):
        pixelate(photo, regions)
    many = [s.region for s in suggestions] * 10
    with timed(f"pixelate {len(many)} region(s), 12 MP photo", results):
        pixelate(photo, many)

    astronaut = data.astronaut()
    all_frames = list(frames(args.frames, astronaut))  # generated before timing
    blur = face_blur_filter(detector.for_video(), every_n_frames=args.every)
    with timed(
        f"face_blur_filter, {args.frames} frames 720p, every {args.every}",
        results,
        count=args.frames,
        unit="frame",
    ):
        done = []
        for frame in all_frames:
            done += blur.push(frame)
        done += blur.flush()
    changed = sum(out is not frame for out, frame in zip(done, all_frames, strict=True))
    # The astronaut's eyes, nose and mouth in each frame (see frames()): still visible?
    shown = sum(
        np.array_equal(out[190:250, left + 190 : left + 260],
                       frame[190:250, left + 190 : left + 260])
        for i, (out, frame) in enumerate(zip(done, all_frames, strict=True))
        for left in [200 + (i * 2) % 560]
    )
    print(f"  the face left unblurred in {shown} of {args.frames} frames")
    print(f"  {changed} of {args.frames} frames redacted")
    seconds = args.frames / 30
    wall = results[-1][1]
    print(f"  {wall / seconds:.2f} s wall, {results[-1][2] / seconds:.2f} s CPU of filtering"
          f" per second of 30 fps video; {blur.detections} detections")

    if args.pipeline:
        with tempfile.TemporaryDirectory(prefix="revier-bench-") as folder:
            pipeline(photo, astronaut, folder, results, args)
    print()
    print(table(results))


def pipeline(photo, astronaut, folder, results, args):
    """The portal's own steps, on files, as posts.tasks.process_media runs them."""
    print("\nFull pipeline")
    path = os.path.join(folder, "photo.jpg")
    photo.save(path, "JPEG", quality=90)
    detector = CenterFaceDetector()
    total_wall, total_cpu = time.perf_counter(), cpu_time()
    with timed(f"photo: upright {detector.max_side} px copy for the detector", results):
        (small,) = processing.photo_renditions(
            path, widths=[detector.max_side], formats=["jpeg"]
        )
    with Image.open(io.BytesIO(small.data)) as image:
        upright = image.convert("RGB")
    with timed("photo: detect faces on it", results):
        found = detector.faces(np.asarray(upright))
    with timed("photo: read plates and text on it (Tesseract)", results):
        found += find_text(upright)
    regions = [s.region for s in found]
    formats = processing.supported_photo_formats()
    with timed(f"photo: {len(regions)} area(s) blurred, renditions {'/'.join(formats)}",
               results):
        renditions = processing.photo_renditions(path, regions=regions)
    wall, cpu = time.perf_counter() - total_wall, cpu_time() - total_cpu
    results.append(("photo: full pipeline, 12 MP (sum of the above)", wall, cpu))
    print(f"{results[-1][0]:<46} wall {wall:8.3f} s   cpu {cpu:8.3f} s"
          f"   ({len(renditions)} renditions)")

    if not args.video:
        return
    src = os.path.join(folder, "clip.mp4")
    frames_count = round(args.video_seconds * 30)
    print(f"  making a {args.video_seconds:g} s 720p source clip (not timed) ...", flush=True)
    write_clip(src, frames(frames_count, astronaut))
    dst = os.path.join(folder, "out.mp4")
    with timed(f"video: {args.video_seconds:g} s 720p, no filter", results):
        processing.video_rendition(src, dst)
    blur = face_blur_filter(detector.for_video(), every_n_frames=args.every)
    with timed(f"video: {args.video_seconds:g} s 720p, blur all faces", results):
        processing.video_rendition(src, dst, frame_filter=blur)


@functools.cache
def face_frames():
    return redaction_set.face_frames()


def evaluate_faces(detector, name):
    """Recall and false suggestions per face size on the evaluation set's 12 MP frames."""
    print(f"\nFaces, {name}: making the evaluation set ...", flush=True)
    frames = face_frames()
    bins = {f"{low}-{high}" if high < 400 else f">{low}": [0, 0]
            for low, high in redaction_set.SIZE_BINS}
    at_least_30 = [0, 0]
    false_total, cpu = 0, 0.0
    detector.detect(frames[0].image.resize((64, 48)))  # load the model outside the timing
    misses = []
    for frame in frames:
        width, height = frame.image.size
        start = cpu_time()
        found = [s for s in detector.detect(frame.image) if s.region.kind == "face"]
        cpu += cpu_time() - start
        boxes = [(s.region.x * width, s.region.y * height, (s.region.x + s.region.w) * width,
                  (s.region.y + s.region.h) * height) for s in found]
        hits, false = redaction_set.score(frame.faces, boxes)
        false_total += len(false)
        for truth, hit, note in zip(frame.faces, hits, frame.face_notes, strict=True):
            size = truth[2] - truth[0]
            key = next(k for k, (low, high) in zip(bins, redaction_set.SIZE_BINS, strict=True)
                       if size < high or high == 400)
            bins[key][0] += hit
            bins[key][1] += 1
            if size >= 30:
                at_least_30[0] += hit
                at_least_30[1] += 1
            if not hit:
                misses.append(f"{note} ({size:.0f} px as turned)")
    print(f"| faces px wide (12 MP) | {' | '.join(bins)} | >= 30 |")
    print(f"| --- |{' ---: |' * (len(bins) + 1)}")
    cells = [f"{a}/{n} ({100 * a / max(n, 1):.0f} %)" for a, n in [*bins.values(), at_least_30]]
    print(f"| found by {name} | {' | '.join(cells)} |")
    print(f"false suggestions: {false_total} on {len(frames)} photos "
          f"({false_total / len(frames):.2f} per photo); CPU {cpu / len(frames):.2f} s per photo")
    print("missed:", "; ".join(misses[:30]))
    print(f"load average {load()}")


def evaluate_plates():
    print("\nPlates (Tesseract): making the plate frames ...", flush=True)
    frames = redaction_set.plate_frames()
    found_by = {}
    cpu = 0.0
    for frame in frames:
        width, height = frame.image.size
        start = cpu_time()
        found = [s for s in find_text(frame.image) if s.region.kind == "plate"]
        cpu += cpu_time() - start
        boxes = [(s.region.x * width, s.region.y * height, (s.region.x + s.region.w) * width,
                  (s.region.y + s.region.h) * height) for s in found]
        hits, false = redaction_set.score([b for b, _t in frame.plates], boxes, covered=0.6)
        key = frame.label.split(",")[0] + "," + frame.label.split(",")[1]
        entry = found_by.setdefault(key, [0, 0, 0])
        entry[0] += sum(hits)
        entry[1] += len(hits)
        entry[2] += len(false)
    print("| plate width, angle | found | false |")
    print("| --- | ---: | ---: |")
    for key, (hit, total, false) in found_by.items():
        print(f"| {key} | {hit}/{total} | {false} |")
    hits = sum(entry[0] for entry in found_by.values())
    total = sum(entry[1] for entry in found_by.values())
    print(f"plates found {hits}/{total} ({100 * hits / max(total, 1):.0f} %), "
          f"{sum(entry[2] for entry in found_by.values())} false")
    print(f"CPU (with Tesseract) {cpu / len(frames):.2f} s per photo")
    print(f"load average {load()}")


def evaluate_text():
    """Legible text on paper and screens (made here, offline), and text suggestions on the
    photos without any text (the backgrounds; scikit-image's page is a text page)."""
    print("\nLegible text (Tesseract): making the text frames ...", flush=True)
    found_by, cpu = {}, 0.0
    frames = redaction_set.text_frames()
    for frame in frames:
        width, height = frame.image.size
        start = cpu_time()
        found = find_text(frame.image)
        cpu += cpu_time() - start
        boxes = [(s.region.x * width, s.region.y * height, (s.region.x + s.region.w) * width,
                  (s.region.y + s.region.h) * height) for s in found]
        hits, false = redaction_set.score([b for b, _t in frame.plates], boxes, covered=0.6)
        key = ",".join(frame.label.split(",")[:2])
        entry = found_by.setdefault(key, [0, 0, 0])
        entry[0] += sum(hits)
        entry[1] += len(hits)
        entry[2] += len(false)
    print("| font size, angle (paper and screen) | lines found | false |")
    print("| --- | ---: | ---: |")
    for key, (hit, total, false) in found_by.items():
        print(f"| {key} | {hit}/{total} | {false} |")
    hits = sum(entry[0] for entry in found_by.values())
    total = sum(entry[1] for entry in found_by.values())
    print(f"lines found {hits}/{total} ({100 * hits / max(total, 1):.0f} %); "
          f"CPU (with Tesseract) {cpu / len(frames):.2f} s per photo")
    false = 0
    for name, ground in redaction_set.backgrounds():
        if name == "page":
            continue
        false += len(find_text(redaction_set._fill(ground, redaction_set.FRAME)))
    print(f"text or plate suggestions on the 11 photos without text: {false}")
    print(f"load average {load()}")


def write_clip(path, frame_iter, fps=30):
    import av

    with av.open(path, "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "23"}
        for i, pixels in enumerate(frame_iter):
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def table(results):
    lines = ["| step | wall (s) | CPU (s) |", "| --- | ---: | ---: |"]
    lines += [f"| {label} | {wall:.2f} | {cpu:.2f} |" for label, wall, cpu in results]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
