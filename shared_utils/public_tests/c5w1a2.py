"""Public tests of c5w1a2, "Dinosaur names, one character at a time".

The tests use a small alphabet, the newline plus the letters of `LETTERS`
(8 symbols), so that every expected value fits on a few lines; the lesson's
model has 27. Inputs are drawn below from seeded generators; expected outputs
are written out as numbers (computed once with a correct implementation).

Two functions change their arguments in place, as the lesson asks, so their
tests look at the arguments after the call too (through a probe that the hidden
grader uses as well): `clip` must clip the caller's own arrays, and `optimize`
must update the caller's parameters.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils.testing import Case, public_test

LETTERS = "abkorsu"
CHARS = ["\n", *LETTERS]
CHAR_TO_IX = {ch: i for i, ch in enumerate(CHARS)}
IX_TO_CHAR = dict(enumerate(CHARS))
VOCAB = len(CHARS)
NAMES = ["kobra\n", "bosk", "ursa", "rakus"]


def _parameters(seed: int, n_a: int, scale: float) -> dict[str, np.ndarray]:
    """Random Wax, Waa, Wya, b, by for n_a hidden units and the 8 symbols."""
    rng = np.random.default_rng(seed)
    return {
        "Wax": rng.normal(0.0, scale, (n_a, VOCAB)),
        "Waa": rng.normal(0.0, scale, (n_a, n_a)),
        "Wya": rng.normal(0.0, scale, (VOCAB, n_a)),
        "b": rng.normal(0.0, 0.2, (n_a, 1)),
        "by": rng.normal(0.0, 0.2, (VOCAB, 1)),
    }


def _gradients(seed: int) -> dict[str, np.ndarray]:
    """Gradients shaped like the parameters of 3 hidden units, entries of size ~8."""
    return {"d" + k: v for k, v in _parameters(seed, 3, 8.0).items()}


def _name_lists(name: str) -> tuple[list[Any], list[int]]:
    X = [None] + [CHAR_TO_IX[ch] for ch in name]
    return X, X[1:] + [CHAR_TO_IX["\n"]]


# ----------------------------------------------------------------------------- probes


def clip_and_argument(clip: Any, gradients: dict, maxValue: float) -> tuple[Any, dict]:
    """clip's return value, and the caller's dictionary after the call."""
    returned = clip(gradients, maxValue)
    return returned, gradients


def optimize_and_parameters(optimize: Any, X, Y, a_prev, parameters, learning_rate=0.01):
    """optimize's three outputs, then the caller's parameters after the call."""
    output = optimize(X, Y, a_prev, parameters, learning_rate)
    if not (isinstance(output, tuple) and len(output) == 3):
        return output
    return (*output, parameters)


# ----------------------------------------------------------------------------- tests


@public_test(returns=("gradients", "the caller's gradients"), harness=clip_and_argument)
def test_clip() -> list[Case]:
    """clip(gradients, maxValue) -> gradients, the caller's arrays clipped in place."""
    return [
        Case(
            "maxValue 5 (the caller's dictionary is checked after the call too)",
            args=(_gradients(1), 5),
            expected=(CLIPPED_5, CLIPPED_5),
            inputs_unchanged=False,
        ),
        Case(
            "maxValue 10",
            args=(_gradients(2), 10),
            expected=(CLIPPED_10, CLIPPED_10),
            inputs_unchanged=False,
        ),
    ]


def _rare_newline() -> dict[str, np.ndarray]:
    parameters = _parameters(4, 5, 0.3)
    parameters["by"][CHAR_TO_IX["\n"]] = -5.0  # the newline is rarely drawn
    return parameters


@public_test(returns="indices")
def test_sample() -> list[Case]:
    """sample(parameters, char_to_ix, seed) -> list of indices ending with the newline."""
    parameters = _parameters(3, 5, 1.0)
    return [
        Case("n_a=5, 8 symbols, seed 0", args=(parameters, CHAR_TO_IX, 0), expected=SAMPLE_SEED_0),
        Case("the same model, seed 7", args=(parameters, CHAR_TO_IX, 7), expected=SAMPLE_SEED_7),
        Case(
            "a model that rarely draws the newline: stopped at 50 characters",
            args=(_rare_newline(), CHAR_TO_IX, 1),
            expected=SAMPLE_CAPPED,
        ),
    ]


