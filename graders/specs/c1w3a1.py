"""Hidden grader spec of c1w3a1: planar data classification with one hidden layer.

The cases go beyond the public tests: other numbers of features, hidden units and
examples (a single example, more features than examples, one hidden unit, two
output rows for `layer_sizes`), saturated units, all-equal labels, probabilities
exactly at 0.5, and short training runs of `nn_model` on small nonlinear problems.
Everything random is seeded: the inputs by the generator handed to each `cases`
function, numpy's global generator by `Case.np_seed` right before the call.
Every mistake below is a whole replacement cell that must lose the exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, draw_seed, variant

PREAMBLE = "import copy\nimport numpy as np\n"
SEED = 3301


# --------------------------------------------------------------------------- helpers


def _params(
    rng: np.random.Generator, n_x: int, n_h: int, n_y: int = 1, scale: float = 1.0
) -> dict[str, np.ndarray]:
    """Random parameters (non-zero biases, so a forgotten bias shows)."""
    return {
        "W1": rng.normal(0.0, scale, size=(n_h, n_x)),
        "b1": rng.normal(0.0, 0.5, size=(n_h, 1)),
        "W2": rng.normal(0.0, scale, size=(n_y, n_h)),
        "b2": rng.normal(0.0, 0.5, size=(n_y, 1)),
    }


def _grads(rng: np.random.Generator, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Random gradients with the shapes of `params`."""
    return {"d" + name: rng.normal(0.0, 0.3, size=value.shape) for name, value in params.items()}


def _forward(X: np.ndarray, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A consistent cache for backward_propagation inputs (not an expected output)."""
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _labels(rng: np.random.Generator, m: int) -> np.ndarray:
    return rng.integers(0, 2, size=(1, m))


def _nonlinear(rng: np.random.Generator, n_x: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Points (n_x, m) labelled 1 where the first two coordinates share a sign."""
    X = rng.normal(0.0, 1.5, size=(n_x, m))
    second = X[1] if n_x > 1 else np.ones(m)
    return X, (X[0] * second > 0).astype(int).reshape(1, m)


# --------------------------------------------------------------------------- cases


def layer_sizes_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case("X (2, 7), Y (1, 7)", (rng.normal(size=(2, 7)), _labels(rng, 7))),
        Case("X (5, 13), Y (1, 13)", (rng.normal(size=(5, 13)), _labels(rng, 13))),
        Case("a single example: X (3, 1), Y (1, 1)", (rng.normal(size=(3, 1)), _labels(rng, 1))),
        Case(
            "more features than examples: X (10, 4), Y (1, 4)",
            (rng.normal(size=(10, 4)), _labels(rng, 4)),
        ),
        Case(
            "two output rows: X (6, 9), Y (2, 9)",
            (rng.normal(size=(6, 9)), _labels(rng, 18).reshape(2, 9)),
        ),
        Case("one feature: X (1, 20), Y (1, 20)", (rng.normal(size=(1, 20)), _labels(rng, 20))),
    ]


def initialize_parameters_cases(rng: np.random.Generator) -> list[Case]:
    sizes = [(2, 4, 1), (5, 3, 1), (1, 1, 1), (3, 7, 2), (10, 20, 1), (4, 4, 4)]
    return [
        Case(
            f"n_x={n_x}, n_h={n_h}, n_y={n_y}", (n_x, n_h, n_y), np_seed=draw_seed(rng, 4, 10_000)
        )
        for n_x, n_h, n_y in sizes
    ]


def forward_propagation_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "2 features, 4 hidden units, 7 examples",
            (rng.normal(size=(2, 7)), _params(rng, 2, 4)),
        ),
        Case(
            "5 features, 3 hidden units, 13 examples",
            (rng.normal(size=(5, 13)), _params(rng, 5, 3)),
        ),
        Case("a single example", (rng.normal(size=(3, 1)), _params(rng, 3, 6))),
        Case("one hidden unit", (rng.normal(size=(2, 9)), _params(rng, 2, 1))),
        Case(
            "large weights (saturated units)",
            (rng.normal(size=(4, 8)), _params(rng, 4, 5, scale=4.0)),
        ),
        Case("all-zero input", (np.zeros((2, 5)), _params(rng, 2, 3))),
    ]


