"""Measure the activation ranges of the 8-bit face model (portal/media/face_model.py).

Run:  .venv/bin/python benchmarks/calibrate_faces.py
      (writes portal/media/centerface-int8-ranges.json; then `make models` builds the model)

Needs scikit-image (the test extra) for its photos: eight photos at 640 x 480 (two with a
face of about 100 px, six without people), the astronaut and the cameraman at 1536 px (faces
of about 270 px: without them the 8-bit model lost a large face) and a sheet of 48 of the
"Labeled Faces in the Wild" crops at 50 px. The evaluation set (benchmarks/redaction_set.py)
uses the same sources in other sizes and places; only the ranges come from here, once.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from skimage import data  # noqa: E402

from portal.media import face_model  # noqa: E402


def rgb(array):
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    return array[:, :, :3]


def photos():
    names = ["astronaut", "camera", "coffee", "chelsea", "rocket", "immunohistochemistry",
             "hubble_deep_field", "brick"]
    for name in names:
        yield np.asarray(Image.fromarray(rgb(getattr(data, name)())).resize((640, 480)))
    for name in ["astronaut", "camera"]:
        yield np.asarray(Image.fromarray(rgb(getattr(data, name)())).resize((1536, 1536)))
    sheet = np.full((480, 640, 3), 128, np.uint8)
    for i, face in enumerate(data.lfw_subset()[:48]):
        face = np.asarray(Image.fromarray((np.clip(face, 0, 1) * 255).astype(np.uint8))
                          .resize((50, 50)))
        row, col = divmod(i, 12)
        sheet[20 + row * 110 : 70 + row * 110, 10 + col * 52 : 60 + col * 52] = face[:, :, None]
    yield sheet


def main():
    source = ROOT / "var" / "models" / "centerface.onnx"
    print("ranges written to", face_model.calibrate(source, list(photos())))


if __name__ == "__main__":
    main()