@public_test(
    returns=("loss", "gradients", "a_last", "parameters"), harness=optimize_and_parameters
)
def test_optimize() -> list[Case]:
    """optimize(X, Y, a_prev, parameters, learning_rate) -> (loss, gradients, a_last); the
    caller's parameters (checked after the call) are updated in place."""
    X, Y = _name_lists("kobra")
    a_prev = np.random.default_rng(5).normal(0.0, 0.5, (5, 1))
    return [
        Case(
            'the name "kobra", n_a=5, learning rate 0.05 (some gradients above 5)',
            args=(X, Y, a_prev, _parameters(6, 5, 3.0), 0.05),
            expected=OPTIMIZE,
            inputs_unchanged=False,
        )
    ]


@public_test(returns=("parameters", "losses"))
def test_model() -> list[Case]:
    """model(data_x, ix_to_char, char_to_ix, ...) -> (parameters, losses)."""
    return [
        Case(
            "4 names, 9 iterations (twice round the list), n_a=3, 8 symbols",
            args=(NAMES, IX_TO_CHAR, CHAR_TO_IX),
            kwargs={"num_iterations": 9, "n_a": 3, "vocab_size": VOCAB},
            expected=MODEL,
        )
    ]


# ----------------------------------------------------------------------------- expected values
# Computed once with a correct implementation on the inputs above (10 significant digits).

