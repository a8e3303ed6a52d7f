"""Public tests of c4w1a2, "Convolutional Networks in Keras".

Both graded functions return a Keras model, and a printed `summary()` is a
poor test (it changes with Keras versions and auto-generated names). Each test
calls the learner's function through `shared_utils.cnn_probes.probe_network`,
which records what matters as plain values: the kind of model (Sequential or
Functional), every layer in order with its class, output shape, parameter
count and settings (filters, kernel size, strides, padding, pool size, axis,
activation...), the parameter counts, and the outputs on seeded inputs after
every weight has been set to seeded values (so the result does not depend on
the initialiser), with batch norm in inference mode and then in training mode.
The expected records, computed by the reference solution, are written out in
`EXPECTED` at the end. The hidden grader calls the same probe with other
seeds, batch sizes and input shapes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils.cnn_probes import probe_network
from shared_utils.testing import Case, public_test

# float32 arithmetic: a model written another way (Activation("relu") for ReLU()) may
# differ in the last bits; a wrong model differs far more.
RTOL, ATOL = 1e-4, 1e-6


def _expected(name: str, index: int) -> Any:
    """The reference record of public case `index` of exercise `name` (written out below)."""
    return EXPECTED[name][index] if name in EXPECTED else None


@public_test(returns="happy_model", harness=probe_network, rtol=RTOL, atol=ATOL)
def test_happyModel() -> list[Case]:
    """happyModel(): ZeroPad(3), Conv2D(32, 7x7), BatchNorm(3), ReLU, MaxPool, Flatten, Dense."""
    return [
        Case("happyModel(), seeded weights, 2 random images", expected=_expected("happyModel", 0)),
    ]


@public_test(returns="conv_model", harness=probe_network, rtol=RTOL, atol=ATOL)
def test_convolutional_model() -> list[Case]:
    """convolutional_model(input_shape): the lesson's Functional ConvNet, 6 softmax outputs."""
    return [
        Case(
            "input_shape (64, 64, 3)",
            args=((64, 64, 3),),
            expected=_expected("convolutional_model", 0),
        ),
        Case(
            "input_shape (32, 40, 1), weights seed 4",
            args=((32, 40, 1),),
            kwargs={"weight_seed": 4},
            expected=_expected("convolutional_model", 1),
        ),
    ]


