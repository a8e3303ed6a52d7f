"""Public tests of c4w3a2, "Image segmentation with U-Net".

The graded functions build Keras layers and models, so they are tested through
probes: a block is called on `keras.Input`s of the case's shapes and wrapped in
a small `keras.Model`, and the probe records that model's layer table (class,
output shape, parameter count and the settings the lesson asks for: filters,
kernel size, strides, padding, activation, dropout rate, concatenation axis),
in order, without the input layers. The hidden grader's cases also record the
outputs of each model on seeded inputs once every weight is set to fixed
values (`shared_utils.keras_checks.with_fixed_weights`), which checks the
wiring: for example, which of the two maps comes first in a concatenation.
The public cases ask for the structure only (`record_outputs=False`), so that
their expected values can be written out here and checked by hand: a 3 x 3
convolution from c to f channels has 9 c f + f parameters.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils.frameworks import keras
from shared_utils.keras_checks import layer_table, seeded_inputs, with_fixed_weights
from shared_utils.testing import Case, public_test

# --------------------------------------------------------------------------- probes


def _rows(model: Any) -> list[dict[str, Any]]:
    """The layer table without input layers; a concatenation axis counted from the front."""
    rows = []
    for row in layer_table(model):
        if row["class"] == "InputLayer":
            continue
        axis, shape = row.get("axis"), row.get("output_shape")
        if row["class"] == "Concatenate" and isinstance(axis, int) and axis < 0 and shape:
            row = {**row, "axis": axis + len(shape)}
        rows.append(row)
    return rows


def _record(model: Any, record_outputs: bool, **extra: Any) -> dict[str, Any]:
    record = {"kind": "keras.Model", "layers": _rows(model), "params": int(model.count_params())}
    record.update(extra)
    if record_outputs:
        with_fixed_weights(model)
        inputs = seeded_inputs(model)
        outputs = model(inputs if len(inputs) > 1 else inputs[0], training=False)
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        record["outputs"] = [np.asarray(o, dtype=np.float64) for o in outputs]
    return record


def probe_conv_block(
    conv_block: Any, input_shape: Any, *args: Any, record_outputs: bool = True, **kwargs: Any
) -> dict[str, Any]:
    """Call conv_block on a keras.Input of `input_shape`; record the model from the input
    to (next_layer, skip_connection), and whether both are the same tensor."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=tuple(input_shape))
    result = conv_block(inputs, *args, **kwargs)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return {"kind": f"{type(result).__name__}, not a pair (next_layer, skip_connection)"}
    next_layer, skip_connection = result
    same = next_layer is skip_connection
    outputs = [next_layer] if same else [next_layer, skip_connection]
    model = keras.Model(inputs, outputs)
    return _record(model, record_outputs, skip_is_next_layer=same)


def probe_upsampling_block(
    upsampling_block: Any,
    expansive_shape: Any,
    contractive_shape: Any,
    *args: Any,
    record_outputs: bool = True,
    **kwargs: Any,
) -> dict[str, Any]:
    """Call upsampling_block on keras.Inputs of the two shapes; record the model."""
    keras.utils.set_random_seed(0)
    expansive = keras.Input(shape=tuple(expansive_shape))
    contractive = keras.Input(shape=tuple(contractive_shape))
    output = upsampling_block(expansive, contractive, *args, **kwargs)
    return _record(keras.Model([expansive, contractive], output), record_outputs)


def probe_unet_model(
    unet_model: Any, *args: Any, record_outputs: bool = True, **kwargs: Any
) -> dict[str, Any]:
    """Build the model; record it."""
    keras.utils.set_random_seed(0)
    model = unet_model(*args, **kwargs)
    if not isinstance(model, keras.Model):
        return {"kind": type(model).__name__}
    return _record(model, record_outputs)


# --------------------------------------------------------------------------- expected rows


def _conv(shape: tuple, params: int, filters: int, kernel: int = 3, activation: str = "relu"):
    return {
        "class": "Conv2D",
        "output_shape": (-1, *shape),
        "params": params,
        "trainable": True,
        "activation": activation,
        "filters": filters,
        "kernel_size": (kernel, kernel),
        "strides": (1, 1),
        "padding": "same",
        "use_bias": True,
    }


