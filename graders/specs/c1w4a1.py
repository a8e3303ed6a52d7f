"""Hidden grader spec of c1w4a1, "Building a deep neural network step by step".

The cases go beyond the public tests: more layer sizes (including [5, 4, 3] and
[7, 1]), networks of one to four layers, single examples, non-square shapes,
saturated activations and labels that are all equal. The initialisers run right
after `np.random.seed(Case.np_seed)` with seeds other than the notebook's, so an
initialiser that seeds itself fails. Functions returning caches are compared on
the whole output, caches included. Every mistake is a whole replacement cell, a
slip learners really make, and must lose the exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, draw_seed
from shared_utils.dnn_utils import relu, sigmoid

PREAMBLE = (
    "import copy\n"
    "import numpy as np\n"
    "from shared_utils.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward\n"
)
SEED = 4141


# --------------------------------------------------------------------------- helpers


def _params(rng: np.random.Generator, layer_dims: list[int]) -> dict[str, np.ndarray]:
    """Weights of a moderate scale (some ReLUs on, some off) and non-zero biases."""
    params = {}
    for layer in range(1, len(layer_dims)):
        n, n_prev = layer_dims[layer], layer_dims[layer - 1]
        params[f"W{layer}"] = rng.normal(0.0, 1.5 / np.sqrt(n_prev), size=(n, n_prev))
        params[f"b{layer}"] = rng.normal(0.0, 0.3, size=(n, 1))
    return params


def _forward(X: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, list]:
    """(AL, caches) of a ReLU network with a sigmoid output, in the notebook's cache layout."""
    L = len(params) // 2
    A, caches = X, []
    for layer in range(1, L + 1):
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        Z = W @ A + b
        caches.append(((A, W, b), Z))
        A = sigmoid(Z)[0] if layer == L else relu(Z)[0]
    return A, caches


def _labels(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    return rng.integers(0, 2, size=shape).astype(float)


def _linear_cache(
    rng: np.random.Generator, n: int, n_prev: int, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        rng.normal(size=(n_prev, m)),
        rng.normal(0.0, 1.0 / np.sqrt(n_prev), size=(n, n_prev)),
        rng.normal(0.0, 0.5, size=(n, 1)),
    )


# --------------------------------------------------------------------------- initialisation


def initialize_parameters_cases(rng: np.random.Generator) -> list[Case]:
    sizes = [(3, 2, 1), (5, 4, 3), (1, 1, 1), (10, 7, 2), (2, 6, 4), (4, 4, 4)]
    return [
        Case(f"n_x = {n_x}, n_h = {n_h}, n_y = {n_y}", (n_x, n_h, n_y), np_seed=draw_seed(rng))
        for n_x, n_h, n_y in sizes
    ]


def initialize_parameters_deep_cases(rng: np.random.Generator) -> list[Case]:
    dims = [[5, 4, 3], [7, 1], [4, 6, 5, 3, 1], [2, 2], [12, 8, 1], [3, 5, 2, 4]]
    return [Case(f"layer_dims = {d}", (d,), np_seed=draw_seed(rng)) for d in dims]


# --------------------------------------------------------------------------- forward pass


def linear_forward_cases(rng: np.random.Generator) -> list[Case]:
    shapes = [  # (n, n_prev, m)
        ((2, 4, 3), "4 inputs, 2 units, 3 examples"),
        ((3, 5, 1), "a single example"),
        ((1, 6, 4), "a single unit"),
        ((3, 3, 3), "square W and A"),
        ((4, 2, 50), "50 examples"),
        ((5, 1, 2), "a single input feature"),
    ]
    return [Case(label, _linear_cache(rng, n, n_prev, m)) for (n, n_prev, m), label in shapes]


def linear_activation_forward_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for activation in ("sigmoid", "relu"):
        for (n, n_prev, m), what in [
            ((3, 4, 5), "3 units, 5 examples"),
            ((2, 3, 1), "a single example"),
            ((1, 2, 6), "a single unit"),
        ]:
            A_prev, W, b = _linear_cache(rng, n, n_prev, m)
            cases.append(Case(f"{activation}, {what}", (A_prev, W, b, activation)))
    A_prev, W, b = _linear_cache(rng, 4, 3, 4)
    cases.append(Case("sigmoid, large pre-activations", (10 * A_prev, 3 * W, b, "sigmoid")))
    cases.append(Case("relu, large pre-activations", (10 * A_prev, 3 * W, b, "relu")))
    return cases


def L_model_forward_cases(rng: np.random.Generator) -> list[Case]:
    networks = [
        ([7, 1], 4, "one layer [7, 1], 4 examples"),
        ([5, 4, 3], 6, "two layers [5, 4, 3] with three sigmoid outputs"),
        ([4, 5, 1], 1, "two layers [4, 5, 1], a single example"),
        ([3, 4, 2, 1], 10, "three layers [3, 4, 2, 1], 10 examples"),
        ([6, 5, 4, 3, 1], 8, "four layers [6, 5, 4, 3, 1], 8 examples"),
    ]
    return [
        Case(label, (rng.normal(size=(dims[0], m)), _params(rng, dims)))
        for dims, m, label in networks
    ]


# --------------------------------------------------------------------------- cost


def compute_cost_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case("8 examples", (rng.uniform(0.05, 0.95, size=(1, 8)), _labels(rng, (1, 8)))),
        Case("a single example", (np.array([[0.73]]), np.array([[0.0]]))),
        Case("all labels 1", (rng.uniform(0.2, 0.99, size=(1, 5)), np.ones((1, 5)))),
        Case("all labels 0", (rng.uniform(0.01, 0.8, size=(1, 5)), np.zeros((1, 5)))),
        Case(
            "almost perfect predictions",
            (np.array([[0.999, 0.001, 0.998, 0.002]]), np.array([[1, 0, 1, 0]])),
        ),
        Case(
            "integer labels, 100 examples",
            (rng.uniform(0.01, 0.99, size=(1, 100)), rng.integers(0, 2, size=(1, 100))),
        ),
    ]