def compute_cost_cases(rng: np.random.Generator) -> list[Case]:
    def probs(m: int) -> np.ndarray:
        return rng.uniform(0.05, 0.95, size=(1, m))

    Y_confident = _labels(rng, 10)
    return [
        Case("7 examples", (probs(7), _labels(rng, 7))),
        Case("13 examples", (probs(13), _labels(rng, 13))),
        Case("a single example labelled 1", (np.array([[0.7]]), np.array([[1]]))),
        Case("a single example labelled 0", (np.array([[0.7]]), np.array([[0]]))),
        Case("every label 1", (probs(9), np.ones((1, 9), dtype=int))),
        Case("every label 0", (probs(6), np.zeros((1, 6), dtype=int))),
        Case(
            "confident, correct predictions",
            (np.where(Y_confident == 1, 0.999, 0.001), Y_confident),
        ),
        Case("50 examples", (probs(50), _labels(rng, 50))),
    ]


def backward_propagation_cases(rng: np.random.Generator) -> list[Case]:
    def case(label: str, n_x: int, n_h: int, m: int, scale: float = 1.0) -> Case:
        X = rng.normal(size=(n_x, m))
        params = _params(rng, n_x, n_h, scale=scale)
        return Case(label, (params, _forward(X, params), X, _labels(rng, m)))

    return [
        case("2 features, 4 hidden units, 7 examples", 2, 4, 7),
        case("5 features, 3 hidden units, 13 examples", 5, 3, 13),
        case("a single example", 3, 5, 1),
        case("one hidden unit, 9 examples", 2, 1, 9),
        case("large weights (saturated hidden units)", 4, 6, 10, scale=3.0),
        case("more hidden units than examples", 2, 12, 5),
    ]


def update_parameters_cases(rng: np.random.Generator) -> list[Case]:
    def pair(n_x: int, n_h: int, n_y: int = 1) -> tuple[dict, dict]:
        params = _params(rng, n_x, n_h, n_y)
        return params, _grads(rng, params)

    zero_params = _params(rng, 3, 2)
    zero_grads = {"d" + k: np.zeros_like(v) for k, v in zero_params.items()}
    return [
        Case("default learning rate, 2-4-1 network", pair(2, 4)),
        Case("learning_rate=0.01, 5-3-1 network", pair(5, 3), {"learning_rate": 0.01}),
        Case("learning_rate=0: nothing moves", pair(2, 2), {"learning_rate": 0.0}),
        Case("large learning rate 10, 3-6-2 network", pair(3, 6, 2), {"learning_rate": 10.0}),
        Case("learning rate 0.3 passed by position", (*pair(4, 5), 0.3)),
        Case("zero gradients", (zero_params, zero_grads)),
    ]


def nn_model_cases(rng: np.random.Generator) -> list[Case]:
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


def predict_cases(rng: np.random.Generator) -> list[Case]:
    near_half = _params(rng, 3, 4, scale=0.3)
    near_half["b2"] = np.zeros((1, 1))
    flat = _params(rng, 2, 3)
    flat["W2"] = np.zeros((1, 3))
    flat["b2"] = np.zeros((1, 1))
    return [
        Case(
            "2 features, 4 hidden units, 7 examples", (_params(rng, 2, 4), rng.normal(size=(2, 7)))
        ),
        Case(
            "5 features, 3 hidden units, 13 examples",
            (_params(rng, 5, 3), rng.normal(size=(5, 13))),
        ),
        Case("a single example", (_params(rng, 3, 2), rng.normal(size=(3, 1)))),
        Case("probabilities close to 0.5", (near_half, rng.normal(size=(3, 20)))),
        Case(
            "output weights zero: every probability exactly 0.5", (flat, rng.normal(size=(2, 6)))
        ),
        Case("large weights", (_params(rng, 4, 6, scale=4.0), rng.normal(size=(4, 15)))),
    ]


# --------------------------------------------------------------------------- mistakes

_LAYER_SIZES = """def layer_sizes(X, Y):
    n_x = {n_x}
    n_h = {n_h}
    n_y = {n_y}
    return (n_x, n_h, n_y)
"""


def _layer_sizes(n_x: str = "X.shape[0]", n_h: str = "4", n_y: str = "Y.shape[0]") -> str:
    return _LAYER_SIZES.format(n_x=n_x, n_h=n_h, n_y=n_y)


LAYER_SIZES_MISTAKES = {
    "n_h_read_from_X": _layer_sizes(n_h="X.shape[0]"),
    "examples_instead_of_features": _layer_sizes(n_x="X.shape[1]"),
    "n_y_hard_coded": _layer_sizes(n_y="1"),
    "n_y_from_the_examples": _layer_sizes(n_y="Y.shape[1]"),
}

_INIT = """def initialize_parameters(n_x, n_h, n_y):
    {first}
    b1 = {b1}
    {second}
    b2 = np.zeros((n_y, 1))
    return {{"W1": W1, "b1": b1, "W2": W2, "b2": b2}}
"""
_W1 = "W1 = np.random.randn(n_h, n_x) * 0.01"
_W2 = "W2 = np.random.randn(n_y, n_h) * 0.01"


