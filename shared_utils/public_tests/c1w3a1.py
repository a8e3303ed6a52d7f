"""Public tests of c1w3a1, "Planar data classification with one hidden layer".

Each `test_<name>(<name>)` calls the learner's function on small fixed inputs
and compares the result with the expected output written out below; a failing
case lists every output that differs (`cache["Z1"]`, `grads["db1"]`) with both
values. Functions that draw random numbers are called right after
`np.random.seed(...)` (the case's `np_seed`), as the notebook does. The hidden
graders use other inputs: other layer sizes, other numbers of examples, other
seeds.
"""

from __future__ import annotations

import numpy as np

from shared_utils.testing import Case, public_test

# Example A: 2 features, 3 hidden units, 3 examples.
_X_A = np.array([[1.0, -0.5, 2.0], [0.5, 1.5, -1.0]])
_Y_A = np.array([[1, 0, 1]])
_PARAMS_A = {
    "W1": np.array([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]]),
    "b1": np.array([[0.1], [-0.2], [0.0]]),
    "W2": np.array([[1.0, -2.0, 0.5]]),
    "b2": np.array([[0.3]]),
}
_CACHE_A = {
    "Z1": np.array([[0.1, -1.65, 2.1], [1.4, -0.65, 2.6], [0.1, 1.35, -1.4]]),
    "A1": np.array(
        [
            [0.099667994625, -0.928857621455, 0.970451936613],
            [0.885351648202, -0.571669966085, 0.989027402201],
            [0.099667994625, 0.874053287886, -0.885351648202],
        ]
    ),
    "Z2": np.array([[-1.32120130447, 0.951508954659, -1.15027869189]]),
    "A2": np.array([[0.210618497152, 0.721418539719, 0.240438182521]]),
}

# Example B: 3 features, 2 hidden units, 2 examples.
_X_B = np.array([[1.0, 0.0], [2.0, -1.0], [-0.5, 3.0]])
_Y_B = np.array([[0, 1]])
_PARAMS_B = {
    "W1": np.array([[0.2, -0.4, 0.1], [-0.6, 0.3, 0.9]]),
    "b1": np.array([[0.05], [-0.1]]),
    "W2": np.array([[-1.2, 0.7]]),
    "b2": np.array([[-0.1]]),
}
_CACHE_B = {
    "Z1": np.array([[-0.6, 0.75], [-0.55, 2.3]]),
    "A1": np.array([[-0.537049566998, 0.635148952387], [-0.50052021119, 0.980096396266]]),
    "Z2": np.array([[0.194095332564, -0.176111265478]]),
    "A2": np.array([[0.548372068336, 0.456085626013]]),
}


@public_test(returns=("n_x", "n_h", "n_y"))
def test_layer_sizes() -> list[Case]:
    """layer_sizes(X, Y) -> (rows of X, 4, rows of Y)."""
    return [
        Case(
            "X of shape (5, 3), Y of shape (2, 3)",
            args=(np.zeros((5, 3)), np.zeros((2, 3))),
            expected=(5, 4, 2),
        ),
        Case("example A: X (2, 3), Y (1, 3)", args=(_X_A, _Y_A), expected=(2, 4, 1)),
        Case(
            "a single example: X (3, 1), Y (1, 1)",
            args=(np.array([[0.5], [-1.0], [2.0]]), np.array([[1]])),
            expected=(3, 4, 1),
        ),
    ]


