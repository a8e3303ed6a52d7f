"""Public tests of c1w4a1, "Building a deep neural network step by step".

Each `test_<name>(<name>)` calls the learner's function on a few small inputs
whose expected outputs are written out below and lists every output that
differs, by the lesson's names (`cache`, `grads["dW1"]`). The initialisers run
right after `np.random.seed(...)` (the case's `np_seed`): they must not seed
themselves. Where a function returns caches, the whole returned structure is
compared, caches included, so a cache stored in the wrong order is caught here
rather than three exercises later. The hidden grader uses other inputs (more layers, single
examples, other shapes) as well.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

# --------------------------------------------------------------------------- initialisation


@public_test(returns="parameters")
def test_initialize_parameters() -> list[Case]:
    """initialize_parameters(n_x, n_h, n_y): W = randn * 0.01 (W1 drawn first), b = zeros."""
    return [
        Case(
            "np.random.seed(1), then initialize_parameters(3, 2, 1)",
            args=(3, 2, 1),
            np_seed=1,
            expected={
                "W1": np.array(
                    [
                        [0.01624345363663242, -0.006117564136500754, -0.005281717522634557],
                        [-0.010729686221561705, 0.008654076293246785, -0.02301538696880283],
                    ]
                ),
                "b1": np.array([[0.0], [0.0]]),
                "W2": np.array([[0.0174481176421648, -0.007612069008951028]]),
                "b2": np.array([[0.0]]),
            },
        ),
        Case(
            "np.random.seed(2), then initialize_parameters(2, 3, 2)",
            args=(2, 3, 2),
            np_seed=2,
            expected={
                "W1": np.array(
                    [
                        [-0.004167578474054706, -0.0005626682722632948],
                        [-0.02136196095668454, 0.016402708084049887],
                        [-0.017934355851948632, -0.00841747365656204],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [0.005028814171580428, -0.012452880866072316, -0.010579522188623389],
                        [-0.009090076149268494, 0.005514540445464244, 0.022922080128149575],
                    ]
                ),
                "b2": np.array([[0.0], [0.0]]),
            },
        ),
    ]


@public_test(returns="parameters")
def test_initialize_parameters_deep() -> list[Case]:
    """initialize_parameters_deep(layer_dims): W{l} = randn(n_l, n_{l-1}) * 0.01, l = 1..L."""
    return [
        Case(
            "np.random.seed(3), then layer_dims = [3, 4, 2]",
            args=([3, 4, 2],),
            np_seed=3,
            expected={
                "W1": np.array(
                    [
                        [0.017886284734303187, 0.004365098505119894, 0.0009649746807200863],
                        [-0.01863492703364491, -0.0027738820251439907, -0.0035475897926898676],
                        [
                            -0.0008274148148245977,
                            -0.0062700067682384735,
                            -0.0004381816897592824,
                        ],
                        [-0.004772180303595027, -0.013138647533626821, 0.008846223804995846],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [
                            0.008813180422075299,
                            0.017095730636529485,
                            0.0005003364217686021,
                            -0.0040467741460089085,
                        ],
                        [
                            -0.0054535994761953045,
                            -0.015464773155829684,
                            0.009823674342581601,
                            -0.011010676301114757,
                        ],
                    ]
                ),
                "b2": np.array([[0.0], [0.0]]),
            },
        ),
        Case(
            "np.random.seed(1), then layer_dims = [2, 3, 3, 1] (three layers)",
            args=([2, 3, 3, 1],),
            np_seed=1,
            expected={
                "W1": np.array(
                    [
                        [0.01624345363663242, -0.006117564136500754],
                        [-0.005281717522634557, -0.010729686221561705],
                        [0.008654076293246785, -0.02301538696880283],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [0.0174481176421648, -0.007612069008951028, 0.0031903909605709856],
                        [-0.0024937037547741008, 0.01462107937044974, -0.02060140709497654],
                        [-0.003224172040135075, -0.0038405435466841564, 0.011337694423354375],
                    ]
                ),
                "b2": np.array([[0.0], [0.0], [0.0]]),
                "W3": np.array(
                    [[-0.010998912673140309, -0.0017242820755043575, -0.008778584179213718]]
                ),
                "b3": np.array([[0.0]]),
            },
        ),
        Case(
            "np.random.seed(2), then layer_dims = [5, 1] (a single layer)",
            args=([5, 1],),
            np_seed=2,
            expected={
                "W1": np.array(
                    [
                        [
                            -0.004167578474054706,
                            -0.0005626682722632948,
                            -0.02136196095668454,
                            0.016402708084049887,
                            -0.017934355851948632,
                        ]
                    ]
                ),
                "b1": np.array([[0.0]]),
            },
        ),
    ]


# --------------------------------------------------------------------------- forward pass

# linear_forward: 3 inputs, 2 units, 2 examples.
_A = np.array([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.0]])
_W = np.array([[0.2, -0.4, 0.1], [0.3, 0.5, -0.6]])
_b = np.array([[0.1], [-0.2]])
# linear_forward: a single example into a single unit.
_A_ONE = np.array([[2.0], [-1.0], [0.5]])
_W_ONE = np.array([[0.5, 0.25, -1.0]])
_b_ONE = np.array([[0.75]])


@public_test(returns=("Z", "cache"))
def test_linear_forward() -> list[Case]:
    """linear_forward(A, W, b) returns (Z, cache) with Z = W A + b and cache = (A, W, b)."""
    return [
        Case(
            "A (3, 2), W (2, 3), b (2, 1): expect (Z, (A, W, b))",
            args=(_A, _W, _b),
            expected=(np.array([[-0.05, -1.5], [1.25, 0.7]]), (_A, _W, _b)),
        ),
        Case(
            "a single example: A (3, 1), W (1, 3), b (1, 1)",
            args=(_A_ONE, _W_ONE, _b_ONE),
            expected=(np.array([[1.0]]), (_A_ONE, _W_ONE, _b_ONE)),
        ),
    ]


# linear_activation_forward: 2 inputs, 3 units, 3 examples; Z = W A_prev + b below.
_A_PREV = np.array([[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]])
_W_ACT = np.array([[0.4, -0.6], [-0.2, 0.8], [1.0, 0.5]])
_b_ACT = np.array([[0.1], [0.0], [-0.5]])
_Z_ACT = np.array([[-0.6, -0.42, 1.08], [1.1, 0.36, -0.64], [0.75, -1.4, 1.35]])
_A_PREV_ONE = np.array([[1.0], [2.0]])
_W_ACT_ONE = np.array([[-0.5, -0.25], [0.3, -0.4]])
_b_ACT_ONE = np.array([[0.2], [0.1]])


@public_test(returns=("A", "cache"))
def test_linear_activation_forward() -> list[Case]:
    """Returns (A, ((A_prev, W, b), Z)): the linear cache first, then the activation cache."""
    return [
        Case(
            'activation = "sigmoid": expect (A, ((A_prev, W, b), Z))',
            args=(_A_PREV, _W_ACT, _b_ACT, "sigmoid"),
            expected=(
                np.array(
                    [
                        [0.3543436937742045, 0.3965167501352737, 0.7464939833376621],
                        [0.7502601055951177, 0.5890404340586651, 0.3452465393936808],
                        [0.679178699175393, 0.19781611144141825, 0.7941296281990528],
                    ]
                ),
                ((_A_PREV, _W_ACT, _b_ACT), _Z_ACT),
            ),
        ),
        Case(
            'activation = "relu", same inputs',
            args=(_A_PREV, _W_ACT, _b_ACT, "relu"),
            expected=(
                np.array([[0.0, 0.0, 1.08], [1.1, 0.36, 0.0], [0.75, 0.0, 1.35]]),
                ((_A_PREV, _W_ACT, _b_ACT), _Z_ACT),
            ),
        ),
        Case(
            'activation = "relu", a single example whose Z is all negative',
            args=(_A_PREV_ONE, _W_ACT_ONE, _b_ACT_ONE, "relu"),
            expected=(
                np.array([[0.0], [0.0]]),
                ((_A_PREV_ONE, _W_ACT_ONE, _b_ACT_ONE), np.array([[-0.8], [-0.4]])),
            ),
        ),
    ]


# Two layers [2, 3, 1], 3 examples. The forward test expects these caches; the
# backward test starts from them.
_X2 = np.array([[1.0, -0.5, 0.3], [0.2, 0.8, -1.2]])
_PARAMS2 = {
    "W1": np.array([[0.5, -0.3], [-0.8, 0.4], [0.2, 0.9]]),
    "b1": np.array([[0.1], [-0.1], [0.0]]),
    "W2": np.array([[1.2, -0.7, 0.5]]),
    "b2": np.array([[-0.2]]),
}
_Z1_2 = np.array([[0.54, -0.39, 0.61], [-0.82, 0.62, -0.82], [0.38, 0.62, -1.02]])
_A1_2 = np.array([[0.54, 0.0, 0.61], [0.0, 0.62, 0.0], [0.38, 0.62, 0.0]])
_Z2_2 = np.array([[0.638, -0.324, 0.532]])
_AL2 = np.array([[0.6543012180520054, 0.41970122771085155, 0.6299494592911709]])
_CACHES2 = [
    ((_X2, _PARAMS2["W1"], _PARAMS2["b1"]), _Z1_2),
    ((_A1_2, _PARAMS2["W2"], _PARAMS2["b2"]), _Z2_2),
]

# One layer [3, 1] (logistic regression), 2 examples.
_X1 = np.array([[0.5, -1.0], [2.0, 0.0], [-0.3, 0.7]])
_PARAMS1 = {"W1": np.array([[0.4, -0.2, 1.1]]), "b1": np.array([[0.05]])}
_AL1 = np.array([[0.38225212523075097, 0.6034832498647263]])
_CACHES1 = [((_X1, _PARAMS1["W1"], _PARAMS1["b1"]), np.array([[-0.48, 0.42]]))]

# Three layers [2, 2, 2, 1], a single example.
_X3 = np.array([[1.5], [-0.5]])
_PARAMS3 = {
    "W1": np.array([[0.6, 0.2], [-0.4, 0.9]]),
    "b1": np.array([[0.0], [0.3]]),
    "W2": np.array([[1.0, -0.5], [0.7, 0.2]]),
    "b2": np.array([[-0.1], [0.1]]),
    "W3": np.array([[0.8, -1.3]]),
    "b3": np.array([[0.4]]),
}


@public_test(returns=("AL", "caches"))
def test_L_model_forward() -> list[Case]:
    """L_model_forward(X, parameters) returns (AL, caches), one cache per layer."""
    return [
        Case(
            "two layers [2, 3, 1], 3 examples: expect (AL, [cache1, cache2])",
            args=(_X2, _PARAMS2),
            expected=(_AL2, _CACHES2),
        ),
        Case(
            "a single sigmoid layer [3, 1], 2 examples",
            args=(_X1, _PARAMS1),
            expected=(_AL1, _CACHES1),
        ),
        Case(
            "three layers [2, 2, 2, 1], a single example",
            args=(_X3, _PARAMS3),
            expected=(
                np.array([[0.525477914477493]]),
                [
                    ((_X3, _PARAMS3["W1"], _PARAMS3["b1"]), np.array([[0.8], [-0.75]])),
                    (
                        (np.array([[0.8], [0.0]]), _PARAMS3["W2"], _PARAMS3["b2"]),
                        np.array([[0.7], [0.66]]),
                    ),
                    (
                        (np.array([[0.7], [0.66]]), _PARAMS3["W3"], _PARAMS3["b3"]),
                        np.array([[0.102]]),
                    ),
                ],
            ),
        ),
    ]


# --------------------------------------------------------------------------- cost


@public_test(returns="cost")
def test_compute_cost() -> list[Case]:
    """compute_cost(AL, Y): the average cross-entropy, returned as a single number."""
    return [
        Case(
            "3 examples, labels [1, 1, 0]",
            args=(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])),
            expected=0.2797765635793423,
        ),
        Case(
            "a single example: AL = 0.3, Y = 1 (cost = -log 0.3)",
            args=(np.array([[0.3]]), np.array([[1.0]])),
            expected=1.2039728043259361,
        ),
        Case(
            "confident mistakes cost a lot",
            args=(np.array([[0.99, 0.01, 0.5, 0.7]]), np.array([[0.0, 1.0, 1.0, 1.0]])),
            expected=2.5650406241187147,
        ),
    ]


# --------------------------------------------------------------------------- backward pass

# linear_backward: 4 inputs, 2 units, 3 examples.
_DZ = np.array([[0.5, -1.0, 0.2], [1.5, 0.3, -0.7]])
_A_PREV_LB = np.array([[1.0, 0.0, -2.0], [0.5, 1.5, 1.0], [-1.0, 2.0, 0.5], [0.3, -0.4, 0.0]])
_W_LB = np.array([[0.2, -0.1, 0.4, 0.6], [-0.5, 0.3, 0.1, -0.2]])
_b_LB = np.array([[0.1], [0.2]])


@public_test(returns=("dA_prev", "dW", "db"))
def test_linear_backward() -> list[Case]:
    """linear_backward(dZ, (A_prev, W, b)) returns (dA_prev, dW, db), averaged over m."""
    return [
        Case(
            "dZ (2, 3), A_prev (4, 3), W (2, 4): expect (dA_prev, dW, db)",
            args=(_DZ, (_A_PREV_LB, _W_LB, _b_LB)),
            expected=(
                np.array(
                    [
                        [-0.65, -0.35, 0.39],
                        [0.4, 0.19, -0.23],
                        [0.35, -0.37, 0.01],
                        [0.0, -0.66, 0.26],
                    ]
                ),
                np.array(
                    [
                        [0.03333333333333333, -0.35, -0.8, 0.18333333333333335],
                        [0.9666666666666667, 0.16666666666666666, -0.4166666666666667, 0.11],
                    ]
                ),
                np.array([[-0.1], [0.3666666666666667]]),
            ),
        ),
        Case(
            "a single example: dZ (1, 1), A_prev (2, 1), W (1, 2)",
            args=(
                np.array([[0.25]]),
                (np.array([[2.0], [-4.0]]), np.array([[0.5, -1.5]]), np.array([[0.3]])),
            ),
            expected=(
                np.array([[0.125], [-0.375]]),
                np.array([[0.5, -1.0]]),
                np.array([[0.25]]),
            ),
        ),
        Case(
            "dZ (3, 2), A_prev (2, 2), W (3, 2)",
            args=(
                np.array([[1.0, -0.5], [0.2, 0.4], [-0.3, 0.8]]),
                (
                    np.array([[0.6, -1.2], [1.0, 0.5]]),
                    np.array([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]]),
                    np.array([[0.0], [0.1], [-0.1]]),
                ),
            ),
            expected=(
                np.array([[-0.11, 0.23], [0.46, -0.42]]),
                np.array([[0.6, 0.375], [-0.18, 0.2], [-0.57, 0.05]]),
                np.array([[0.25], [0.3], [0.25]]),
            ),
        ),
    ]


# linear_activation_backward: 3 inputs, 2 units, 2 examples; Z = W A_prev + b.
_DA_LAB = np.array([[-0.4, 1.2], [0.6, -0.9]])
_CACHE_LAB = (
    (
        np.array([[1.0, -0.5], [0.4, 2.0], [-1.2, 0.3]]),
        np.array([[0.6, -0.8, 0.2], [-0.3, 0.5, 0.9]]),
        np.array([[0.1], [-0.2]]),
    ),
    np.array([[0.14, -1.74], [-1.38, 1.22]]),
)


@public_test(returns=("dA_prev", "dW", "db"))
def test_linear_activation_backward() -> list[Case]:
    """linear_activation_backward(dA, cache, activation) returns (dA_prev, dW, db)."""
    return [
        Case(
            'activation = "relu"',
            args=(_DA_LAB, _CACHE_LAB, "relu"),
            expected=(
                np.array([[-0.24, 0.27], [0.32, -0.45], [-0.08, -0.81]]),
                np.array([[-0.2, -0.08, 0.24], [0.225, -0.9, -0.135]]),
                np.array([[-0.2], [-0.45]]),
            ),
        ),
        Case(
            'activation = "sigmoid", same dA and cache',
            args=(_DA_LAB, _CACHE_LAB, "sigmoid"),
            expected=(
                np.array(
                    [
                        [-0.0886157464586486, 0.13896836389088585],
                        [0.12779059151772074, -0.20112948011111148],
                        [0.06682404690900977, -0.11206049460234142],
                    ]
                ),
                np.array(
                    [
                        [-0.08786137275052353, 0.13251997928846446, 0.08257030252035452],
                        [0.08777713517243882, -0.1391107567535915, -0.08157506982203108],
                    ]
                ),
                np.array([[0.026455351150845026], [-0.0310103267520387]]),
            ),
        ),
    ]


@public_test(returns="grads")
def test_L_model_backward() -> list[Case]:
    """L_model_backward(AL, Y, caches) returns grads with dA{l-1}, dW{l}, db{l} for l = 1..L."""
    return [
        Case(
            "two layers [2, 3, 1], 3 examples (the caches of the L_model_forward test)",
            args=(_AL2, np.array([[1, 0, 1]]), _CACHES2),
            expected={
                "dA1": np.array(
                    [
                        [-0.41483853833759354, 0.5036414732530219, -0.444060648850595],
                        [0.24198914736359622, -0.2937908593975961, 0.2590353784961804],
                        [-0.17284939097399732, 0.2098506138554258, -0.18502527035441457],
                    ]
                ),
                "dW2": np.array(
                    [[-0.13746939069476763, 0.08673825372690935, 0.04294974134683003]]
                ),
                "db2": np.array([[-0.09868269831532406]]),
                "dA0": np.array(
                    [
                        [-0.24198914736359622, 0.277002810289162, -0.2220303244252975],
                        [-0.03111289037531953, 0.0713492087108448, 0.13321819465517848],
                    ]
                ),
                "dW1": np.array(
                    [
                        [-0.18268557766425733, 0.14996835698439842],
                        [0.04896514323293268, -0.07834422917269229],
                        [-0.09259156596723674, 0.04443687096318039],
                    ]
                ),
                "db1": np.array(
                    [[-0.28629972906272955], [-0.09793028646586537], [0.012333740960476161]]
                ),
            },
        ),
        Case(
            "a single sigmoid layer [3, 1], 2 examples",
            args=(_AL1, np.array([[0, 1]]), _CACHES1),
            expected={
                "dA0": np.array(
                    [
                        [0.15290085009230037, -0.15860670005410948],
                        [-0.07645042504615018, 0.07930335002705474],
                        [0.42047733775382606, -0.43616842514880105],
                    ]
                ),
                "dW1": np.array([[0.29382140637532456, 0.3822521252307509, -0.1961186813319584]]),
                "db1": np.array([[-0.007132312452261369]]),
            },
        ),
    ]


# --------------------------------------------------------------------------- update


@public_test(returns="parameters")
def test_update_parameters() -> list[Case]:
    """update_parameters(params, grads, learning_rate): one gradient-descent step, on a copy."""
    return [
        Case(
            "two layers, learning_rate = 0.1 (the dA entries of grads are not used)",
            args=(
                {
                    "W1": np.array([[0.1, -0.2, 0.3], [0.4, 0.0, -0.5]]),
                    "b1": np.array([[0.01], [-0.02]]),
                    "W2": np.array([[0.7, -0.6]]),
                    "b2": np.array([[0.05]]),
                },
                {
                    "dA0": np.ones((3, 1)),
                    "dW1": np.array([[0.5, 1.0, -1.5], [-0.2, 0.3, 0.0]]),
                    "db1": np.array([[0.1], [-0.4]]),
                    "dA1": np.ones((2, 1)),
                    "dW2": np.array([[-1.0, 2.0]]),
                    "db2": np.array([[0.3]]),
                },
                0.1,
            ),
            expected={
                "W1": np.array([[0.05, -0.3, 0.45], [0.42, -0.03, -0.5]]),
                "b1": np.array([[0.0], [0.02]]),
                "W2": np.array([[0.8, -0.8]]),
                "b2": np.array([[0.02]]),
            },
        ),
        Case(
            "one layer, learning_rate = 1.5",
            args=(
                {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[0.5]])},
                {
                    "dA0": np.zeros((2, 1)),
                    "dW1": np.array([[0.2, -0.4]]),
                    "db1": np.array([[-0.1]]),
                },
                1.5,
            ),
            expected={"W1": np.array([[0.7, -1.4]]), "b1": np.array([[0.65]])},
        ),
    ]