def _init(first: str = _W1, second: str = _W2, b1: str = "np.zeros((n_h, 1))") -> str:
    return _INIT.format(first=first, second=second, b1=b1)


INITIALIZE_PARAMETERS_MISTAKES = {
    "zero_weights": _init(first="W1 = np.zeros((n_h, n_x))", second="W2 = np.zeros((n_y, n_h))"),
    "no_0.01_scaling": _init(
        first="W1 = np.random.randn(n_h, n_x)", second="W2 = np.random.randn(n_y, n_h)"
    ),
    "swapped_weight_shapes": _init(
        first="W1 = np.random.randn(n_x, n_h) * 0.01",
        second="W2 = np.random.randn(n_h, n_y) * 0.01",
    ),
    "bias_as_a_row": _init(b1="np.zeros((1, n_h))"),
    "W2_drawn_before_W1": _init(first=_W2, second=_W1),
}

_FORWARD = """def forward_propagation(X, parameters):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + {b1}
    A1 = {hidden}
    Z2 = np.dot(W2, A1) + b2
    A2 = {output}
    cache = {cache}
    return A2, cache
"""


def _forward_cell(
    b1: str = "b1",
    hidden: str = "np.tanh(Z1)",
    output: str = "1 / (1 + np.exp(-Z2))",
    cache: str = '{"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
) -> str:
    return _FORWARD.format(b1=b1, hidden=hidden, output=output, cache=cache)


FORWARD_PROPAGATION_MISTAKES = {
    "sigmoid_in_the_hidden_layer": _forward_cell(hidden="1 / (1 + np.exp(-Z1))"),
    "relu_in_the_hidden_layer": _forward_cell(hidden="np.maximum(0, Z1)"),
    "tanh_at_the_output": _forward_cell(output="np.tanh(Z2)"),
    "cache_without_Z1_Z2": _forward_cell(cache='{"A1": A1, "A2": A2}'),
    "forgets_b1": _forward_cell(b1="0"),
}

_COST = """def compute_cost(A2, Y):
    m = Y.shape[1]
    cost = {cost}
    return {result}
"""
_CROSS_ENTROPY = "-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m"


def _cost(cost: str = _CROSS_ENTROPY, result: str = "float(cost)") -> str:
    return _COST.format(cost=cost, result=result)


COMPUTE_COST_MISTAKES = {
    "no_one_over_m": _cost(cost="-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))"),
    "only_the_log_A2_term": _cost(cost="-np.sum(Y * np.log(A2)) / m"),
    "returns_a_1x1_array": _cost(
        cost="-(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m",
        result="cost",
    ),
    "missing_minus_sign": _cost(cost="np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m"),
}

_BACKWARD = """def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = {dW2}
    db2 = {db2}
    dZ1 = {dZ1}
    dW1 = {dW1}
    db1 = {db1}
    return {{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}}
"""


_BACKWARD_PARTS = {
    "dW2": "np.dot(dZ2, A1.T) / m",
    "db2": "np.sum(dZ2, axis=1, keepdims=True) / m",
    "dZ1": "np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))",
    "dW1": "np.dot(dZ1, X.T) / m",
    "db1": "np.sum(dZ1, axis=1, keepdims=True) / m",
}


def _backward(**changes: str) -> str:
    return variant(_BACKWARD, _BACKWARD_PARTS, **changes)


BACKWARD_PROPAGATION_MISTAKES = {
    "forgets_the_tanh_derivative": _backward(dZ1="np.dot(W2.T, dZ2)"),
    "tanh_derivative_not_squared": _backward(dZ1="np.dot(W2.T, dZ2) * (1 - A1)"),
    "no_one_over_m": _backward(
        dW2="np.dot(dZ2, A1.T)",
        db2="np.sum(dZ2, axis=1, keepdims=True)",
        dW1="np.dot(dZ1, X.T)",
        db1="np.sum(dZ1, axis=1, keepdims=True)",
    ),
    "db_without_keepdims": _backward(db2="np.sum(dZ2, axis=1) / m", db1="np.sum(dZ1, axis=1) / m"),
    "A1_instead_of_its_transpose": _backward(dW2="np.dot(A1, dZ2.T) / m"),
}

