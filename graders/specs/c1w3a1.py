"""Hidden grader spec of c1w3a1: planar data classification with one hidden layer.

The cases go beyond the public tests: other numbers of features, hidden units and
examples (a single example, more features than examples, one hidden unit, two
output rows for `layer_sizes`), saturated units, all-equal labels, probabilities
exactly at 0.5, and short training runs of `nn_model` on small nonlinear problems.
Everything random is seeded: the inputs by the generator handed to each cases
function, numpy's global generator by `Case.np_seed` right before the call.
Every mistake below is an edit of the notebook's own solution that must lose the
exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise, like, random_labels, random_parameters

SEED = 3301


# --------------------------------------------------------------------------- helpers


def _net(
    rng: np.random.Generator, n_x: int, n_h: int, n_y: int = 1, scale: float = 1.0
) -> dict[str, np.ndarray]:
    """W1, b1, W2, b2 of an n_x-n_h-n_y network: weights N(0, scale²), non-zero biases."""
    return random_parameters(rng, [n_x, n_h, n_y], scale=scale)


def _forward(X: np.ndarray, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A consistent cache for backward_propagation inputs (not an expected output)."""
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _nonlinear(rng: np.random.Generator, n_x: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Points (n_x, m) labelled 1 where the first two coordinates share a sign."""
    X = rng.normal(0.0, 1.5, size=(n_x, m))
    second = X[1] if n_x > 1 else np.ones(m)
    return X, (X[0] * second > 0).astype(int).reshape(1, m)


_ONE_OVER_M = "exactly m times too large: is the 1/m missing?"
_MINUS = "the cross-entropy has a minus sign in front: the cost is positive"
_DESCENT = "gradient descent steps against the gradient: subtract learning_rate * gradient"


# --------------------------------------------------------------------------- exercises


@exercise(
    mistakes={
        "n_h_read_from_X": edit(
            "n_h = 4", "n_h = X.shape[0]", hint="the hidden layer has 4 units: n_h = 4"
        ),
        "examples_instead_of_features": edit(
            "n_x = X.shape[0]",
            "n_x = X.shape[1]",
            hint="X has shape (n_x, m): the number of features is X.shape[0]",
        ),
        "n_y_hard_coded": edit(
            "n_y = Y.shape[0]", "n_y = 1", hint="read n_y from Y.shape[0]; it is not always 1"
        ),
        "n_y_from_the_examples": edit(
            "n_y = Y.shape[0]",
            "n_y = Y.shape[1]",
            hint="Y has shape (n_y, m): n_y is Y.shape[0]",
        ),
    },
)
def layer_sizes(rng: np.random.Generator) -> list[Case]:
    return [
        Case("X (2, 7), Y (1, 7)", (rng.normal(size=(2, 7)), random_labels(rng, 7))),
        Case("X (5, 13), Y (1, 13)", (rng.normal(size=(5, 13)), random_labels(rng, 13))),
        Case(
            "a single example: X (3, 1), Y (1, 1)",
            (rng.normal(size=(3, 1)), random_labels(rng, 1)),
        ),
        Case(
            "more features than examples: X (10, 4), Y (1, 4)",
            (rng.normal(size=(10, 4)), random_labels(rng, 4)),
        ),
        Case(
            "two output rows: X (6, 9), Y (2, 9)",
            (rng.normal(size=(6, 9)), random_labels(rng, 18).reshape(2, 9)),
        ),
        Case(
            "one feature: X (1, 20), Y (1, 20)",
            (rng.normal(size=(1, 20)), random_labels(rng, 20)),
        ),
    ]


_W1 = "    W1 = np.random.randn(n_h, n_x) * 0.01\n"
_W2 = "    W2 = np.random.randn(n_y, n_h) * 0.01\n"


@exercise(
    mistakes={
        "zero_weights": edit(
            [
                ("np.random.randn(n_h, n_x) * 0.01", "np.zeros((n_h, n_x))"),
                ("np.random.randn(n_y, n_h) * 0.01", "np.zeros((n_y, n_h))"),
            ],
            hint="the weights are random (np.random.randn * 0.01): with zeros every "
            "hidden unit stays the same",
        ),
        "no_0.01_scaling": edit(
            " * 0.01",
            "",
            every=True,
            hint="exactly 100 times too large: multiply the random weights by 0.01",
        ),
        "swapped_weight_shapes": edit(
            [("randn(n_h, n_x)", "randn(n_x, n_h)"), ("randn(n_y, n_h)", "randn(n_h, n_y)")],
            hint="W1 has shape (n_h, n_x) and W2 (n_y, n_h): one row per unit",
        ),
        "bias_as_a_row": edit(
            "b1 = np.zeros((n_h, 1))",
            "b1 = np.zeros((1, n_h))",
            hint="b1 is a column of shape (n_h, 1)",
        ),
        "W2_drawn_before_W1": edit(
            [(_W1, ""), (_W2, _W2 + _W1)],
            hint="the right shapes, drawn in another order: draw W1 first, then W2",
        ),
    },
)
def initialize_parameters(rng: np.random.Generator) -> list[Case]:
    sizes = [(2, 4, 1), (5, 3, 1), (1, 1, 1), (3, 7, 2), (10, 20, 1), (4, 4, 4)]
    return [
        Case(
            f"n_x={n_x}, n_h={n_h}, n_y={n_y}", (n_x, n_h, n_y), np_seed=draw_seed(rng, 4, 10_000)
        )
        for n_x, n_h, n_y in sizes
    ]


@exercise(
    mistakes={
        "sigmoid_in_the_hidden_layer": edit(
            "np.tanh(Z1)",
            "1 / (1 + np.exp(-Z1))",
            hint="the hidden layer uses tanh; the sigmoid is for the output layer only",
        ),
        "relu_in_the_hidden_layer": edit(
            "np.tanh(Z1)", "np.maximum(0, Z1)", hint="the hidden layer uses tanh, not ReLU"
        ),
        "tanh_at_the_output": edit(
            "1 / (1 + np.exp(-Z2))",
            "np.tanh(Z2)",
            hint="the output layer uses the sigmoid, which gives a probability in (0, 1)",
        ),
        "cache_without_Z1_Z2": edit(
            '{"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
            '{"A1": A1, "A2": A2}',
            hint='cache holds "Z1", "A1", "Z2" and "A2"',
        ),
        "forgets_b1": edit(
            "np.dot(W1, X) + b1", "np.dot(W1, X)", hint="b1 is missing: Z1 = W1 X + b1"
        ),
    },
)
def forward_propagation(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "2 features, 4 hidden units, 7 examples",
            (rng.normal(size=(2, 7)), _net(rng, 2, 4)),
        ),
        Case(
            "5 features, 3 hidden units, 13 examples",
            (rng.normal(size=(5, 13)), _net(rng, 5, 3)),
        ),
        Case("a single example", (rng.normal(size=(3, 1)), _net(rng, 3, 6))),
        Case("one hidden unit", (rng.normal(size=(2, 9)), _net(rng, 2, 1))),
        Case(
            "large weights (saturated units)",
            (rng.normal(size=(4, 8)), _net(rng, 4, 5, scale=4.0)),
        ),
        Case("all-zero input", (np.zeros((2, 5)), _net(rng, 2, 3))),
    ]


@exercise(
    mistakes={
        "no_one_over_m": edit("-np.sum(log_probs) / m", "-np.sum(log_probs)", hint=_ONE_OVER_M),
        "only_the_log_A2_term": edit(
            " + (1 - Y) * np.log(1 - A2)",
            "",
            hint="the (1 - Y) * log(1 - A2) term is missing: examples labelled 0 cost nothing",
        ),
        "returns_a_1x1_array": edit(
            "cost = float(-np.sum(log_probs) / m)",
            "cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m",
            hint="return a plain number: float(...) of the (1, 1) result",
        ),
        "missing_minus_sign": edit("float(-np.sum(", "float(np.sum(", hint=_MINUS),
    },
)
def compute_cost(rng: np.random.Generator) -> list[Case]:
    def probs(m: int) -> np.ndarray:
        return rng.uniform(0.05, 0.95, size=(1, m))

    Y_confident = random_labels(rng, 10)
    return [
        Case("7 examples", (probs(7), random_labels(rng, 7))),
        Case("13 examples", (probs(13), random_labels(rng, 13))),
        Case("a single example labelled 1", (np.array([[0.7]]), np.array([[1]]))),
        Case("a single example labelled 0", (np.array([[0.7]]), np.array([[0]]))),
        Case("every label 1", (probs(9), np.ones((1, 9), dtype=int))),
        Case("every label 0", (probs(6), np.zeros((1, 6), dtype=int))),
        Case(
            "confident, correct predictions",
            (np.where(Y_confident == 1, 0.999, 0.001), Y_confident),
        ),
        Case("50 examples", (probs(50), random_labels(rng, 50))),
    ]


@exercise(
    mistakes={
        "forgets_the_tanh_derivative": edit(
            " * (1 - np.power(A1, 2))",
            "",
            hint="dZ1 needs the tanh derivative: multiply by (1 - A1 ** 2)",
        ),
        "tanh_derivative_not_squared": edit(
            "(1 - np.power(A1, 2))",
            "(1 - A1)",
            hint="the derivative of tanh is 1 - A1 ** 2 (squared)",
        ),
        "no_one_over_m": edit(") / m", ")", every=True, hint=_ONE_OVER_M),
        "db_without_keepdims": edit(
            ", keepdims=True",
            "",
            every=True,
            hint="without keepdims=True db has shape (n,) instead of the column (n, 1)",
        ),
        "A1_instead_of_its_transpose": edit(
            "np.dot(dZ2, A1.T)",
            "np.dot(A1, dZ2.T)",
            hint="dW2 = dZ2 A1^T / m has the shape of W2, (n_y, n_h)",
        ),
    },
)
def backward_propagation(rng: np.random.Generator) -> list[Case]:
    def case(label: str, n_x: int, n_h: int, m: int, scale: float = 1.0) -> Case:
        X = rng.normal(size=(n_x, m))
        params = _net(rng, n_x, n_h, scale=scale)
        return Case(label, (params, _forward(X, params), X, random_labels(rng, m)))

    return [
        case("2 features, 4 hidden units, 7 examples", 2, 4, 7),
        case("5 features, 3 hidden units, 13 examples", 5, 3, 13),
        case("a single example", 3, 5, 1),
        case("one hidden unit, 9 examples", 2, 1, 9),
        case("large weights (saturated hidden units)", 4, 6, 10, scale=3.0),
        case("more hidden units than examples", 2, 12, 5),
    ]


_UPDATE = (
    '    W1 = parameters["W1"] - learning_rate * grads["dW1"]\n'
    '    b1 = parameters["b1"] - learning_rate * grads["db1"]\n'
    '    W2 = parameters["W2"] - learning_rate * grads["dW2"]\n'
    '    b2 = parameters["b2"] - learning_rate * grads["db2"]\n'
)
_IN_PLACE = (
    "    {start}\n"
    '    for name in ("W1", "b1", "W2", "b2"):\n'
    '        new[name] -= learning_rate * grads["d" + name]\n'
    '    W1, b1, W2, b2 = new["W1"], new["b1"], new["W2"], new["b2"]\n'
)


@exercise(
    mistakes={
        "plus_instead_of_minus": edit(
            "] - learning_rate", "] + learning_rate", every=True, hint=_DESCENT
        ),
        "hard_coded_learning_rate": edit(
            " learning_rate *",
            " 1.2 *",
            every=True,
            hint="use the learning_rate argument, not a fixed number",
        ),
        "forgets_b2": edit(
            'parameters["b2"] - learning_rate * grads["db2"]',
            'parameters["b2"]',
            hint="b2 is not updated: every parameter takes a step",
        ),
        "updates_the_callers_arrays_in_place": edit(
            _UPDATE, _IN_PLACE.format(start="new = parameters")
        ),
        "shallow_copy_then_in_place": edit(
            _UPDATE, _IN_PLACE.format(start="new = parameters.copy()")
        ),
    },
)
def update_parameters(rng: np.random.Generator) -> list[Case]:
    def pair(n_x: int, n_h: int, n_y: int = 1) -> tuple[dict, dict]:
        params = _net(rng, n_x, n_h, n_y)
        return params, like(rng, params)

    zero_params = _net(rng, 3, 2)
    zero_grads = {"d" + k: np.zeros_like(v) for k, v in zero_params.items()}
    return [
        Case("default learning rate, 2-4-1 network", pair(2, 4)),
        Case("learning_rate=0.01, 5-3-1 network", pair(5, 3), {"learning_rate": 0.01}),
        Case("learning_rate=0: nothing moves", pair(2, 2), {"learning_rate": 0.0}),
        Case("large learning rate 10, 3-6-2 network", pair(3, 6, 2), {"learning_rate": 10.0}),
        Case("learning rate 0.3 passed by position", (*pair(4, 5), 0.3)),
        Case("zero gradients", (zero_params, zero_grads)),
    ]


_INIT = "    parameters = initialize_parameters(n_x, n_h, n_y)\n"
_FORWARD = "        A2, cache = forward_propagation(X, parameters)\n"


@exercise(
    depends=(
        "layer_sizes",
        "initialize_parameters",
        "forward_propagation",
        "compute_cost",
        "backward_propagation",
        "update_parameters",
    ),
    rtol=1e-5,
    atol=1e-7,
    mistakes={
        "ignores_n_h": edit(
            "initialize_parameters(n_x, n_h, n_y)",
            "initialize_parameters(n_x, 4, n_y)",
            hint="the hidden layer has n_h units (the argument), not always 4",
        ),
        "ignores_num_iterations": edit(
            "range(num_iterations)",
            "range(10000)",
            hint="loop num_iterations times (the argument), not a fixed number of times",
        ),
        "never_updates": edit(
            "parameters = update_parameters(parameters, grads)",
            "update_parameters(parameters, grads)",
            hint="update_parameters returns the new parameters: assign them "
            "(parameters = update_parameters(...))",
        ),
        "seeds_inside": edit(
            _INIT,
            "    np.random.seed(3)\n" + _INIT,
            hint="do not seed inside nn_model: the caller sets the seed",
        ),
        "reinitialises_every_iteration": edit(
            _FORWARD,
            "    " + _INIT + _FORWARD,
            hint="initialise the parameters once, before the loop",
        ),
    },
)
def nn_model(rng: np.random.Generator) -> list[Case]:
    def case(label: str, n_x: int, m: int, n_h: int, iterations: int, **kwargs) -> Case:
        X, Y = _nonlinear(rng, n_x, m)
        return Case(
            label,
            (X, Y, n_h),
            {"num_iterations": iterations, **kwargs},
            np_seed=draw_seed(rng, 4, 10_000),
        )

    return [
        case("2 features, 40 examples, n_h=4, 300 iterations", 2, 40, 4, 300),
        case("5 features, 30 examples, n_h=2, 250 iterations", 5, 30, 2, 250),
        case("2 features, 30 examples, n_h=6, 300 iterations", 2, 30, 6, 300),
        case("3 features, a single example, n_h=3, 200 iterations", 3, 1, 3, 200),
        case("1 feature, 20 examples, n_h=1, 400 iterations", 1, 20, 1, 400),
        case("print_cost=True, n_h=5, 500 iterations", 2, 30, 5, 500, print_cost=True),
    ]


@exercise(
    depends=("forward_propagation",),
    mistakes={
        "threshold_on_Z2": edit(
            "(A2 > 0.5)", '(cache["Z2"] > 0.5)', hint="threshold the probability A2, not Z2"
        ),
        "greater_or_equal": edit(
            "A2 > 0.5",
            "A2 >= 0.5",
            hint="a probability of exactly 0.5 predicts 0: use > 0.5, not >= 0.5",
        ),
        "threshold_at_zero": edit(
            "A2 > 0.5", "A2 > 0", hint="A2 is a probability: the threshold is 0.5, not 0"
        ),
        "returns_probabilities": edit(
            "(A2 > 0.5).astype(int)",
            "A2",
            hint="return labels 0 and 1, (A2 > 0.5), not the probabilities",
        ),
        "flat_shape": edit(
            "(A2 > 0.5).astype(int)",
            "(A2 > 0.5).astype(int).ravel()",
            hint="keep the shape (1, m): one row of labels",
        ),
    },
)
def predict(rng: np.random.Generator) -> list[Case]:
    near_half = _net(rng, 3, 4, scale=0.3)
    near_half["b2"] = np.zeros((1, 1))
    flat = _net(rng, 2, 3)
    flat["W2"] = np.zeros((1, 3))
    flat["b2"] = np.zeros((1, 1))
    return [
        Case(
            "2 features, 4 hidden units, 7 examples",
            (_net(rng, 2, 4), rng.normal(size=(2, 7))),
        ),
        Case(
            "5 features, 3 hidden units, 13 examples",
            (_net(rng, 5, 3), rng.normal(size=(5, 13))),
        ),
        Case("a single example", (_net(rng, 3, 2), rng.normal(size=(3, 1)))),
        Case("probabilities close to 0.5", (near_half, rng.normal(size=(3, 20)))),
        Case(
            "output weights zero: every probability exactly 0.5",
            (flat, rng.normal(size=(2, 6))),
        ),
        Case("large weights", (_net(rng, 4, 6, scale=4.0), rng.normal(size=(4, 15)))),
    ]