# The reference records of the public cases, computed by the notebook's solutions
# through the probes (written out by a script, never by hand).
EXPECTED: dict[str, list[Any]] = {
    "happyModel": [
        {
            "kind": "Sequential",
            "layers": [
                {
                    "class": "ZeroPadding2D",
                    "output_shape": (-1, 70, 70, 3),
                    "params": 0,
                    "trainable": True,
                    "padding": ((3, 3), (3, 3)),
                },
                {
                    "class": "Conv2D",
                    "output_shape": (-1, 64, 64, 32),
                    "params": 4736,
                    "trainable": True,
                    "activation": "linear",
                    "filters": 32,
                    "kernel_size": (7, 7),
                    "strides": (1, 1),
                    "padding": "valid",
                    "use_bias": True,
                },
                {
                    "class": "BatchNormalization",
                    "output_shape": (-1, 64, 64, 32),
                    "params": 128,
                    "trainable": True,
                    "axis": 3,
                },
                {
                    "class": "ReLU",
                    "output_shape": (-1, 64, 64, 32),
                    "params": 0,
                    "trainable": True,
                },
                {
                    "class": "MaxPooling2D",
                    "output_shape": (-1, 32, 32, 32),
                    "params": 0,
                    "trainable": True,
                    "strides": (2, 2),
                    "padding": "valid",
                    "pool_size": (2, 2),
                },
                {"class": "Flatten", "output_shape": (-1, 32768), "params": 0, "trainable": True},
                {
                    "class": "Dense",
                    "output_shape": (-1, 1),
                    "params": 32769,
                    "trainable": True,
                    "activation": "sigmoid",
                    "units": 1,
                    "use_bias": True,
                },
            ],
            "params": 37633,
            "trainable_params": 37569,
            "inference_output": np.array([[0.4671812057495117], [0.472690612077713]]),
            "training_output": np.array([[0.4489419460296631], [0.47279512882232666]]),
        }
    ],
    "convolutional_model": [
        {
            "kind": "Functional",
            "layers": [
                {
                    "class": "InputLayer",
                    "output_shape": (-1, 64, 64, 3),
                    "params": 0,
                    "trainable": True,
                },
                {
                    "class": "Conv2D",
                    "output_shape": (-1, 64, 64, 8),
                    "params": 392,
                    "trainable": True,
                    "activation": "linear",
                    "filters": 8,
                    "kernel_size": (4, 4),
                    "strides": (1, 1),
                    "padding": "same",
                    "use_bias": True,
                },
                {"class": "ReLU", "output_shape": (-1, 64, 64, 8), "params": 0, "trainable": True},
                {
                    "class": "MaxPooling2D",
                    "output_shape": (-1, 8, 8, 8),
                    "params": 0,
                    "trainable": True,
                    "strides": (8, 8),
                    "padding": "same",
                    "pool_size": (8, 8),
                },
                {
                    "class": "Conv2D",
                    "output_shape": (-1, 8, 8, 16),
                    "params": 528,
                    "trainable": True,
                    "activation": "linear",
                    "filters": 16,
                    "kernel_size": (2, 2),
                    "strides": (1, 1),
                    "padding": "same",
                    "use_bias": True,
                },
                {"class": "ReLU", "output_shape": (-1, 8, 8, 16), "params": 0, "trainable": True},
                {
                    "class": "MaxPooling2D",
                    "output_shape": (-1, 2, 2, 16),
                    "params": 0,
                    "trainable": True,
                    "strides": (4, 4),
                    "padding": "same",
                    "pool_size": (4, 4),
                },
                {"class": "Flatten", "output_shape": (-1, 64), "params": 0, "trainable": True},
                {
                    "class": "Dense",
                    "output_shape": (-1, 6),
                    "params": 390,
                    "trainable": True,
                    "activation": "softmax",
                    "units": 6,
                    "use_bias": True,
                },
            ],
            "params": 1310,
            "trainable_params": 1310,
            "inference_output": np.array(
                [
                    [
                        0.16244308650493622,
                        0.1668185144662857,
                        0.16917359828948975,
                        0.1688963770866394,
                        0.16561079025268555,
                        0.16705763339996338,
                    ],
                    [
                        0.16223172843456268,
                        0.1667613834142685,
                        0.16893398761749268,
                        0.16836191713809967,
                        0.16610100865364075,
                        0.16760995984077454,
                    ],
                ]
            ),
            "training_output": np.array(
                [
                    [
                        0.16244308650493622,
                        0.1668185144662857,
                        0.16917359828948975,
                        0.1688963770866394,
                        0.16561079025268555,
                        0.16705763339996338,
                    ],
                    [
                        0.16223172843456268,
                        0.1667613834142685,
                        0.16893398761749268,
                        0.16836191713809967,
                        0.16610100865364075,
                        0.16760995984077454,
                    ],
                ]
            ),
        },
        {
            "kind": "Functional",
            "layers": [
                {
                    "class": "InputLayer",
                    "output_shape": (-1, 32, 40, 1),
                    "params": 0,
                    "trainable": True,
                },
                {
                    "class": "Conv2D",
                    "output_shape": (-1, 32, 40, 8),
                    "params": 136,
                    "trainable": True,
                    "activation": "linear",
                    "filters": 8,
                    "kernel_size": (4, 4),
                    "strides": (1, 1),
                    "padding": "same",
                    "use_bias": True,
                },
                {"class": "ReLU", "output_shape": (-1, 32, 40, 8), "params": 0, "trainable": True},
                {
                    "class": "MaxPooling2D",
                    "output_shape": (-1, 4, 5, 8),
                    "params": 0,
                    "trainable": True,
                    "strides": (8, 8),
                    "padding": "same",
                    "pool_size": (8, 8),
                },
                {
                    "class": "Conv2D",
                    "output_shape": (-1, 4, 5, 16),
                    "params": 528,
                    "trainable": True,
                    "activation": "linear",
                    "filters": 16,
                    "kernel_size": (2, 2),
                    "strides": (1, 1),
                    "padding": "same",
                    "use_bias": True,
                },
                {"class": "ReLU", "output_shape": (-1, 4, 5, 16), "params": 0, "trainable": True},
                {
                    "class": "MaxPooling2D",
                    "output_shape": (-1, 1, 2, 16),
                    "params": 0,
                    "trainable": True,
                    "strides": (4, 4),
                    "padding": "same",
                    "pool_size": (4, 4),
                },
                {"class": "Flatten", "output_shape": (-1, 32), "params": 0, "trainable": True},
                {
                    "class": "Dense",
                    "output_shape": (-1, 6),
                    "params": 198,
                    "trainable": True,
                    "activation": "softmax",
                    "units": 6,
                    "use_bias": True,
                },
            ],
            "params": 862,
            "trainable_params": 862,
            "inference_output": np.array(
                [
                    [
                        0.17028632760047913,
                        0.1630459576845169,
                        0.16854701936244965,
                        0.17138049006462097,
                        0.16496019065380096,
                        0.16178001463413239,
                    ],
                    [
                        0.1702011525630951,
                        0.16283763945102692,
                        0.16885952651500702,
                        0.1711743175983429,
                        0.16505436599254608,
                        0.16187305748462677,
                    ],
                ]
            ),
            "training_output": np.array(
                [
                    [
                        0.17028632760047913,
                        0.1630459576845169,
                        0.16854701936244965,
                        0.17138049006462097,
                        0.16496019065380096,
                        0.16178001463413239,
                    ],
                    [
                        0.1702011525630951,
                        0.16283763945102692,
                        0.16885952651500702,
                        0.1711743175983429,
                        0.16505436599254608,
                        0.16187305748462677,
                    ],
                ]
            ),
        },
    ],
}
