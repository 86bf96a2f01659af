"""Benchmark redaction: detect + pixelate on a 12 MP photo, face_blur_filter on 30 s of 720p.

Run:  .venv/bin/python benchmarks/redaction.py [--frames 900] [--every 5]

Needs scikit-image (the test extra) for its sample photo ``astronaut``. Frames are made in
numpy (the astronaut, drifting slowly across a grey 1280x720 frame); only the filter is
timed, not decoding or encoding. Prints wall and CPU time (CPU covers all threads of this
process; OpenCV detects with several threads).
"""

import argparse
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from skimage import data  # noqa: E402

from posts.redaction import HaarDetector, face_blur_filter, pixelate  # noqa: E402


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


if __name__ == "__main__":
    main()
