"""Public tests of c2w1a1, "Initialization".

Each test calls the learner's initialiser on small layer sizes right after
`np.random.seed(seed)` (the case's `np_seed`) and compares every array it
returns with the values written out below. The initialisers must not seed
themselves: the caller (the notebook's `model`, these tests, the hidden grader)
picks the seed. The hidden grader uses other layer sizes and other seeds.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test


@public_test(returns="parameters")
def test_initialize_parameters_zeros() -> list[Case]:
    """initialize_parameters_zeros(layers_dims): every W and every b all zeros, right shapes."""
    return [
        Case(
            "np.random.seed(0), then initialize_parameters_zeros([3, 2, 1])",
            args=([3, 2, 1],),
            np_seed=0,
            expected={
                "W1": np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]),
                "b1": np.array([[0.0], [0.0]]),
                "W2": np.array([[0.0, 0.0]]),
                "b2": np.array([[0.0]]),
            },
        ),
        Case(
            "np.random.seed(0), then initialize_parameters_zeros([2, 4, 3, 1])",
            args=([2, 4, 3, 1],),
            np_seed=0,
            expected={
                "W1": np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]),
                "b1": np.array([[0.0], [0.0], [0.0], [0.0]]),
                "W2": np.array([[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]),
                "b2": np.array([[0.0], [0.0], [0.0]]),
                "W3": np.array([[0.0, 0.0, 0.0]]),
                "b3": np.array([[0.0]]),
            },
        ),
    ]


@public_test(returns="parameters")
def test_initialize_parameters_random() -> list[Case]:
    """initialize_parameters_random(layers_dims): W = randn * 10 (W1 drawn first), b = zeros."""
    return [
        Case(
            "np.random.seed(3), then initialize_parameters_random([3, 2, 1])",
            args=([3, 2, 1],),
            np_seed=3,
            expected={
                "W1": np.array(
                    [
                        [17.886284734303185, 4.365098505119894, 0.9649746807200863],
                        [-18.634927033644907, -2.7738820251439904, -3.5475897926898674],
                    ]
                ),
                "b1": np.array([[0.0], [0.0]]),
                "W2": np.array([[-0.8274148148245977, -6.270006768238473]]),
                "b2": np.array([[0.0]]),
            },
        ),
        Case(
            "np.random.seed(1), then initialize_parameters_random([2, 3, 2])",
            args=([2, 3, 2],),
            np_seed=1,
            expected={
                "W1": np.array(
                    [
                        [16.243453636632417, -6.117564136500754],
                        [-5.2817175226345565, -10.729686221561705],
                        [8.654076293246785, -23.015386968802826],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [17.4481176421648, -7.612069008951028, 3.1903909605709857],
                        [-2.493703754774101, 14.621079370449742, -20.60140709497654],
                    ]
                ),
                "b2": np.array([[0.0], [0.0]]),
            },
        ),
    ]


@public_test(returns="parameters")
def test_initialize_parameters_he() -> list[Case]:
    """initialize_parameters_he(layers_dims): W = randn * sqrt(2 / n_prev), b = zeros."""
    return [
        Case(
            "np.random.seed(3), then initialize_parameters_he([3, 2, 1])",
            args=([3, 2, 1],),
            np_seed=3,
            expected={
                "W1": np.array(
                    [
                        [1.4604090331058333, 0.35640880048431217, 0.07878985274897744],
                        [-1.521535420880872, -0.22648651894269448, -0.2896594936265377],
                    ]
                ),
                "b1": np.array([[0.0], [0.0]]),
                "W2": np.array([[-0.08274148148245977, -0.6270006768238473]]),
                "b2": np.array([[0.0]]),
            },
        ),
        Case(
            "np.random.seed(1), then initialize_parameters_he([4, 3, 2])",
            args=([4, 3, 2],),
            np_seed=1,
            expected={
                "W1": np.array(
                    [
                        [
                            1.1485856216352068,
                            -0.4325771085263309,
                            -0.37347382765667075,
                            -0.7587033887270147,
                        ],
                        [
                            0.6119356031860543,
                            -1.6274336197272978,
                            1.2337682303715365,
                            -0.5382545615089235,
                        ],
                        [
                            0.22559470828560074,
                            -0.17633148352711223,
                            1.033866437111175,
                            -1.4567394658842565,
                        ],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [-0.263252544709306, -0.31357906747716563, 0.9257188732272192],
                        [-0.8980574591541698, -0.1407870419204271, -0.7167683967714229],
                    ]
                ),
                "b2": np.array([[0.0], [0.0]]),
            },
        ),
    ]