_UPDATE = """def update_parameters(parameters, grads, learning_rate=1.2):
{body}
"""
_UPDATE_NEW = """    W1 = parameters["W1"] {sign} {rate} * grads["dW1"]
    b1 = parameters["b1"] {sign} {rate} * grads["db1"]
    W2 = parameters["W2"] {sign} {rate} * grads["dW2"]
    b2 = {b2}
    return {{"W1": W1, "b1": b1, "W2": W2, "b2": b2}}"""


def _update(sign: str = "-", rate: str = "learning_rate", b2: str = "") -> str:
    b2 = b2 or f'parameters["b2"] {sign} {rate} * grads["db2"]'
    return _UPDATE.format(body=_UPDATE_NEW.format(sign=sign, rate=rate, b2=b2))


_IN_PLACE_BODY = """    {start}
    for name in ("W1", "b1", "W2", "b2"):
        new[name] -= learning_rate * grads["d" + name]
    return new"""

UPDATE_PARAMETERS_MISTAKES = {
    "plus_instead_of_minus": _update(sign="+"),
    "hard_coded_learning_rate": _update(rate="1.2"),
    "forgets_b2": _update(b2='parameters["b2"]'),
    "updates_the_callers_arrays_in_place": _UPDATE.format(
        body=_IN_PLACE_BODY.format(start="new = parameters")
    ),
    "shallow_copy_then_in_place": _UPDATE.format(
        body=_IN_PLACE_BODY.format(start="new = parameters.copy()")
    ),
}

_NN_MODEL = """def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    {sizes}
    {seed}
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range({iterations}):
        {reinit}
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        {update}
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {{i}}: {{cost:.6f}}")
    return parameters
"""


_NN_MODEL_PARTS = {
    "sizes": "n_x, _, n_y = layer_sizes(X, Y)",
    "seed": "pass",
    "iterations": "num_iterations",
    "reinit": "pass",
    "update": "parameters = update_parameters(parameters, grads)",
}


def _nn_model(**changes: str) -> str:
    return variant(_NN_MODEL, _NN_MODEL_PARTS, **changes)


NN_MODEL_MISTAKES = {
    "ignores_n_h": _nn_model(sizes="n_x, n_h, n_y = layer_sizes(X, Y)"),
    "ignores_num_iterations": _nn_model(iterations="10000"),
    "never_updates": _nn_model(update="update_parameters(parameters, grads)"),
    "seeds_inside": _nn_model(seed="np.random.seed(3)"),
    "reinitialises_every_iteration": _nn_model(
        reinit="parameters = initialize_parameters(n_x, n_h, n_y)"
    ),
}

_PREDICT = """def predict(parameters, X):
    A2, cache = forward_propagation(X, parameters)
    return {result}
"""

PREDICT_MISTAKES = {
    "threshold_on_Z2": _PREDICT.format(result='(cache["Z2"] > 0.5).astype(int)'),
    "greater_or_equal": _PREDICT.format(result="(A2 >= 0.5).astype(int)"),
    "threshold_at_zero": _PREDICT.format(result="(A2 > 0).astype(int)"),
    "returns_probabilities": _PREDICT.format(result="A2"),
    "flat_shape": _PREDICT.format(result="(A2 > 0.5).astype(int).ravel()"),
}


# --------------------------------------------------------------------------- the spec

EXERCISES = {
    "layer_sizes": ExerciseSpec(cases=layer_sizes_cases, mistakes=LAYER_SIZES_MISTAKES),
    "initialize_parameters": ExerciseSpec(
        cases=initialize_parameters_cases, mistakes=INITIALIZE_PARAMETERS_MISTAKES
    ),
    "forward_propagation": ExerciseSpec(
        cases=forward_propagation_cases, mistakes=FORWARD_PROPAGATION_MISTAKES
    ),
    "compute_cost": ExerciseSpec(cases=compute_cost_cases, mistakes=COMPUTE_COST_MISTAKES),
    "backward_propagation": ExerciseSpec(
        cases=backward_propagation_cases, mistakes=BACKWARD_PROPAGATION_MISTAKES
    ),
    "update_parameters": ExerciseSpec(
        cases=update_parameters_cases, mistakes=UPDATE_PARAMETERS_MISTAKES
    ),
    "nn_model": ExerciseSpec(
        cases=nn_model_cases,
        depends=(
            "layer_sizes",
            "initialize_parameters",
            "forward_propagation",
            "compute_cost",
            "backward_propagation",
            "update_parameters",
        ),
        mistakes=NN_MODEL_MISTAKES,
        rtol=1e-5,
        atol=1e-7,
        timeout_s=30.0,
    ),
    "predict": ExerciseSpec(
        cases=predict_cases, depends=("forward_propagation",), mistakes=PREDICT_MISTAKES
    ),
}