def _pool(shape: tuple):
    return {
        "class": "MaxPooling2D",
        "output_shape": (-1, *shape),
        "params": 0,
        "trainable": True,
        "pool_size": (2, 2),
        "strides": (2, 2),
        "padding": "valid",
    }


def _dropout(shape: tuple, rate: float):
    return {
        "class": "Dropout",
        "output_shape": (-1, *shape),
        "params": 0,
        "trainable": True,
        "rate": rate,
    }


def _up(shape: tuple, params: int, filters: int):
    return {
        "class": "Conv2DTranspose",
        "output_shape": (-1, *shape),
        "params": params,
        "trainable": True,
        "activation": "linear",
        "filters": filters,
        "kernel_size": (3, 3),
        "strides": (2, 2),
        "padding": "same",
        "use_bias": True,
    }


def _concat(shape: tuple):
    return {
        "class": "Concatenate",
        "output_shape": (-1, *shape),
        "params": 0,
        "trainable": True,
        "axis": 3,
    }


def _model(layers: list, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "keras.Model",
        "layers": layers,
        "params": sum(row["params"] for row in layers),
        **extra,
    }


# --------------------------------------------------------------------------- conv_block


@public_test(harness=probe_conv_block)
def test_conv_block():
    """conv_block(inputs, n_filters, dropout_prob, max_pooling): structure of the block."""
    return [
        Case(
            "input (8, 8, 3), 4 filters, defaults (no dropout, max pooling): structure only",
            args=((8, 8, 3),),
            kwargs={"n_filters": 4, "record_outputs": False},
            expected=_model(
                [_conv((8, 8, 4), 112, 4), _conv((8, 8, 4), 148, 4), _pool((4, 4, 4))],
                skip_is_next_layer=False,
            ),
        ),
        Case(
            "input (6, 10, 2), 3 filters, dropout 0.3, no pooling: structure only",
            args=((6, 10, 2),),
            kwargs={
                "n_filters": 3,
                "dropout_prob": 0.3,
                "max_pooling": False,
                "record_outputs": False,
            },
            expected=_model(
                [_conv((6, 10, 3), 57, 3), _conv((6, 10, 3), 84, 3), _dropout((6, 10, 3), 0.3)],
                skip_is_next_layer=True,
            ),
        ),
    ]


# --------------------------------------------------------------------------- upsampling_block


@public_test(harness=probe_upsampling_block)
def test_upsampling_block():
    """upsampling_block(expansive_input, contractive_input, n_filters): structure."""
    return [
        Case(
            "expansive (4, 4, 6), contractive (8, 8, 3), 2 filters: structure only",
            args=((4, 4, 6), (8, 8, 3)),
            kwargs={"n_filters": 2, "record_outputs": False},
            expected=_model(
                [
                    _up((8, 8, 2), 110, 2),
                    _concat((8, 8, 5)),
                    _conv((8, 8, 2), 92, 2),
                    _conv((8, 8, 2), 38, 2),
                ]
            ),
        ),
        Case(
            "expansive (3, 5, 4), contractive (6, 10, 4), 3 filters: structure only",
            args=((3, 5, 4), (6, 10, 4)),
            kwargs={"n_filters": 3, "record_outputs": False},
            expected=_model(
                [
                    _up((6, 10, 3), 111, 3),
                    _concat((6, 10, 7)),
                    _conv((6, 10, 3), 192, 3),
                    _conv((6, 10, 3), 84, 3),
                ]
            ),
        ),
    ]


# --------------------------------------------------------------------------- unet_model


