"""Hidden grader spec of c4w3a2, "Image segmentation with U-Net".

Every case goes through the public tests' probes with `record_outputs` left on:
besides the layer table, the probe records the outputs of the block or model on
seeded inputs once every weight is set to fixed values, so the wiring is
checked too (which map comes first in a concatenation, which tensor is the skip
connection). The cases use other input shapes (non-square, one channel, odd
widths), other filter counts (including the default 32 on a tiny input),
dropout rates from 0 to 0.5, with and without pooling, and small U-Nets of
several sizes and class counts.

Mistakes are edits of the notebook's solutions: dropout added when its rate is
0, the pooled map returned as the skip connection, pooling regardless of
max_pooling, "valid" padding, a convolution missing; the skip connection
concatenated first, the transposed convolution without padding="same" or with
stride 1, the skip connection left out; filters not doubled on the way down, no
dropout in the bottleneck, a softmax or a 3 x 3 kernel on the output, the number
of classes hard-coded.
"""

from __future__ import annotations

import numpy as np

from graders.spec import FLOAT32_NETWORK, Case, edit, exercise

SEED = 4302

_SECOND_CONV = (
    "    conv = keras.layers.Conv2D(\n"
    '        n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal"\n'
    "    )(conv)\n"
)


@exercise(
    **FLOAT32_NETWORK,
    mistakes={
        "dropout_when_the_rate_is_0": edit(
            "if dropout_prob > 0:",
            "if dropout_prob >= 0:",
            hint="add a Dropout layer only when dropout_prob is greater than 0",
        ),
        "pooled_map_as_skip_connection": edit(
            "skip_connection = conv",
            "skip_connection = next_layer",
            hint="the skip connection is the map before pooling, at full resolution",
        ),
        "pooling_regardless_of_max_pooling": edit(
            "if max_pooling:",
            "if True:",
            hint="pool only when max_pooling is True",
        ),
        "valid_padding": edit(
            'padding="same"',
            'padding="valid"',
            every=True,
            hint='use padding="same", which keeps the height and the width',
        ),
        "one_convolution_only": edit(
            _SECOND_CONV,
            "",
            hint="the block has two 3 x 3 convolutions before the optional dropout",
        ),
        "outputs_swapped": edit(
            "return next_layer, skip_connection",
            "return skip_connection, next_layer",
            hint="return (next_layer, skip_connection), in that order",
        ),
    },
)
def conv_block(rng: np.random.Generator) -> list[Case]:
    return [
        Case("input (8, 8, 3), 4 filters, defaults", ((8, 8, 3),), {"n_filters": 4}),
        Case(
            "input (6, 10, 2), 3 filters, dropout 0.3, no pooling",
            ((6, 10, 2),),
            {"n_filters": 3, "dropout_prob": 0.3, "max_pooling": False},
        ),
        Case(
            "input (4, 6, 5), 2 filters, dropout 0.0 given explicitly",
            ((4, 6, 5),),
            {"n_filters": 2, "dropout_prob": 0.0, "max_pooling": True},
        ),
        Case(
            "input (10, 4, 1), 5 filters, dropout 0.5",
            ((10, 4, 1),),
            {"n_filters": 5, "dropout_prob": 0.5},
        ),
        Case("input (4, 4, 3), the default number of filters (32)", ((4, 4, 3),)),
        Case(
            "input (2, 2, 4), 2 filters given by position, no pooling",
            ((2, 2, 4), 2, 0, False),
        ),
    ]


@exercise(
    **FLOAT32_NETWORK,
    mistakes={
        "skip_connection_first": edit(
            "[up, contractive_input]",
            "[contractive_input, up]",
            hint="concatenate the upsampled map first, then the skip connection",
        ),
        "transposed_convolution_without_same_padding": edit(
            'Conv2DTranspose(n_filters, 3, strides=2, padding="same")',
            "Conv2DTranspose(n_filters, 3, strides=2)",
            hint='give the transposed convolution padding="same" so that it exactly doubles '
            "the height and the width",
        ),
        "transposed_convolution_with_stride_1": edit(
            "strides=2",
            "strides=1",
            hint="the transposed convolution doubles the size: strides=2",
        ),
        "skip_connection_left_out": edit(
            "merge = keras.layers.Concatenate(axis=3)([up, contractive_input])",
            "merge = up",
            hint="concatenate the skip connection (contractive_input) with the upsampled map",
        ),
        "convolutions_without_relu": edit(
            'activation="relu", ',
            "",
            every=True,
            hint='the two convolutions after the concatenation use activation="relu"',
        ),
    },
)
def upsampling_block(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "expansive (4, 4, 6), contractive (8, 8, 3), 2 filters",
            ((4, 4, 6), (8, 8, 3)),
            {"n_filters": 2},
        ),
        Case(
            "expansive (3, 5, 4), contractive (6, 10, 4), 3 filters",
            ((3, 5, 4), (6, 10, 4)),
            {"n_filters": 3},
        ),
        Case(
            "expansive (1, 2, 8), contractive (2, 4, 1), 4 filters",
            ((1, 2, 8), (2, 4, 1)),
            {"n_filters": 4},
        ),
        Case(
            "expansive (2, 2, 3), contractive (4, 4, 2), the default 32 filters",
            ((2, 2, 3), (4, 4, 2)),
        ),
    ]


@exercise(
    **FLOAT32_NETWORK,
    mistakes={
        "filters_not_doubled": edit(
            "cblock3 = conv_block(cblock2[0], 4 * n_filters)",
            "cblock3 = conv_block(cblock2[0], 2 * n_filters)",
            hint="double the filters at every step down: n, 2n, 4n, 8n, 16n",
        ),
        "no_dropout_in_the_bottleneck": edit(
            "16 * n_filters, dropout_prob=0.3, max_pooling=False",
            "16 * n_filters, max_pooling=False",
            hint="the two deepest blocks use dropout_prob=0.3",
        ),
        "softmax_on_the_output": edit(
            'conv10 = keras.layers.Conv2D(n_classes, 1, padding="same")(conv9)',
            "conv10 = keras.layers.Conv2D("
            'n_classes, 1, padding="same", activation="softmax")(conv9)',
            hint="the last layer outputs logits (no activation): the loss applies the softmax",
        ),
        "three_by_three_output": edit(
            'conv10 = keras.layers.Conv2D(n_classes, 1, padding="same")(conv9)',
            'conv10 = keras.layers.Conv2D(n_classes, 3, padding="same")(conv9)',
            hint="the last convolution is 1 x 1",
        ),
        "classes_hard_coded": edit(
            "keras.layers.Conv2D(n_classes, 1,",
            "keras.layers.Conv2D(14, 1,",
            hint="use n_classes for the number of output channels",
        ),
        "pooled_maps_as_skip_connections": edit(
            "ublock6 = upsampling_block(cblock5[0], cblock4[1], 8 * n_filters)",
            "ublock6 = upsampling_block(cblock5[0], cblock4[0], 8 * n_filters)",
            hint="the skip connection of a block is its second output ([1])",
        ),
    },
    depends=("conv_block", "upsampling_block"),
)
def unet_model(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "input (16, 16, 3), 2 filters, 4 classes",
            ((16, 16, 3),),
            {"n_filters": 2, "n_classes": 4},
        ),
        Case(
            "input (32, 16, 1), 1 filter, 2 classes",
            ((32, 16, 1),),
            {"n_filters": 1, "n_classes": 2},
        ),
        Case(
            "input (16, 32, 3), 3 filters, the default 14 classes",
            ((16, 32, 3),),
            {"n_filters": 3},
        ),
    ]