# --------------------------------------------------------------------------- backward pass


def linear_backward_cases(rng: np.random.Generator) -> list[Case]:
    shapes = [  # (n, n_prev, m)
        ((3, 4, 5), "3 units, 4 inputs, 5 examples"),
        ((2, 3, 1), "a single example"),
        ((1, 5, 4), "a single unit"),
        ((3, 3, 3), "square W and A_prev"),
        ((4, 2, 40), "40 examples"),
        ((2, 6, 2), "more inputs than examples"),
    ]
    cases = []
    for (n, n_prev, m), label in shapes:
        cache = _linear_cache(rng, n, n_prev, m)
        cases.append(Case(label, (rng.normal(size=(n, m)), cache)))
    return cases


def linear_activation_backward_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for activation in ("relu", "sigmoid"):
        for (n, n_prev, m), what in [
            ((3, 4, 5), "3 units, 5 examples"),
            ((2, 3, 1), "a single example"),
            ((1, 2, 6), "a single unit"),
        ]:
            A_prev, W, b = _linear_cache(rng, n, n_prev, m)
            Z = W @ A_prev + b
            dA = rng.normal(size=(n, m))
            cases.append(Case(f"{activation}, {what}", (dA, ((A_prev, W, b), Z), activation)))
    return cases


def L_model_backward_cases(rng: np.random.Generator) -> list[Case]:
    networks = [
        ([7, 1], 4, "one layer [7, 1], 4 examples"),
        ([4, 5, 1], 1, "two layers [4, 5, 1], a single example"),
        ([3, 4, 2, 1], 5, "three layers [3, 4, 2, 1], 5 examples"),
        ([6, 5, 4, 3, 1], 8, "four layers [6, 5, 4, 3, 1], 8 examples"),
        ([2, 3, 1], 6, "two layers [2, 3, 1], all labels 1"),
    ]
    cases = []
    for dims, m, label in networks:
        X = rng.normal(size=(dims[0], m))
        AL, caches = _forward(X, _params(rng, dims))
        Y = np.ones((1, m)) if "all labels 1" in label else _labels(rng, (1, m))
        cases.append(Case(label, (AL, Y, caches)))
    return cases


def update_parameters_cases(rng: np.random.Generator) -> list[Case]:
    networks = [
        ([3, 1], 0.5, "one layer [3, 1]"),
        ([4, 3, 1], 0.0075, "two layers [4, 3, 1]"),
        ([5, 4, 3], 1.2, "two layers [5, 4, 3]"),
        ([2, 2, 2], 0.05, "two square layers [2, 2, 2]"),
        ([3, 4, 2, 3, 1], 0.1, "four layers [3, 4, 2, 3, 1]"),
    ]
    cases = []
    for dims, lr, what in networks:
        params = _params(rng, dims)
        grads = {}
        for layer in range(1, len(dims)):
            grads[f"dA{layer - 1}"] = rng.normal(size=(dims[layer - 1], 2))
            grads[f"dW{layer}"] = rng.normal(size=params[f"W{layer}"].shape)
            grads[f"db{layer}"] = rng.normal(size=params[f"b{layer}"].shape)
        cases.append(Case(f"{what}, learning_rate = {lr}", (params, grads, lr)))
    return cases