def _unet_rows_32x48() -> list[dict[str, Any]]:
    """unet_model((32, 48, 3), n_filters=2, n_classes=3): 34 layers, 34,011 parameters."""
    return [
        _conv((32, 48, 2), 56, 2),
        _conv((32, 48, 2), 38, 2),
        _pool((16, 24, 2)),
        _conv((16, 24, 4), 76, 4),
        _conv((16, 24, 4), 148, 4),
        _pool((8, 12, 4)),
        _conv((8, 12, 8), 296, 8),
        _conv((8, 12, 8), 584, 8),
        _pool((4, 6, 8)),
        _conv((4, 6, 16), 1168, 16),
        _conv((4, 6, 16), 2320, 16),
        _dropout((4, 6, 16), 0.3),
        _pool((2, 3, 16)),
        _conv((2, 3, 32), 4640, 32),
        _conv((2, 3, 32), 9248, 32),
        _dropout((2, 3, 32), 0.3),
        _up((4, 6, 16), 4624, 16),
        _concat((4, 6, 32)),
        _conv((4, 6, 16), 4624, 16),
        _conv((4, 6, 16), 2320, 16),
        _up((8, 12, 8), 1160, 8),
        _concat((8, 12, 16)),
        _conv((8, 12, 8), 1160, 8),
        _conv((8, 12, 8), 584, 8),
        _up((16, 24, 4), 292, 4),
        _concat((16, 24, 8)),
        _conv((16, 24, 4), 292, 4),
        _conv((16, 24, 4), 148, 4),
        _up((32, 48, 2), 74, 2),
        _concat((32, 48, 4)),
        _conv((32, 48, 2), 74, 2),
        _conv((32, 48, 2), 38, 2),
        _conv((32, 48, 2), 38, 2),
        _conv((32, 48, 3), 9, 3, kernel=1, activation="linear"),
    ]


def _unet_rows_16x16() -> list[dict[str, Any]]:
    """unet_model((16, 16, 3), n_filters=1) with 14 classes: 8,596 parameters."""
    return [
        _conv((16, 16, 1), 28, 1),
        _conv((16, 16, 1), 10, 1),
        _pool((8, 8, 1)),
        _conv((8, 8, 2), 20, 2),
        _conv((8, 8, 2), 38, 2),
        _pool((4, 4, 2)),
        _conv((4, 4, 4), 76, 4),
        _conv((4, 4, 4), 148, 4),
        _pool((2, 2, 4)),
        _conv((2, 2, 8), 296, 8),
        _conv((2, 2, 8), 584, 8),
        _dropout((2, 2, 8), 0.3),
        _pool((1, 1, 8)),
        _conv((1, 1, 16), 1168, 16),
        _conv((1, 1, 16), 2320, 16),
        _dropout((1, 1, 16), 0.3),
        _up((2, 2, 8), 1160, 8),
        _concat((2, 2, 16)),
        _conv((2, 2, 8), 1160, 8),
        _conv((2, 2, 8), 584, 8),
        _up((4, 4, 4), 292, 4),
        _concat((4, 4, 8)),
        _conv((4, 4, 4), 292, 4),
        _conv((4, 4, 4), 148, 4),
        _up((8, 8, 2), 74, 2),
        _concat((8, 8, 4)),
        _conv((8, 8, 2), 74, 2),
        _conv((8, 8, 2), 38, 2),
        _up((16, 16, 1), 19, 1),
        _concat((16, 16, 2)),
        _conv((16, 16, 1), 19, 1),
        _conv((16, 16, 1), 10, 1),
        _conv((16, 16, 1), 10, 1),
        _conv((16, 16, 14), 28, 14, kernel=1, activation="linear"),
    ]


@public_test(harness=probe_unet_model)
def test_unet_model():
    """unet_model(input_size, n_filters, n_classes): the layer table, in order."""
    return [
        Case(
            "input (32, 48, 3), 2 filters, 3 classes: structure only",
            args=((32, 48, 3),),
            kwargs={"n_filters": 2, "n_classes": 3, "record_outputs": False},
            expected=_model(_unet_rows_32x48()),
        ),
        Case(
            "input (16, 16, 3), 1 filter, the default number of classes (14): structure only",
            args=((16, 16, 3),),
            kwargs={"n_filters": 1, "record_outputs": False},
            expected=_model(_unet_rows_16x16()),
        ),
    ]
