"""Hidden grader spec of c4w2a1, "Residual Networks".

Every exercise goes through the public tests' `harness`: the blocks through
`shared_utils.cnn_probes.probe_block` (wrapped in a small model with a fixed
input shape and fixed weights; their layer table and outputs, batch norm in
inference and in training mode, are compared), `ResNet50` through
`shared_utils.public_tests.c4w2a1.probe_resnet` (its parameter count, its
layers by kind, the settings of every convolution in order, its head, and its
outputs with fixed weights). Nothing is trained.

The cases go beyond the public tests: other filter counts, window sizes (1, 2,
5), strides (1 and 3 as well as 2), non-square inputs, `training` forced to
True or False (a block that ignores its `training` argument shows), and
narrow networks for other input shapes and class counts (kept narrow so that a
submission grades in seconds). The mistakes are the slips learners make: the
last ReLU before the addition instead of after it, no shortcut, batch norm over
the wrong axis or forced into training mode, the stride on the wrong
convolution, a shortcut without batch norm, the shortcut added first (the
pretrained weights then no longer line up), a stage with the wrong number of
blocks or the wrong stride, a missing pooling, a logit output.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 4201
RTOL, ATOL = 1e-4, 1e-6  # float32 models; the same tolerances as the public tests

_RELU = 'X = keras.layers.Activation("relu")(X)'
_ADD_THEN_RELU = f"X = keras.layers.Add()([X, X_shortcut])\n    {_RELU}"
_RELU_THEN_ADD = f"{_RELU}\n    X = keras.layers.Add()([X, X_shortcut])"
_RELU_HINT = "the block's last ReLU comes after the addition, not before it"
_TRAINING_HINT = (
    "pass the block's training argument on: BatchNormalization(axis=3)(X, training=training)"
)
_MIDDLE = 'keras.layers.Conv2D(filters=F2, kernel_size=(f, f), strides=(1, 1), padding="same")'
_THIRD = (
    'X = keras.layers.Conv2D(filters=F3, kernel_size=(1, 1), strides=(1, 1), padding="valid")(X)'
)


def _x(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.normal(size=shape).astype(np.float32)


# --------------------------------------------------------------------------- identity_block


@exercise(
    mistakes={
        "relu_before_the_add": edit(_ADD_THEN_RELU, _RELU_THEN_ADD, hint=_RELU_HINT),
        "shortcut_never_added": edit(
            "    X = keras.layers.Add()([X, X_shortcut])\n",
            "",
            hint="the shortcut is missing: add X_shortcut to the main path before the last ReLU",
        ),
        "batch_norm_over_axis_1": edit(
            "BatchNormalization(axis=3)",
            "BatchNormalization(axis=1)",
            every=True,
            hint="batch norm normalises each channel: axis=3",
        ),
        "batch_norm_always_training": edit(
            "(X, training=training)", "(X, training=True)", every=True, hint=_TRAINING_HINT
        ),
        "batch_norm_ignores_training": edit("(X, training=training)", "(X)", every=True),
        "middle_convolution_1x1": edit(_MIDDLE, _MIDDLE.replace("(f, f)", "(1, 1)")),
        "middle_convolution_valid": edit(_MIDDLE, _MIDDLE.replace('"same"', '"valid"')),
        "third_batch_norm_missing": edit(
            f"{_THIRD}\n    X = keras.layers.BatchNormalization(axis=3)(X, training=training)\n",
            f"{_THIRD}\n",
        ),
    },
    rtol=RTOL,
    atol=ATOL,
)
def identity_block(rng: np.random.Generator) -> list[Case]:
    return [
        Case("2 inputs 4 x 4 x 6, f = 3, filters [2, 3, 6]", (_x(rng, 2, 4, 4, 6), 3, [2, 3, 6])),
        Case(
            "non-square 3 x 5 x 4, f = 2, filters [3, 3, 4], training=False",
            (_x(rng, 1, 3, 5, 4), 2, [3, 3, 4]),
            {"training": False},
        ),
        Case(
            "3 inputs 2 x 2 x 3, f = 1, filters [1, 2, 3], training=True",
            (_x(rng, 3, 2, 2, 3), 1, [1, 2, 3]),
            {"training": True},
        ),
        Case("6 x 6 x 5, f = 5, filters [4, 2, 5]", (_x(rng, 2, 6, 6, 5), 5, [4, 2, 5])),
    ]


# --------------------------------------------------------------------------- convolutional_block

_FIRST = 'keras.layers.Conv2D(filters=F1, kernel_size=(1, 1), strides=(s, s), padding="valid")'
_SHORTCUT_CONV = (
    "X_shortcut = keras.layers.Conv2D("
    'filters=F3, kernel_size=(1, 1), strides=(s, s), padding="valid")(X_shortcut)'
)
_SHORTCUT_BN = (
    "X_shortcut = keras.layers.BatchNormalization(axis=3)(X_shortcut, training=training)"
)


@exercise(
    mistakes={
        "stride_on_the_middle_convolution": edit(
            [
                (_FIRST, _FIRST.replace("(s, s)", "(1, 1)")),
                (_MIDDLE, _MIDDLE.replace("(1, 1)", "(s, s)")),
            ],
            hint="the stride s belongs to the first 1x1 convolution (and the shortcut), "
            "not to the f x f one",
        ),
        "shortcut_without_batch_norm": edit(
            f"    {_SHORTCUT_BN}\n",
            "",
            hint="the shortcut's convolution is followed by batch norm",
        ),
        "shortcut_added_first": edit(
            "keras.layers.Add()([X, X_shortcut])",
            "keras.layers.Add()([X_shortcut, X])",
            hint="add the main path first, Add()([X, X_shortcut]): Keras orders the layers "
            "(and matches pretrained weights) by that order",
        ),
        "relu_before_the_add": edit(_ADD_THEN_RELU, _RELU_THEN_ADD, hint=_RELU_HINT),
        "shortcut_without_stride": edit(
            _SHORTCUT_CONV, _SHORTCUT_CONV.replace("(s, s)", "(1, 1)")
        ),
        "batch_norm_always_training": edit(
            "training=training)", "training=True)", every=True, hint=_TRAINING_HINT
        ),
        "shortcut_convolution_on_the_main_path": edit(
            _SHORTCUT_CONV, _SHORTCUT_CONV.replace("(X_shortcut)", "(X)")
        ),
        "shortcut_kernel_f": edit(
            _SHORTCUT_CONV, _SHORTCUT_CONV.replace("kernel_size=(1, 1)", "kernel_size=(f, f)")
        ),
    },
    rtol=RTOL,
    atol=ATOL,
)
def convolutional_block(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "2 inputs 4 x 4 x 3, f = 3, filters [2, 2, 5], s = 2",
            (_x(rng, 2, 4, 4, 3), 3, [2, 2, 5]),
        ),
        Case(
            "non-square 5 x 3 x 2, f = 2, filters [3, 1, 4], s = 1",
            (_x(rng, 1, 5, 3, 2), 2, [3, 1, 4]),
            {"s": 1},
        ),
        Case(
            "7 x 7 x 4, f = 3, filters [2, 3, 2], s = 3, training=False",
            (_x(rng, 2, 7, 7, 4), 3, [2, 3, 2]),
            {"s": 3, "training": False},
        ),
        Case(
            "6 x 4 x 3, f = 1, filters [4, 4, 6], s = 2, training=True",
            (_x(rng, 3, 6, 4, 3), 1, [4, 4, 6]),
            {"s": 2, "training": True},
        ),
    ]


# --------------------------------------------------------------------------- ResNet50


@exercise(
    mistakes={
        "stage_4_with_3_identity_blocks": edit(
            "for _ in range(5):",
            "for _ in range(3):",
            hint="stage 4 is a convolutional block and 5 identity blocks",
        ),
        "stage_3_without_stride": edit(
            "filters=scaled(128, 128, 512), s=2", "filters=scaled(128, 128, 512), s=1"
        ),
        "stage_2_with_stride_2": edit(
            "filters=scaled(64, 64, 256), s=1",
            "filters=scaled(64, 64, 256), s=2",
            hint="the first stage's convolutional block has stride s = 1",
        ),
        "no_average_pool": edit("    X = keras.layers.AveragePooling2D((2, 2))(X)\n", ""),
        "no_max_pool": edit("    X = keras.layers.MaxPooling2D((3, 3), strides=(2, 2))(X)\n", ""),
        "logits_output": edit(
            'keras.layers.Dense(classes, activation="softmax")',
            "keras.layers.Dense(classes)",
            hint="the last layer is a softmax over the classes",
        ),
        "stem_stride_1": edit("(7, 7), strides=(2, 2)", "(7, 7), strides=(1, 1)"),
        "identity_block_opens_stage_2": edit(
            "X = convolutional_block(X, f=3, filters=scaled(64, 64, 256), s=1)",
            "X = identity_block(X, 3, scaled(64, 64, 256))",
        ),
        "stage_5_at_full_width": edit(
            "scaled(512, 512, 2048)",
            "[512, 512, 2048]",
            every=True,
            hint="divide every filter count by width_divisor (scaled(...))",
        ),
    },
    depends=("identity_block", "convolutional_block"),
    rtol=RTOL,
    atol=ATOL,
    timeout_s=120.0,  # three narrow 177-layer builds; seconds on an idle machine
)
def ResNet50(rng: np.random.Generator) -> list[Case]:
    return [
        Case("64 x 64 x 3 pictures, 6 classes, width_divisor 32", ((64, 64, 3), 6, 32)),
        Case("64 x 64 x 1 pictures, 3 classes, width_divisor 64", ((64, 64, 1), 3, 64)),
        Case("80 x 72 x 3 pictures, 10 classes, width_divisor 16", ((80, 72, 3), 10, 16)),
    ]