# --------------------------------------------------------------------------- mistakes

_INIT_2 = (
    "def initialize_parameters(n_x, n_h, n_y):\n"
    "    W1 = {w1}\n"
    "    b1 = {b1}\n"
    "    W2 = {w2}\n"
    "    b2 = {b2}\n"
    '    return {{"W1": W1, "b1": b1, "W2": W2, "b2": b2}}\n'
)


def _init_2(
    w1: str = "np.random.randn(n_h, n_x) * 0.01",
    b1: str = "np.zeros((n_h, 1))",
    w2: str = "np.random.randn(n_y, n_h) * 0.01",
    b2: str = "np.zeros((n_y, 1))",
) -> str:
    return _INIT_2.format(w1=w1, b1=b1, w2=w2, b2=b2)


_INIT_DEEP = (
    "def initialize_parameters_deep(layer_dims):\n"
    "    parameters = {{}}\n"
    "    for l in {loop}:\n"
    '        parameters["W" + str(l)] = {w}\n'
    '        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))\n'
    "    return parameters\n"
)


def _init_deep(
    loop: str = "range(1, len(layer_dims))",
    w: str = "np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01",
) -> str:
    return _INIT_DEEP.format(loop=loop, w=w)


_LINEAR_ACTIVATION_FORWARD = (
    "def linear_activation_forward(A_prev, W, b, activation):\n"
    "    Z, linear_cache = linear_forward(A_prev, W, b)\n"
    '    if activation == "sigmoid":\n'
    "        A, activation_cache = {on_sigmoid}(Z)\n"
    '    elif activation == "relu":\n'
    "        A, activation_cache = {on_relu}(Z)\n"
    "    cache = {cache}\n"
    "    return A, cache\n"
)


def _linear_activation_forward(
    on_sigmoid: str = "sigmoid",
    on_relu: str = "relu",
    cache: str = "(linear_cache, activation_cache)",
) -> str:
    return _LINEAR_ACTIVATION_FORWARD.format(on_sigmoid=on_sigmoid, on_relu=on_relu, cache=cache)


_L_MODEL_FORWARD = (
    "def L_model_forward(X, parameters):\n"
    "    caches = []\n"
    "    A = X\n"
    "    L = len(parameters) // 2\n"
    "    for l in {loop}:\n"
    "        A_prev = A\n"
    "        A, cache = linear_activation_forward(\n"
    '            A_prev, parameters["W" + str(l)], parameters["b" + str(l)], "{hidden}"\n'
    "        )\n"
    "        caches.append(cache)\n"
    "    AL, cache = linear_activation_forward(\n"
    '        A, parameters["W" + str(L)], parameters["b" + str(L)], "{output}"\n'
    "    )\n"
    "    {append_last}\n"
    "    return AL, caches\n"
)


def _L_model_forward(
    loop: str = "range(1, L)",
    hidden: str = "relu",
    output: str = "sigmoid",
    append_last: str = "caches.append(cache)",
) -> str:
    return _L_MODEL_FORWARD.format(
        loop=loop, hidden=hidden, output=output, append_last=append_last
    )


_LINEAR_BACKWARD = (
    "def linear_backward(dZ, cache):\n"
    "    A_prev, W, b = cache\n"
    "    m = A_prev.shape[1]\n"
    "    dW = {dW}\n"
    "    db = {db}\n"
    "    dA_prev = {dA_prev}\n"
    "    return dA_prev, dW, db\n"
)


def _linear_backward(
    dW: str = "np.dot(dZ, A_prev.T) / m",
    db: str = "np.sum(dZ, axis=1, keepdims=True) / m",
    dA_prev: str = "np.dot(W.T, dZ)",
) -> str:
    return _LINEAR_BACKWARD.format(dW=dW, db=db, dA_prev=dA_prev)


_LINEAR_ACTIVATION_BACKWARD = (
    "def linear_activation_backward(dA, cache, activation):\n"
    "    linear_cache, activation_cache = cache\n"
    '    if activation == "relu":\n'
    "        dZ = {on_relu}\n"
    '    elif activation == "sigmoid":\n'
    "        dZ = {on_sigmoid}\n"
    "    return linear_backward(dZ, linear_cache)\n"
)


def _linear_activation_backward(
    on_relu: str = "relu_backward(dA, activation_cache)",
    on_sigmoid: str = "sigmoid_backward(dA, activation_cache)",
) -> str:
    return _LINEAR_ACTIVATION_BACKWARD.format(on_relu=on_relu, on_sigmoid=on_sigmoid)


