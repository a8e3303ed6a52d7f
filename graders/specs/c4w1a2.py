"""Hidden grader spec of c4w1a2, "Convolutional Networks in Keras".

Both exercises go through `shared_utils.cnn_probes.probe_network` (the public
tests' `harness`): it builds the model, records its layer table
(class, output shape, parameters and settings of every layer), sets every
weight to seeded values and records the outputs on seeded inputs, with batch
norm in inference mode and then in training mode. Nothing is trained.

The cases go beyond the public tests: other weight and input seeds and batch
sizes for `happyModel` (which takes no arguments), and other input shapes for
`convolutional_model` (smaller and non-square pictures, one or four channels),
where the "same" paddings and the flatten size must follow the input. The
mistakes are the slips learners make: the wrong padding, window or stride,
batch norm over the wrong axis or left out, a missing ReLU, an average pool, a
softmax on a single unit, no activation on the output, paddings left "valid".
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 4102
RTOL, ATOL = 1e-4, 1e-6  # float32 models; the same tolerances as the public tests

_PAD = "            keras.layers.ZeroPadding2D(padding=3),\n"
_CONV = "keras.layers.Conv2D(32, (7, 7), strides=1)"
_BN = "            keras.layers.BatchNormalization(axis=3),\n"


@exercise(
    mistakes={
        "padding_2": edit(
            "ZeroPadding2D(padding=3)",
            "ZeroPadding2D(padding=2)",
            hint="the zero padding is 3 pixels on each side (70 x 70)",
        ),
        "no_zero_padding": edit(_PAD, ""),
        "kernel_3x3": edit(_CONV, "keras.layers.Conv2D(32, (3, 3), strides=1)"),
        "stride_2": edit(_CONV, "keras.layers.Conv2D(32, (7, 7), strides=2)"),
        "batch_norm_over_axis_1": edit(
            "BatchNormalization(axis=3)",
            "BatchNormalization(axis=1)",
            hint="batch norm normalises each channel: axis=3",
        ),
        "no_batch_norm": edit(_BN, ""),
        "no_relu": edit("            keras.layers.ReLU(),\n", ""),
        "average_pool": edit("keras.layers.MaxPooling2D()", "keras.layers.AveragePooling2D()"),
        "softmax_on_one_unit": edit(
            'activation="sigmoid"',
            'activation="softmax"',
            hint="a softmax over a single unit always gives 1: use a sigmoid",
        ),
        "no_output_activation": edit(', activation="sigmoid"', ""),
    },
    rtol=RTOL,
    atol=ATOL,
)
def happyModel(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "weights drawn with seed 3, four random images", kwargs={"weight_seed": 3, "batch": 4}
        ),
        Case(
            "weights drawn with seed 7, one random image",
            kwargs={"weight_seed": 7, "input_seed": 5, "batch": 1},
        ),
        Case(
            "weights drawn with seed 11, three random images",
            kwargs={"weight_seed": 11, "input_seed": 9, "batch": 3},
        ),
    ]


_FIRST_POOL = 'keras.layers.MaxPool2D(pool_size=(8, 8), strides=8, padding="same")'


@exercise(
    mistakes={
        "first_pool_valid": edit(
            _FIRST_POOL,
            _FIRST_POOL.replace('"same"', '"valid"'),
            hint='both poolings use padding="same"',
        ),
        "first_pool_stride_1": edit(_FIRST_POOL, _FIRST_POOL.replace("strides=8", "strides=1")),
        "first_conv_valid": edit(
            'kernel_size=(4, 4), strides=1, padding="same"',
            'kernel_size=(4, 4), strides=1, padding="valid"',
        ),
        "filters_swapped": edit(
            [
                ("filters=8, kernel_size=(4, 4)", "filters=16, kernel_size=(4, 4)"),
                ("filters=16, kernel_size=(2, 2)", "filters=8, kernel_size=(2, 2)"),
            ],
        ),
        "relu_missing_after_the_second_conv": edit(
            "A2 = keras.layers.ReLU()(Z2)",
            "A2 = Z2",
            hint="each convolution is followed by a ReLU",
        ),
        "sigmoid_output": edit(
            'activation="softmax"',
            'activation="sigmoid"',
            hint="six classes: the output is a softmax over 6 units",
        ),
        "fixed_input_shape": edit(
            "keras.Input(shape=input_shape)",
            "keras.Input(shape=(64, 64, 3))",
            hint="use the input_shape argument",
        ),
    },
    rtol=RTOL,
    atol=ATOL,
)
def convolutional_model(rng: np.random.Generator) -> list[Case]:
    return [
        Case("32 x 32 x 3 pictures", ((32, 32, 3),), {"weight_seed": 2, "batch": 3}),
        Case("one-channel 64 x 48 pictures", ((64, 48, 1),), {"weight_seed": 5}),
        Case("four-channel 20 x 28 pictures", ((20, 28, 4),), {"weight_seed": 8, "batch": 1}),
        Case("64 x 64 x 3 pictures, weights seed 13", ((64, 64, 3),), {"weight_seed": 13}),
    ]
