"""Residual networks for c4w2a1: the ResNet-50 layout and the pretrained SIGNS weights.

The lesson builds ResNet-50 from two blocks: the identity block (three convolutions,
the input added back unchanged) and the convolutional block (the same three
convolutions, with a 1x1 convolution and batch norm on the shortcut so the shapes
match). The stages hold 3, 4, 6 and 3 blocks, each stage opening with a convolutional
block. Full width (64 filters in the stem, bottlenecks of 64 to 512 filters expanding
to 256 to 2048) has 23.6 M parameters, too many to train on a laptop CPU. The weights
shipped here (`datasets/c4/resnet_signs.weights.h5`, trained by
`datasets/builders/resnet_signs.py` on the SIGNS training images) belong to the same
network with every filter count divided by a width factor, recorded with the
architecture in `datasets/c4/resnet_signs.json`.

Weights are matched to layers by Keras's own loading code, which goes by the order of
the layers of each kind (the n-th Conv2D of the file goes to the n-th Conv2D of the
model). A model built the lesson's way lines up with the file when, in every block,
the main path comes first in `Add()([X, X_shortcut])`.

Nothing here is graded: `load_pretrained_resnet()` builds the network with
`build_resnet50` and loads the weights, so the lesson can show the pretrained model
whatever state the learner's own blocks are in.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from shared_utils.data import data_path

WEIGHTS = "c4/resnet_signs.weights.h5"
ARCHITECTURE = "c4/resnet_signs.json"
# ResNet-50 at full width: (blocks, bottleneck filters [F1, F2, F3], first stride).
STAGES: tuple[tuple[int, tuple[int, int, int], int], ...] = (
    (3, (64, 64, 256), 1),
    (4, (128, 128, 512), 2),
    (6, (256, 256, 1024), 2),
    (3, (512, 512, 2048), 2),
)
STEM_FILTERS = 64


def narrow(filters: int, width: int) -> int:
    """A full-width filter count divided by the width factor (at least 1)."""
    return max(1, filters // width)


def stage_filters(width: int = 1) -> list[list[int]]:
    """The [F1, F2, F3] of each stage at `width` (1 = the lesson's full ResNet-50)."""
    return [[narrow(f, width) for f in filters] for _, filters, _ in STAGES]


def _bottleneck(x, f: int, filters, stride: int, project: bool, training, prefix: str):
    """One residual block: 1x1 -> f x f -> 1x1 convolutions with batch norm, plus the
    shortcut (a strided 1x1 convolution and batch norm when `project`, else the input)."""
    from keras import layers

    f1, f2, f3 = filters
    shortcut = x
    x = layers.Conv2D(f1, 1, strides=stride, padding="valid", name=f"{prefix}_conv1")(x)
    x = layers.BatchNormalization(axis=3, name=f"{prefix}_bn1")(x, training=training)
    x = layers.Activation("relu", name=f"{prefix}_relu1")(x)
    x = layers.Conv2D(f2, f, strides=1, padding="same", name=f"{prefix}_conv2")(x)
    x = layers.BatchNormalization(axis=3, name=f"{prefix}_bn2")(x, training=training)
    x = layers.Activation("relu", name=f"{prefix}_relu2")(x)
    x = layers.Conv2D(f3, 1, strides=1, padding="valid", name=f"{prefix}_conv3")(x)
    x = layers.BatchNormalization(axis=3, name=f"{prefix}_bn3")(x, training=training)
    if project:
        shortcut = layers.Conv2D(f3, 1, strides=stride, padding="valid",
                                 name=f"{prefix}_shortcut_conv")(shortcut)
        shortcut = layers.BatchNormalization(axis=3, name=f"{prefix}_shortcut_bn")(
            shortcut, training=training)
    x = layers.Add(name=f"{prefix}_add")([x, shortcut])  # main path first
    return layers.Activation("relu", name=f"{prefix}_out")(x)


def build_resnet50(input_shape: tuple[int, int, int] = (64, 64, 3), classes: int = 6,
                   width: int = 1, training: bool | None = None):
    """ResNet-50 (stages of 3, 4, 6 and 3 blocks) with filter counts divided by `width`.

    Layout, as in the lesson: zero padding 3 -> conv 7x7 stride 2 -> batch norm -> ReLU
    -> max pool 3x3 stride 2 -> four stages (a convolutional block, stride 1 in the first
    stage and 2 after, then identity blocks; kernel 3 in the middle convolution) ->
    average pool 2x2 -> flatten -> dense softmax. `training=None` lets Keras choose the
    batch-norm mode (batch statistics in `fit`, moving averages in `predict`).
    """
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape)
    x = layers.ZeroPadding2D((3, 3), name="stem_pad")(inputs)
    x = layers.Conv2D(narrow(STEM_FILTERS, width), 7, strides=2, name="stem_conv")(x)
    x = layers.BatchNormalization(axis=3, name="stem_bn")(x, training=training)
    x = layers.Activation("relu", name="stem_relu")(x)
    x = layers.MaxPooling2D(3, strides=2, name="stem_pool")(x)
    for s, ((blocks, _, stride), filters) in enumerate(zip(STAGES, stage_filters(width),
                                                           strict=True)):
        for b in range(blocks):
            x = _bottleneck(x, 3, filters, stride if b == 0 else 1, project=b == 0,
                            training=training, prefix=f"stage{s + 2}_block{b + 1}")
    x = layers.AveragePooling2D(2, name="avg_pool")(x)
    x = layers.Flatten(name="flatten")(x)
    outputs = layers.Dense(classes, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="ResNet50" if width == 1 else f"ResNet50_w{width}")


def pretrained_architecture() -> dict[str, Any]:
    """The recorded architecture of the shipped weights (width factor, layer counts,
    filters per stage, parameters) and the accuracies measured when they were trained."""
    return json.loads(data_path(ARCHITECTURE).read_text())


def load_pretrained_resnet():
    """The narrow ResNet-50 trained on SIGNS, loaded with Keras's `load_weights`.

    Input: uint8 images scaled to [0, 1] (divide by 255), shape (m, 64, 64, 3).
    Output: (m, 6) class probabilities for 0 to 5 raised fingers.
    """
    arch = pretrained_architecture()
    model = build_resnet50(tuple(arch["input_shape"]), arch["classes"], arch["width"])
    model.load_weights(data_path(WEIGHTS))
    return model


def convert_to_one_hot(y: np.ndarray, classes: int) -> np.ndarray:
    """Labels of shape (1, m) or (m,) -> one-hot matrix of shape (classes, m)."""
    return np.eye(classes)[np.asarray(y).reshape(-1)].T