_L_MODEL_BACKWARD = (
    "def L_model_backward(AL, Y, caches):\n"
    "    grads = {{}}\n"
    "    L = len(caches)\n"
    "    Y = Y.reshape(AL.shape)\n"
    "    dAL = {dAL}\n"
    '    dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "{output}")\n'
    '    grads["dA" + str(L - 1)] = dA_prev\n'
    '    grads["dW" + str(L)] = dW\n'
    '    grads["db" + str(L)] = db\n'
    "    for l in reversed(range(L - 1)):\n"
    "        dA_prev, dW, db = linear_activation_backward(\n"
    '            grads["dA" + str(l + 1)], {loop_cache}, "relu"\n'
    "        )\n"
    '        grads["dA" + str(l)] = dA_prev\n'
    '        grads["dW" + str({w_key})] = dW\n'
    '        grads["db" + str({w_key})] = db\n'
    "    return grads\n"
)


def _L_model_backward(
    dAL: str = "-(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
    output: str = "sigmoid",
    loop_cache: str = "caches[l]",
    w_key: str = "l + 1",
) -> str:
    return _L_MODEL_BACKWARD.format(dAL=dAL, output=output, loop_cache=loop_cache, w_key=w_key)


_UPDATE = (
    "def update_parameters(params, grads, learning_rate):\n"
    "    parameters = {copy}\n"
    "    L = len(parameters) // 2\n"
    "    for l in range(1, L + 1):\n"
    "{body}"
    "    return parameters\n"
)
_UPDATE_W = (
    '        parameters["W" + str(l)] = parameters["W" + str(l)] '
    '- learning_rate * grads["dW" + str(l)]\n'
)
_UPDATE_B = (
    '        parameters["b" + str(l)] = parameters["b" + str(l)] '
    '- learning_rate * grads["db" + str(l)]\n'
)


def _update(copy: str = "copy.deepcopy(params)", body: str = _UPDATE_W + _UPDATE_B) -> str:
    return _UPDATE.format(copy=copy, body=body)


_COST = (
    "def compute_cost(AL, Y):\n"
    "    m = Y.shape[1]\n"
    "    cost = {cost}\n"
    "    cost = {squeeze}\n"
    "    return cost\n"
)


def _cost(
    cost: str = "-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",
    squeeze: str = "np.squeeze(cost)",
) -> str:
    return _COST.format(cost=cost, squeeze=squeeze)


# --------------------------------------------------------------------------- the spec