CLIPPED_5 = {
    "dWax": np.array(
        [
            [2.764673537, 5.0, 2.643496609, -5.0, 5.0, 3.570996579, -4.295625883, 4.648944834],
            [
                2.916579169,
                2.353059973,
                0.2273779305,
                4.373703893,
                -5.0,
                -1.303279584,
                -3.856954501,
                4.790769701,
            ],
            [
                0.3177768599,
                -2.339654008,
                -5.0,
                -2.057537925,
                0.06513744415,
                -2.204823242,
                5.0,
                5.0,
            ],
        ]
    ),
    "dWaa": np.array(
        [
            [-5.0, -5.0, -1.398176736],
            [-3.377523293, 1.70914398, 1.738575448],
            [5.0, -5.0, -3.020840057],
        ]
    ),
    "dWya": np.array(
        [
            [5.0, 5.0, 5.0],
            [-4.112050973, -5.0, 1.339717954],
            [0.8721127026, -5.0, -5.0],
            [-0.5763494378, -5.0, -0.7861597428],
            [0.7638642198, 0.2846898964, -4.050333267],
            [4.749984574, 5.0, 2.566786437],
            [-5.0, 5.0, -4.011520148],
            [5.0, -5.0, 5.0],
        ]
    ),
    "db": np.array([[-0.004012690923], [-0.2497497781], [-0.06277989439]]),
    "dby": np.array(
        [
            [0.01082045575],
            [0.05455826783],
            [-0.196437625],
            [-0.2214746094],
            [0.03991690657],
            [-0.09334992338],
            [0.04710112235],
            [0.1519039045],
        ]
    ),
}
CLIPPED_10 = {
    "dWax": np.array(
        [
            [
                1.512427054,
                -4.181987532,
                -3.304508347,
                -10.0,
                10.0,
                9.153326976,
                -2.603382695,
                6.190452694,
            ],
            [
                2.249685358,
                -4.430582691,
                7.820539609,
                -2.484452373,
                -2.630591232,
                -6.337174043,
                3.63966457,
                -0.7935844137,
            ],
            [
                4.362309712,
                -4.857485599,
                1.014622777,
                -7.138192347,
                6.731719779,
                1.504280696,
                2.644568065,
                3.284031304,
            ],
        ]
    ),
    "dWaa": np.array(
        [
            [-8.086060001, 6.265447969, 10.0],
            [-10.0, -10.0, -10.0],
            [6.731671148, 1.02972526, 8.626739526],
        ]
    ),
    "dWya": np.array(
        [
            [5.779446978, 1.684574499, 2.272305162],
            [-1.358083982, 6.94768169, -9.037727694],
            [-3.374870609, 1.943510825, 10.0],
            [-6.115712926, -8.632483673, -4.506297588],
            [7.754177609, -1.880044055, 10.0],
            [-10.0, 9.028185135, 8.278929919],
            [-10.0, 1.228655092, 9.726061082],
            [0.7033523385, 7.997611377, 10.0],
        ]
    ),
    "db": np.array([[0.05478645092], [-0.05607646279], [-0.154210432]]),
    "dby": np.array(
        [
            [0.1296129203],
            [-0.03934601327],
            [-0.03574927416],
            [-0.02105195568],
            [0.1299739305],
            [-0.2132679224],
            [-0.3059752981],
            [-0.4867753394],
        ]
    ),
}
SAMPLE_SEED_0 = [4, 1, 0]
SAMPLE_SEED_7 = [4, 6, 1, 0]
SAMPLE_CAPPED = [
    4,
    7,
    2,
    7,
    3,
    4,
    6,
    4,
    5,
    1,
    6,
    5,
    3,
    6,
    3,
    4,
    2,
    3,
    2,
    2,
    5,
    2,
    4,
    7,
    7,
    5,
    4,
    3,
    2,
    7,
    4,
    1,
    5,
    5,
    4,
    7,
    1,
    5,
    4,
    1,
    5,
    6,
    5,
    2,
    6,
    4,
    5,
    5,
    2,
    6,
    0,
]
OPTIMIZE = (
    60.69805815,
    {
        "dWax": np.array(
            [
                [
                    0.0,
                    -0.006763157763,
                    -6.745912082e-11,
                    -0.01639412248,
                    5.0,
                    1.039134645e-09,
                    0.0,
                    0.0,
                ],
                [
                    0.0,
                    4.869293781e-08,
                    -1.858694597,
                    0.005627046394,
                    5.238973331e-07,
                    7.810872259e-07,
                    0.0,
                    0.0,
                ],
                [
                    0.0,
                    2.211945635e-08,
                    2.771564704,
                    -0.04801139241,
                    -3.160481237e-10,
                    5.322716763e-07,
                    0.0,
                    0.0,
                ],
                [
                    0.0,
                    -3.053390844e-11,
                    -4.727911669,
                    -0.6060861502,
                    4.070062948e-10,
                    2.127365028e-05,
                    0.0,
                    0.0,
                ],
                [
                    0.0,
                    5.376645725e-09,
                    1.660921968e-06,
                    4.424368498,
                    -4.386818534e-07,
                    -1.498814817e-07,
                    0.0,
                    0.0,
                ],
            ]
        ),
        "dWaa": np.array(
            [
                [-5.0, -5.0, 5.0, -5.0, 5.0],
                [0.8170602484, 1.852046393, 1.852876917, -1.852921215, 1.85397719],
                [-1.180168777, -2.723627153, -2.723566178, 2.725088052, -2.723766226],
                [2.016616352, 4.217184582, 5.0, -4.960366235, 5.0],
                [-4.2835014, -4.278937127, -4.397166754, 4.23892626, -4.523580985],
            ]
        ),
        "dWya": np.array(
            [
                [1.005316962, -1.018229061, -1.017106228, 1.01706697, -1.017164717],
                [-1.057157412, 0.9480846752, 0.9474043042, -0.9481505764, 0.9490983189],
                [0.4268681493, 1.001135782, 1.013153452, -1.010735949, 1.015116805],
                [0.08778315213, 1.577422266, 1.816311655, -1.722862005, 1.870397378],
                [0.7022196482, 1.257884753, -0.7269827253, 0.6552117277, -0.5678977662],
                [1.0069144, -0.8434782819, -0.6559681645, 0.4190189444, -1.03036674],
                [-1.787797249, -0.03404593285, 1.512128525, -1.26911524, 1.664558976],
                [-0.3841476504, -2.8887742, -2.88894082, 2.859566129, -2.883742255],
            ]
        ),
        "db": np.array([[5.0], [-1.851522318], [2.723651491], [-3.647562635], [4.206084444]]),
        "dby": np.array(
            [
                [-0.9817635655],
                [-0.9402644318],
                [-0.9839422377],
                [-0.09939821929],
                [-0.7022761108],
                [-0.9695478567],
                [1.78822993],
                [2.888962491],
            ]
        ),
    },
    np.array([[-0.9993932104], [0.9999999941], [0.9999999915], [-1.0], [0.9999998896]]),
    {
        "Wax": np.array(
            [
                [
                    3.159347263,
                    5.329812069,
                    -7.659875515,
                    -0.413075478,
                    2.791158227,
                    4.056425476,
                    1.961365153,
                    4.491353558,
                ],
                [
                    0.8698727741,
                    1.653801393,
                    0.6291477926,
                    -3.221857457,
                    -2.539886925,
                    1.138752699,
                    -1.740585605,
                    3.814654129,
                ],
                [
                    3.87715978,
                    5.396359014,
                    -0.2167997478,
                    4.153529839,
                    -2.717529422,
                    -2.448944216,
                    0.2439091689,
                    0.8442925095,
                ],
                [
                    -4.796964978,
                    -5.192172569,
                    1.301630793,
                    -2.556259911,
                    3.625071164,
                    1.183637527,
                    0.9215538278,
                    0.6253278846,
                ],
                [
                    2.686425277,
                    -0.4591384366,
                    3.256892886,
                    -1.798961384,
                    -0.67499313,
                    -2.041515578,
                    1.792985647,
                    0.1076527379,
                ],
            ]
        ),
        "Waa": np.array(
            [
                [-2.336801171, 6.255639828, -1.341142086, -0.09889932087, 0.9324943174],
                [5.202099723, -0.5377532199, 2.016905895, 0.3890320736, -4.48407986],
                [2.434940218, 3.198099206, -0.5837805172, -0.1825634146, -4.367760091],
                [-4.669686729, -1.385419054, 1.627800129, -1.160705506, 0.6260686332],
                [3.117477119, 0.5012340395, 1.943263406, 4.13167421, -3.51190531],
            ]
        ),
        "Wya": np.array(
            [
                [2.181959377, -5.603142354, 1.345783055, 0.5581305758, -1.579146061],
                [-3.179081271, -0.2328974071, -1.278086194, 0.340272318, -2.770860144],
                [1.615238598, -3.157607528, -0.9633634946, -1.125427368, 3.752906635],
                [-4.491470576, -1.320942598, 3.456566409, -1.888880614, -3.811933257],
                [0.8134134831, -0.9329854614, 2.540613905, -2.793931038, 0.6011525345],
                [1.948036235, 3.149339435, -3.285637312, 4.250415347, -2.650571623],
                [-4.448261783, -2.862005314, 0.3889414269, -0.9018965345, 1.238138908],
                [1.506017213, 1.098872213, -0.6191366725, 5.299255638, -6.50391351],
            ]
        ),
        "b": np.array(
            [[-0.5968698087], [-0.008801074535], [-0.3872260288], [-0.3288069387], [-0.3693179272]]
        ),
        "by": np.array(
            [
                [-0.1007640393],
                [-0.4426966446],
                [0.2209356997],
                [0.2647923239],
                [0.281974029],
                [-0.05319074459],
                [-0.05988906318],
                [-0.3686101718],
            ]
        ),
    },
)
MODEL = (
    {
        "Wax": np.array(
            [
                [
                    0.003455841921,
                    0.0090183708,
                    0.00333175114,
                    -0.01260264113,
                    0.00879775127,
                    0.00381536976,
                    -0.005353456548,
                    0.005681865606,
                ],
                [
                    0.003645723962,
                    0.003297313867,
                    0.0006092389406,
                    0.005592083899,
                    -0.007336889191,
                    -0.001852351437,
                    -0.005169694087,
                    0.006562805228,
                ],
                [
                    0.0003972210748,
                    -0.002635743657,
                    -0.007870278988,
                    -0.00238119311,
                    -0.0001708926466,
                    -0.00285939171,
                    0.01307792289,
                    0.01004638095,
                ],
            ]
        ),
        "Waa": np.array(
            [
                [-0.02711524019, -0.01889587365, -0.001731079144],
                [-0.004228249918, 0.002138026847, 0.002184872043],
                [0.02117887267, -0.0111243208, -0.003769439091],
            ]
        ),
        "Wya": np.array(
            [
                [0.02042954004, 0.006623905316, 0.006627336037],
                [-0.005199441379, -0.01670834079, 0.001887482863],
                [0.001202970511, -0.01243979176, -0.006905152644],
                [-0.0007271111214, -0.009500401533, -0.0008370425211],
                [0.0006973042772, 0.0004559889062, -0.005339514],
                [0.006114926274, 0.009093928037, 0.003282422612],
                [-0.007828859554, 0.007226893335, -0.004972023762],
                [0.00846964229, -0.01062075946, 0.009022644595],
            ]
        ),
        "b": np.array([[0.0003681117287], [0.0005521678198], [0.0003390066651]]),
        "by": np.array(
            [
                [0.02797155648],
                [0.008522955581],
                [-0.02081650353],
                [-0.001210457524],
                [-0.02081695962],
                [0.00852133596],
                [0.008644899425],
                [-0.01081682676],
            ]
        ),
    },
    [
        11.4358884,
        11.43693649,
        11.43590579,
        11.43694707,
        11.43589478,
        11.43693816,
        11.43590512,
        11.4369321,
        11.43586815,
    ],
)
