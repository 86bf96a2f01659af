"""Benchmark redaction: detect + pixelate on a 12 MP photo, face_blur_filter on 30 s of 720p,
and the full pipeline as the portal runs it.

Run:  .venv/bin/python benchmarks/redaction.py [--frames 900] [--every 5] [--video-seconds 30]
      (--no-pipeline skips the full-pipeline part, --no-video its video)

Needs scikit-image (the test extra) for its sample photo ``astronaut``. Frames are made in
numpy (the astronaut, drifting slowly across a grey 1280x720 frame); in the first part only
the filter is timed, not decoding or encoding. Prints wall and CPU time (CPU covers all
threads of this process; OpenCV detects with several threads).

The full pipeline times what processing a post does:
- photo: a 12 MP JPEG on disk -> the upright 1024 px copy the detector reads
  (posts.redaction.suggest_regions) -> detect -> every public rendition (all widths
  and formats) with the suggested areas pixelated (portal.media.processing.photo_renditions);
- video: a 30 s 720p H.264 clip -> portal.media.processing.video_rendition, without and with
  frame_filter=face_blur_filter() ("blur all detected faces").
"""

import argparse
import io
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

# portal.media.processing uses Django's lazy translations: settings must exist, nothing more.
from django.conf import settings  # noqa: E402
from PIL import Image  # noqa: E402
from skimage import data  # noqa: E402

from portal.media.redaction import HaarDetector, face_blur_filter, pixelate  # noqa: E402

if not settings.configured:
    settings.configure(USE_I18N=False)
from portal.media import processing  # noqa: E402


@contextmanager
def timed(label, results, count=1, unit="run"):
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
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
    parser.add_argument("--every", type=int, default=5, help="detect on every n-th frame")
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

    photo = twelve_megapixel_photo()
    detector = HaarDetector()
    with timed("load cascades (first detect, 512 px image)", results):
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
    changed = 0
    with timed(
        f"face_blur_filter, {args.frames} frames 720p, every {args.every}",
        results,
        count=args.frames,
        unit="frame",
    ):
        for frame in all_frames:
            if blur(frame) is not frame:
                changed += 1
    print(f"  {changed} of {args.frames} frames redacted")
    seconds = args.frames / 30
    wall = results[-1][1]
    print(f"  {wall / seconds:.2f} s of filtering per second of 30 fps video")

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
    detector = HaarDetector()
    total_wall, total_cpu = time.perf_counter(), time.process_time()
    with timed("photo: upright 1024 px copy for the detector", results):
        (small,) = processing.photo_renditions(path, widths=[1024], formats=["jpeg"])
    with timed("photo: detect on it", results):
        with Image.open(io.BytesIO(small.data)) as image:
            found = detector.detect(image.convert("RGB"))
    regions = [s.region for s in found]
    formats = processing.supported_photo_formats()
    with timed(f"photo: {len(regions)} area(s) blurred, renditions {'/'.join(formats)}",
               results):
        renditions = processing.photo_renditions(path, regions=regions)
    wall, cpu = time.perf_counter() - total_wall, time.process_time() - total_cpu
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