EXERCISES: dict[str, ExerciseSpec] = {
    "initialize_parameters": ExerciseSpec(
        cases=initialize_parameters_cases,
        mistakes={
            "zero_weights": _init_2(w1="np.zeros((n_h, n_x))", w2="np.zeros((n_y, n_h))"),
            "no_0.01_scale": _init_2(
                w1="np.random.randn(n_h, n_x)", w2="np.random.randn(n_y, n_h)"
            ),
            "weight_shapes_swapped": _init_2(
                w1="np.random.randn(n_x, n_h) * 0.01", w2="np.random.randn(n_h, n_y) * 0.01"
            ),
            "bias_as_a_row": _init_2(b1="np.zeros((1, n_h))", b2="np.zeros((1, n_y))"),
            "uniform_instead_of_normal": _init_2(
                w1="np.random.rand(n_h, n_x) * 0.01", w2="np.random.rand(n_y, n_h) * 0.01"
            ),
        },
    ),
    "initialize_parameters_deep": ExerciseSpec(
        cases=initialize_parameters_deep_cases,
        mistakes={
            "loop_starts_at_layer_0": _init_deep(loop="range(len(layer_dims))"),
            "loop_misses_the_last_layer": _init_deep(loop="range(1, len(layer_dims) - 1)"),
            "same_size_used_twice": _init_deep(
                w="np.random.randn(layer_dims[l], layer_dims[l]) * 0.01"
            ),
            "rows_and_columns_swapped": _init_deep(
                w="np.random.randn(layer_dims[l - 1], layer_dims[l]) * 0.01"
            ),
            "no_0.01_scale": _init_deep(w="np.random.randn(layer_dims[l], layer_dims[l - 1])"),
        },
    ),
    "linear_forward": ExerciseSpec(
        cases=linear_forward_cases,
        mistakes={
            "W_transposed": (
                "def linear_forward(A, W, b):\n"
                "    Z = np.dot(W.T, A) + b\n"
                "    return Z, (A, W, b)\n"
            ),
            "cache_order_W_A_b": (
                "def linear_forward(A, W, b):\n    Z = np.dot(W, A) + b\n    return Z, (W, A, b)\n"
            ),
            "bias_forgotten": (
                "def linear_forward(A, W, b):\n    Z = np.dot(W, A)\n    return Z, (A, W, b)\n"
            ),
            "element_wise_product": (
                "def linear_forward(A, W, b):\n"
                "    Z = np.sum(W * A.T) + b\n"
                "    return Z, (A, W, b)\n"
            ),
        },
    ),
    "linear_activation_forward": ExerciseSpec(
        cases=linear_activation_forward_cases,
        depends=("linear_forward",),
        mistakes={
            "activations_swapped": _linear_activation_forward(
                on_sigmoid="relu", on_relu="sigmoid"
            ),
            "cache_order_reversed": _linear_activation_forward(
                cache="(activation_cache, linear_cache)"
            ),
            "caches_A_instead_of_Z": _linear_activation_forward(cache="(linear_cache, A)"),
            "sigmoid_for_both": _linear_activation_forward(on_relu="sigmoid"),
        },
    ),
    "L_model_forward": ExerciseSpec(
        cases=L_model_forward_cases,
        depends=("linear_forward", "linear_activation_forward"),
        mistakes={
            "relu_on_the_output_layer": _L_model_forward(output="relu"),
            "sigmoid_everywhere": _L_model_forward(hidden="sigmoid"),
            "one_hidden_layer_skipped": _L_model_forward(loop="range(1, L - 1)"),
            "output_cache_not_kept": _L_model_forward(append_last="pass"),
        },
    ),
    "compute_cost": ExerciseSpec(
        cases=compute_cost_cases,
        mistakes={
            "sum_without_1_over_m": _cost(
                cost="-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))"
            ),
            "wrong_sign": _cost(cost="np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m"),
            "only_the_label_1_term": _cost(cost="-np.sum(Y * np.log(AL)) / m"),
            "dot_products_not_squeezed": _cost(
                cost="-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m",
                squeeze="cost",
            ),
        },
    ),
    "linear_backward": ExerciseSpec(
        cases=linear_backward_cases,
        mistakes={
            "divides_by_m_twice": _linear_backward(
                dW="np.dot(dZ, A_prev.T) / m / m", db="np.sum(dZ, axis=1, keepdims=True) / m / m"
            ),
            "db_without_keepdims": _linear_backward(db="np.sum(dZ, axis=1) / m"),
            "A_prev_not_transposed": _linear_backward(dW="np.dot(dZ, A_prev) / m"),
            "W_not_transposed": _linear_backward(dA_prev="np.dot(W, dZ)"),
            "no_average_over_m": _linear_backward(
                dW="np.dot(dZ, A_prev.T)", db="np.sum(dZ, axis=1, keepdims=True)"
            ),
        },
    ),
    "linear_activation_backward": ExerciseSpec(
        cases=linear_activation_backward_cases,
        depends=("linear_backward",),
        mistakes={
            "derivatives_swapped": _linear_activation_backward(
                on_relu="sigmoid_backward(dA, activation_cache)",
                on_sigmoid="relu_backward(dA, activation_cache)",
            ),
            "activation_derivative_skipped": _linear_activation_backward(
                on_relu="dA", on_sigmoid="dA"
            ),
            "sigmoid_derivative_of_Z_not_of_sigmoid": _linear_activation_backward(
                on_sigmoid="dA * activation_cache * (1 - activation_cache)"
            ),
        },
    ),
    "L_model_backward": ExerciseSpec(
        cases=L_model_backward_cases,
        depends=("linear_backward", "linear_activation_backward"),
        mistakes={
            "next_layer_cache_in_the_loop": _L_model_backward(loop_cache="caches[l + 1]"),
            "dAL_sign_flipped": _L_model_backward(
                dAL="np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)"
            ),
            "gradient_keys_off_by_one": _L_model_backward(w_key="l"),
            "relu_derivative_on_the_output": _L_model_backward(output="relu"),
        },
    ),
    "update_parameters": ExerciseSpec(
        cases=update_parameters_cases,
        mistakes={
            "plus_instead_of_minus": _update(
                body=_UPDATE_W.replace("] - learning_rate", "] + learning_rate")
                + _UPDATE_B.replace("] - learning_rate", "] + learning_rate")
            ),
            "updates_in_place_through_a_shallow_copy": _update(
                copy="params.copy()",
                body=(
                    '        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]\n'
                    '        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]\n'
                ),
            ),
            "changes_the_callers_dict": _update(copy="params"),
            "only_weights_updated": _update(body=_UPDATE_W),
        },
    ),
}
