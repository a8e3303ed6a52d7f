"""Public tests of c1w4a2, "Deep neural network for image classification".

Each `test_<name>(<name>)` trains the learner's model for a few iterations on a
tiny fixed data set (4 features, 6 examples) right after `np.random.seed(seed)`
(the case's `np_seed`) and compares the learned parameters and the recorded
costs with the values written out below. The models must not seed themselves:
the caller picks the seed. The hidden grader uses other data, layer sizes, seeds
and iteration counts as well.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

X = np.array(
    [
        [0.5, -1.2, 0.3, 1.8, -0.7, 0.1],
        [-0.4, 0.9, 1.1, -1.5, 0.2, 0.6],
        [1.3, 0.0, -0.8, 0.4, 1.0, -1.1],
        [-0.2, 0.7, 0.5, -0.9, -1.4, 0.8],
    ]
)
Y = np.array([[1, 0, 1, 0, 1, 0]])


@public_test(returns=("parameters", "costs"))
def test_two_layer_model() -> list[Case]:
    """two_layer_model: parameters and costs (iterations 0, 100, 200, ... and the last)."""
    return [
        Case(
            "np.random.seed(1), layers (4, 3, 1), learning_rate=0.1, num_iterations=250",
            args=(X, Y, (4, 3, 1)),
            np_seed=1,
            kwargs={"learning_rate": 0.1, "num_iterations": 250},
            expected=(
                {
                    "W1": np.array(
                        [
                            [
                                1.1279892096696413,
                                -0.5753792398059607,
                                -0.6447734011023325,
                                -0.713354354344813,
                            ],
                            [
                                0.6100597889980465,
                                -1.28173348101218,
                                0.594316379972545,
                                -0.38682134831974646,
                            ],
                            [
                                -0.2427041837820107,
                                0.17397621764167132,
                                1.6773471599132832,
                                -1.097678473201368,
                            ],
                        ]
                    ),
                    "b1": np.array(
                        [[-0.09843874177923685], [-0.13093655432098641], [0.29660111334963535]]
                    ),
                    "W2": np.array(
                        [[-1.2109013929414905, -0.4077041567484402, 1.7263292870474536]]
                    ),
                    "b2": np.array([[-0.5873370807315296]]),
                },
                [
                    0.5936474561120761,
                    0.3668913434821442,
                    0.3361954383990015,
                    0.33094254959478714,
                ],
            ),
        ),
        Case(
            "np.random.seed(2), layers (4, 2, 1), default learning rate, num_iterations=5",
            args=(X, Y, (4, 2, 1)),
            np_seed=2,
            kwargs={"num_iterations": 5},
            expected=(
                {
                    "W1": np.array(
                        [
                            [
                                -0.21105331260211965,
                                -0.029836925423363563,
                                -1.0665313678604917,
                                0.8203057572621099,
                            ],
                            [
                                -0.8972167474475636,
                                -0.41948204101518566,
                                0.2457384096476374,
                                -0.6171771629313314,
                            ],
                        ]
                    ),
                    "b1": np.array([[-0.0008367539435573132], [-0.003800020777645071]]),
                    "W2": np.array([[-0.7468503580620661, -0.6350359089436485]]),
                    "b2": np.array([[0.0059189330863982075]]),
                },
                [0.7745164315556207, 0.7704855085787258],
            ),
        ),
    ]


@public_test(returns=("parameters", "costs"))
def test_L_layer_model() -> list[Case]:
    """L_layer_model: parameters and costs (iterations 0, 100, 200, ... and the last)."""
    return [
        Case(
            "np.random.seed(1), layers [4, 3, 2, 1], learning_rate=0.1, num_iterations=250",
            args=(X, Y, [4, 3, 2, 1]),
            np_seed=1,
            kwargs={"learning_rate": 0.1, "num_iterations": 250},
            expected=(
                {
                    "W1": np.array(
                        [
                            [
                                0.9262235813478668,
                                -0.40450348315276613,
                                -0.49431858304039983,
                                -0.6042583410287806,
                            ],
                            [
                                0.4972957374948456,
                                -1.1934426333868775,
                                0.7552996409603578,
                                -0.3599223372939076,
                            ],
                            [
                                -0.2080373236247194,
                                0.13072294541883825,
                                1.4317130362249886,
                                -1.0984049176342472,
                            ],
                        ]
                    ),
                    "b1": np.array(
                        [[-0.0918956586059126], [-0.06631884703208425], [0.36176909740872015]]
                    ),
                    "W2": np.array(
                        [
                            [-0.7542135899633462, -0.1400192662478795, 1.492698292597653],
                            [-0.6350225192630744, -0.09955147204512875, -0.5068317938972831],
                        ]
                    ),
                    "b2": np.array([[0.17653494233156], [0.0]]),
                    "W3": np.array([[1.5233568095929089, 0.4121125897971448]]),
                    "b3": np.array([[-1.064987675450284]]),
                },
                [
                    0.6894210422286445,
                    0.43344937520564936,
                    0.3803258682772117,
                    0.3714849057866543,
                ],
            ),
        ),
        Case(
            "np.random.seed(3), a single layer [4, 1], default learning rate, 5 iterations",
            args=(X, Y, [4, 1]),
            np_seed=3,
            kwargs={"num_iterations": 5},
            expected=(
                {
                    "W1": np.array(
                        [
                            [
                                0.8860359654178572,
                                0.22721766238828056,
                                0.050833334582258013,
                                -0.9309465104117463,
                            ]
                        ]
                    ),
                    "b1": np.array([[-0.001655922136428463]]),
                },
                [0.7331475904053599, 0.7297552247023864],
            ),
        ),
    ]