@public_test(returns="parameters")
def test_initialize_parameters() -> list[Case]:
    """initialize_parameters(n_x, n_h, n_y) right after np.random.seed(seed)."""
    return [
        Case(
            "n_x=2, n_h=4, n_y=1 after np.random.seed(2)",
            args=(2, 4, 1),
            np_seed=2,
            expected={
                "W1": np.array(
                    [
                        [-0.00416757847405, -0.000562668272263],
                        [-0.0213619609567, 0.016402708084],
                        [-0.0179343558519, -0.00841747365656],
                        [0.00502881417158, -0.0124528808661],
                    ]
                ),
                "b1": np.array([[0.0], [0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [[-0.0105795221886, -0.00909007614927, 0.00551454044546, 0.0229220801281]]
                ),
                "b2": np.array([[0.0]]),
            },
        ),
        Case(
            "n_x=3, n_h=2, n_y=1 after np.random.seed(1)",
            args=(3, 2, 1),
            np_seed=1,
            expected={
                "W1": np.array(
                    [
                        [0.0162434536366, -0.0061175641365, -0.00528171752263],
                        [-0.0107296862216, 0.00865407629325, -0.0230153869688],
                    ]
                ),
                "b1": np.array([[0.0], [0.0]]),
                "W2": np.array([[0.0174481176422, -0.00761206900895]]),
                "b2": np.array([[0.0]]),
            },
        ),
        Case(
            "n_x=1, n_h=3, n_y=2 after np.random.seed(0) (W1 is drawn before W2)",
            args=(1, 3, 2),
            np_seed=0,
            expected={
                "W1": np.array([[0.0176405234597], [0.00400157208367], [0.00978737984106]]),
                "b1": np.array([[0.0], [0.0], [0.0]]),
                "W2": np.array(
                    [
                        [0.022408931992, 0.0186755799015, -0.00977277879876],
                        [0.00950088417526, -0.00151357208298, -0.00103218851794],
                    ]
                ),
                "b2": np.array([[0.0], [0.0]]),
            },
        ),
    ]


@public_test(returns=("A2", "cache"))
def test_forward_propagation() -> list[Case]:
    """forward_propagation(X, parameters) -> (A2, cache with Z1, A1, Z2, A2)."""
    return [
        Case(
            "example A: 2 features, 3 hidden units, 3 examples",
            args=(_X_A, _PARAMS_A),
            expected=(_CACHE_A["A2"], _CACHE_A),
        ),
        Case(
            "example B: 3 features, 2 hidden units, 2 examples",
            args=(_X_B, _PARAMS_B),
            expected=(_CACHE_B["A2"], _CACHE_B),
        ),
    ]


@public_test(returns="cost")
def test_compute_cost() -> list[Case]:
    """compute_cost(A2, Y): the average cross-entropy, as a number."""
    return [
        Case(
            "four examples",
            args=(np.array([[0.8, 0.3, 0.6, 0.1]]), np.array([[1, 0, 1, 0]])),
            expected=0.299001158669,
        ),
        Case(
            "a single example: -log(0.25)",
            args=(np.array([[0.25]]), np.array([[1]])),
            expected=1.38629436112,
        ),
        Case(
            "every label 0 (the (1 - Y) term matters)",
            args=(np.array([[0.2, 0.5, 0.9]]), np.array([[0, 0, 0]])),
            expected=1.07295860829,
        ),
    ]


@public_test(returns="grads")
def test_backward_propagation() -> list[Case]:
    """backward_propagation(parameters, cache, X, Y) -> grads dW1, db1, dW2, db2."""
    return [
        Case(
            "example A: 2 features, 3 hidden units, 3 examples",
            args=(_PARAMS_A, _CACHE_A, _X_A, _Y_A),
            expected={
                "dW1": np.array(
                    [
                        [-0.306495268727, -0.0660175416911],
                        [0.297738957824, -0.439830173244],
                        [-0.199173473566, 0.0048044488283],
                    ]
                ),
                "db1": np.array([[-0.242256140987], [-0.198966799736], [-0.129240690022]]),
                "dW2": np.array([[-0.495296472337, -0.620840325965, 0.408120494072]]),
                "db2": np.array([[-0.275841593536]]),
            },
        ),
        Case(
            "example B: 3 features, 2 hidden units, 2 examples",
            args=(_PARAMS_B, _CACHE_B, _X_B, _Y_B),
            expected={
                "dW1": np.array(
                    [
                        [-0.234125621671, -0.662946201207, 0.70114768443],
                        [0.143847771748, 0.295198227068, -0.0944319365916],
                    ]
                ),
                "db1": np.array([[-0.0394306638065], [0.136345088175]]),
                "dW2": np.array([[-0.31998481334, -0.403779910638]]),
                "db2": np.array([[0.00222884717438]]),
            },
        ),
    ]


_UPDATE_PARAMS = {
    "W1": np.array([[0.3, -0.2], [0.1, 0.4]]),
    "b1": np.array([[0.0], [0.1]]),
    "W2": np.array([[0.5, -0.6]]),
    "b2": np.array([[0.2]]),
}
_UPDATE_GRADS = {
    "dW1": np.array([[0.01, -0.02], [0.03, 0.0]]),
    "db1": np.array([[-0.01], [0.02]]),
    "dW2": np.array([[0.05, 0.1]]),
    "db2": np.array([[-0.04]]),
}


@public_test(returns="parameters")
def test_update_parameters() -> list[Case]:
    """update_parameters(parameters, grads, learning_rate=1.2) -> a new dictionary."""
    return [
        Case(
            "default learning rate 1.2",
            args=(_UPDATE_PARAMS, _UPDATE_GRADS),
            expected={
                "W1": np.array([[0.288, -0.176], [0.064, 0.4]]),
                "b1": np.array([[0.012], [0.076]]),
                "W2": np.array([[0.44, -0.72]]),
                "b2": np.array([[0.248]]),
            },
        ),
        Case(
            "learning_rate=0.5",
            args=(_UPDATE_PARAMS, _UPDATE_GRADS),
            kwargs={"learning_rate": 0.5},
            expected={
                "W1": np.array([[0.295, -0.19], [0.085, 0.4]]),
                "b1": np.array([[0.005], [0.09]]),
                "W2": np.array([[0.475, -0.65]]),
                "b2": np.array([[0.22]]),
            },
        ),
    ]


# Six points; label 1 where both coordinates have the same sign.
_X_TRAIN = np.array([[1.0, 2.0, -1.0, -2.0, 0.5, -0.5], [1.5, -1.0, 1.0, -1.5, -2.0, 2.0]])
_Y_TRAIN = np.array([[1, 0, 0, 1, 0, 0]])


@public_test(returns="parameters")
def test_nn_model() -> list[Case]:
    """nn_model(X, Y, n_h, num_iterations) right after np.random.seed(seed)."""
    return [
        Case(
            "n_h=3, 100 iterations after np.random.seed(1)",
            args=(_X_TRAIN, _Y_TRAIN, 3),
            kwargs={"num_iterations": 100},
            np_seed=1,
            expected={
                "W1": np.array(
                    [
                        [-0.715337181388, -0.800310161346],
                        [0.515109996696, 0.76850028557],
                        [1.01411165334, -1.38883629022],
                    ]
                ),
                "b1": np.array([[-1.66302660502], [1.36870397321], [-1.51190125558]]),
                "W2": np.array([[1.31722837855, -0.943429802916, -2.17557787198]]),
                "b2": np.array([[-0.64661297211]]),
            },
            rtol=1e-5,
        ),
        Case(
            "n_h=5, 10 iterations after np.random.seed(2)",
            args=(_X_TRAIN, _Y_TRAIN, 5),
            kwargs={"num_iterations": 10},
            np_seed=2,
            expected={
                "W1": np.array(
                    [
                        [-0.0303854143795, -0.000685738443179],
                        [-0.133819944817, 0.0151551199913],
                        [-0.0564981872573, -0.00852968476838],
                        [0.0507582766025, -0.0121622639723],
                        [-0.0496767053426, -0.0092352397595],
                    ]
                ),
                "b1": np.array(
                    [
                        [-0.00569008617298],
                        [-0.0241603859215],
                        [-0.00606267843087],
                        [0.0103276336427],
                        [-0.00770297109887],
                    ]
                ),
                "W2": np.array(
                    [
                        [
                            0.0310316075427,
                            0.138129165657,
                            0.0551027688424,
                            -0.0523824864439,
                            0.0498377986978,
                        ]
                    ]
                ),
                "b2": np.array([[-0.663227594281]]),
            },
            rtol=1e-5,
        ),
    ]


@public_test(returns="predictions")
def test_predict() -> list[Case]:
    """predict(parameters, X): 1 where the output probability is above 0.5, else 0."""
    return [
        Case(
            "2 hidden units, 5 examples",
            args=(
                {
                    "W1": np.array([[1.0, -1.0], [0.5, 2.0]]),
                    "b1": np.array([[0.0], [-0.5]]),
                    "W2": np.array([[2.0, -1.5]]),
                    "b2": np.array([[0.1]]),
                },
                np.array([[1.0, -1.0, 0.0, 2.0, -0.5], [0.0, 0.5, -1.0, 1.0, -2.0]]),
            ),
            expected=np.array([[1, 0, 1, 1, 1]]),
        ),
        Case("example A", args=(_PARAMS_A, _X_A), expected=np.array([[0, 1, 0]])),
        Case(
            "output weights all zero: every probability is exactly 0.5, so every label is 0",
            args=(
                {
                    "W1": _PARAMS_A["W1"],
                    "b1": _PARAMS_A["b1"],
                    "W2": np.zeros((1, 3)),
                    "b2": np.zeros((1, 1)),
                },
                _X_A,
            ),
            expected=np.array([[0, 0, 0]]),
        ),
    ]
