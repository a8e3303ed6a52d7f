"""Hidden grader spec of c1w4a1, "Building a deep neural network step by step".

The cases go beyond the public tests: more layer sizes (including [5, 4, 3] and
[7, 1]), networks of one to four layers, single examples, non-square shapes,
saturated activations and labels that are all equal. The initialisers run right
after `np.random.seed(Case.np_seed)` with seeds other than the notebook's, so an
initialiser that seeds itself fails. Functions returning caches are compared on
the whole output, caches included. Every mistake is an edit of the notebook's
own solution, a slip learners really make, and must lose the exercise's points.
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise, like, random_labels, random_parameters
from shared_utils.dnn_utils import relu, sigmoid

# Working versions of this notebook's graded functions (handed to c1w4a2).
ANSWER_MODULES = ("shared_utils.dnn_app_utils",)
SEED = 4141


# --------------------------------------------------------------------------- helpers


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


def _linear_cache(
    rng: np.random.Generator, n: int, n_prev: int, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(A_prev, W, b): inputs (n_prev, m) and one random layer of n units."""
    A_prev = rng.normal(size=(n_prev, m))
    layer = random_parameters(rng, [n_prev, n])
    return A_prev, layer["W1"], layer["b1"]


_ONE_OVER_M = "exactly m times too large: is the 1/m missing?"
_MINUS = "the cross-entropy has a minus sign in front: the cost is positive"
_DESCENT = "gradient descent steps against the gradient: subtract learning_rate * gradient"
_UNIFORM = "np.random.rand draws uniformly from [0, 1); the lesson draws from np.random.randn"
_KEEPDIMS = "without keepdims=True db has shape (n,) instead of the column (n, 1)"


# --------------------------------------------------------------------------- initialisation


@exercise(
    mistakes={
        "zero_weights": edit(
            [
                ("np.random.randn(n_h, n_x) * 0.01", "np.zeros((n_h, n_x))"),
                ("np.random.randn(n_y, n_h) * 0.01", "np.zeros((n_y, n_h))"),
            ],
            hint="the weights are random (np.random.randn * 0.01); only the biases start at 0",
        ),
        "no_0.01_scale": edit(
            " * 0.01",
            "",
            every=True,
            hint="exactly 100 times too large: multiply the random weights by 0.01",
        ),
        "weight_shapes_swapped": edit(
            [("randn(n_h, n_x)", "randn(n_x, n_h)"), ("randn(n_y, n_h)", "randn(n_h, n_y)")],
            hint="W1 has shape (n_h, n_x) and W2 (n_y, n_h): one row per unit",
        ),
        "bias_as_a_row": edit(
            [
                ("np.zeros((n_h, 1))", "np.zeros((1, n_h))"),
                ("np.zeros((n_y, 1))", "np.zeros((1, n_y))"),
            ],
            hint="the biases are columns: b1 has shape (n_h, 1), b2 (n_y, 1)",
        ),
        "uniform_instead_of_normal": edit(
            "np.random.randn(", "np.random.rand(", every=True, hint=_UNIFORM
        ),
    },
)
def initialize_parameters(rng: np.random.Generator) -> list[Case]:
    sizes = [(3, 2, 1), (5, 4, 3), (1, 1, 1), (10, 7, 2), (2, 6, 4), (4, 4, 4)]
    return [
        Case(f"n_x = {n_x}, n_h = {n_h}, n_y = {n_y}", (n_x, n_h, n_y), np_seed=draw_seed(rng))
        for n_x, n_h, n_y in sizes
    ]


_LAYER_SHAPE = "(layer_dims[layer], layer_dims[layer - 1])"


@exercise(
    mistakes={
        "loop_starts_at_layer_0": edit(
            "range(1, L + 1)",
            "range(0, L + 1)",
            hint="layers are numbered from 1: W1 is the first weight matrix",
        ),
        "loop_misses_the_last_layer": edit(
            "range(1, L + 1)",
            "range(1, L)",
            hint="the last layer is missing: the loop runs over layers 1 to L included",
        ),
        "same_size_used_twice": edit(_LAYER_SHAPE, "(layer_dims[layer], layer_dims[layer])"),
        "rows_and_columns_swapped": edit(
            _LAYER_SHAPE,
            "(layer_dims[layer - 1], layer_dims[layer])",
            hint="Wl has shape (layer_dims[l], layer_dims[l - 1]): one row per unit of layer l",
        ),
        "no_0.01_scale": edit(
            " * 0.01",
            "",
            hint="exactly 100 times too large: multiply the random weights by 0.01",
        ),
    },
)
def initialize_parameters_deep(rng: np.random.Generator) -> list[Case]:
    dims = [[5, 4, 3], [7, 1], [4, 6, 5, 3, 1], [2, 2], [12, 8, 1], [3, 5, 2, 4]]
    return [Case(f"layer_dims = {d}", (d,), np_seed=draw_seed(rng)) for d in dims]


# --------------------------------------------------------------------------- forward pass


@exercise(
    mistakes={
        "W_transposed": edit("np.dot(W, A)", "np.dot(W.T, A)"),
        "cache_order_W_A_b": edit(
            "cache = (A, W, b)",
            "cache = (W, A, b)",
            hint="the cache is the tuple (A, W, b), in this order",
        ),
        "bias_forgotten": edit(
            "np.dot(W, A) + b", "np.dot(W, A)", hint="b is missing: Z = W A + b"
        ),
        "element_wise_product": edit("np.dot(W, A) + b", "np.sum(W * A.T) + b"),
    },
)
def linear_forward(rng: np.random.Generator) -> list[Case]:
    shapes = [  # (n, n_prev, m)
        ((2, 4, 3), "4 inputs, 2 units, 3 examples"),
        ((3, 5, 1), "a single example"),
        ((1, 6, 4), "a single unit"),
        ((3, 3, 3), "square W and A"),
        ((4, 2, 50), "50 examples"),
        ((5, 1, 2), "a single input feature"),
    ]
    return [Case(label, _linear_cache(rng, n, n_prev, m)) for (n, n_prev, m), label in shapes]


_CACHE = "cache = (linear_cache, activation_cache)"


@exercise(
    depends=("linear_forward",),
    mistakes={
        "activations_swapped": edit(
            [
                ("= sigmoid(Z)", "= SWAPPED(Z)"),
                ("= relu(Z)", "= sigmoid(Z)"),
                ("= SWAPPED(Z)", "= relu(Z)"),
            ],
            hint='sigmoid and relu are swapped: activation="sigmoid" applies sigmoid(Z)',
        ),
        "cache_order_reversed": edit(
            _CACHE,
            "cache = (activation_cache, linear_cache)",
            hint="the cache is (linear_cache, activation_cache): the linear cache first",
        ),
        "caches_A_instead_of_Z": edit(
            _CACHE,
            "cache = (linear_cache, A)",
            hint="the activation cache is Z, the second thing sigmoid and relu return, not A",
        ),
        "sigmoid_for_both": edit(
            "A, activation_cache = relu(Z)",
            "A, activation_cache = sigmoid(Z)",
            hint='activation="relu" applies relu(Z)',
        ),
    },
)
def linear_activation_forward(rng: np.random.Generator) -> list[Case]:
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


@exercise(
    depends=("linear_forward", "linear_activation_forward"),
    mistakes={
        "relu_on_the_output_layer": edit(
            '(A, W, b, "sigmoid")',
            '(A, W, b, "relu")',
            hint="the output layer uses the sigmoid; ReLU is for the hidden layers",
        ),
        "sigmoid_everywhere": edit(
            '(A_prev, W, b, "relu")',
            '(A_prev, W, b, "sigmoid")',
            hint="the hidden layers use ReLU; only the output layer uses the sigmoid",
        ),
        "one_hidden_layer_skipped": edit(
            "range(1, L)",
            "range(1, L - 1)",
            hint="a hidden layer is missing: the loop runs over layers 1 to L - 1",
        ),
        "output_cache_not_kept": edit(
            "    caches.append(cache)\n    return AL, caches",
            "    return AL, caches",
            hint="keep the output layer's cache too: caches holds one cache per layer",
        ),
    },
)
def L_model_forward(rng: np.random.Generator) -> list[Case]:
    networks = [
        ([7, 1], 4, "one layer [7, 1], 4 examples"),
        ([5, 4, 3], 6, "two layers [5, 4, 3] with three sigmoid outputs"),
        ([4, 5, 1], 1, "two layers [4, 5, 1], a single example"),
        ([3, 4, 2, 1], 10, "three layers [3, 4, 2, 1], 10 examples"),
        ([6, 5, 4, 3, 1], 8, "four layers [6, 5, 4, 3, 1], 8 examples"),
    ]
    return [
        Case(label, (rng.normal(size=(dims[0], m)), random_parameters(rng, dims)))
        for dims, m, label in networks
    ]


# --------------------------------------------------------------------------- cost


@exercise(
    mistakes={
        "sum_without_1_over_m": edit(")) / m", "))", hint=_ONE_OVER_M),
        "wrong_sign": edit("cost = -np.sum(", "cost = np.sum(", hint=_MINUS),
        "only_the_label_1_term": edit(
            " + (1 - Y) * np.log(1 - AL)",
            "",
            hint="the (1 - Y) * log(1 - AL) term is missing: examples labelled 0 cost nothing",
        ),
        "dot_products_not_squeezed": edit(
            [
                (
                    "-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m",
                    "-(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m",
                ),
                ("cost = np.squeeze(cost)", "cost = cost"),
            ],
            hint="the cost is a single number: np.squeeze the (1, 1) result",
        ),
    },
)
def compute_cost(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "8 examples",
            (rng.uniform(0.05, 0.95, size=(1, 8)), random_labels(rng, 8).astype(float)),
        ),
        Case("a single example", (np.array([[0.73]]), np.array([[0.0]]))),
        Case("all labels 1", (rng.uniform(0.2, 0.99, size=(1, 5)), np.ones((1, 5)))),
        Case("all labels 0", (rng.uniform(0.01, 0.8, size=(1, 5)), np.zeros((1, 5)))),
        Case(
            "almost perfect predictions",
            (np.array([[0.999, 0.001, 0.998, 0.002]]), np.array([[1, 0, 1, 0]])),
        ),
        Case(
            "integer labels, 100 examples",
            (rng.uniform(0.01, 0.99, size=(1, 100)), random_labels(rng, 100)),
        ),
    ]


# --------------------------------------------------------------------------- backward pass


@exercise(
    mistakes={
        "divides_by_m_twice": edit(
            ") / m",
            ") / m / m",
            every=True,
            hint="exactly m times too small: divide by m once",
        ),
        "db_without_keepdims": edit(", keepdims=True", "", hint=_KEEPDIMS),
        "A_prev_not_transposed": edit(
            "np.dot(dZ, A_prev.T)",
            "np.dot(dZ, A_prev)",
            hint="dW = dZ A_prev^T / m: transpose A_prev",
        ),
        "W_not_transposed": edit(
            "np.dot(W.T, dZ)", "np.dot(W, dZ)", hint="dA_prev = W^T dZ: transpose W"
        ),
        "no_average_over_m": edit(") / m", ")", every=True, hint=_ONE_OVER_M),
    },
)
def linear_backward(rng: np.random.Generator) -> list[Case]:
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


_RELU_BACK = "relu_backward(dA, activation_cache)"
_SIGMOID_BACK = "sigmoid_backward(dA, activation_cache)"


@exercise(
    depends=("linear_backward",),
    mistakes={
        "derivatives_swapped": edit(
            [(_RELU_BACK, "SWAPPED"), (_SIGMOID_BACK, _RELU_BACK), ("SWAPPED", _SIGMOID_BACK)],
            hint="relu_backward and sigmoid_backward are swapped",
        ),
        "activation_derivative_skipped": edit(
            [(_RELU_BACK, "dA"), (_SIGMOID_BACK, "dA")],
            hint="go back through the activation first: dZ = relu_backward(dA, ...) "
            "or sigmoid_backward(dA, ...)",
        ),
        "sigmoid_derivative_of_Z_not_of_sigmoid": edit(
            _SIGMOID_BACK,
            "dA * activation_cache * (1 - activation_cache)",
            hint="the activation cache holds Z, not sigmoid(Z): use sigmoid_backward",
        ),
    },
)
def linear_activation_backward(rng: np.random.Generator) -> list[Case]:
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


@exercise(
    depends=("linear_backward", "linear_activation_backward"),
    mistakes={
        "next_layer_cache_in_the_loop": edit(
            "caches[layer - 1]",
            "caches[layer]",
            hint="the cache of layer l is caches[l - 1]: the list starts with layer 1",
        ),
        "dAL_sign_flipped": edit(
            "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
            "dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)",
            hint="dAL = -(Y / AL - (1 - Y) / (1 - AL)): mind the leading minus",
        ),
        "gradient_keys_off_by_one": edit(
            [
                ('grads["dW" + str(layer)] = dW', 'grads["dW" + str(layer - 1)] = dW'),
                ('grads["db" + str(layer)] = db', 'grads["db" + str(layer - 1)] = db'),
            ],
            hint='the gradients of layer l go under "dW" + str(l) and "db" + str(l)',
        ),
        "relu_derivative_on_the_output": edit(
            'caches[L - 1], "sigmoid")',
            'caches[L - 1], "relu")',
            hint='the output layer is a sigmoid layer: go back through it with "sigmoid"',
        ),
    },
)
def L_model_backward(rng: np.random.Generator) -> list[Case]:
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
        AL, caches = _forward(X, random_parameters(rng, dims))
        Y = np.ones((1, m)) if "all labels 1" in label else random_labels(rng, m).astype(float)
        cases.append(Case(label, (AL, Y, caches)))
    return cases


# --------------------------------------------------------------------------- update

_STEP_W = "parameters[W] = parameters[W] - learning_rate"
_STEP_B = "parameters[b] = parameters[b] - learning_rate"


@exercise(
    mistakes={
        "plus_instead_of_minus": edit(
            "] - learning_rate", "] + learning_rate", every=True, hint=_DESCENT
        ),
        "updates_in_place_through_a_shallow_copy": edit(
            [
                ("copy.deepcopy(params)", "params.copy()"),
                (_STEP_W, "parameters[W] -= learning_rate"),
                (_STEP_B, "parameters[b] -= learning_rate"),
            ]
        ),
        "changes_the_callers_dict": edit("copy.deepcopy(params)", "params"),
        "only_weights_updated": edit(
            '        parameters[b] = parameters[b] - learning_rate * grads["d" + b]\n',
            "",
            hint="the biases take a gradient step too",
        ),
    },
)
def update_parameters(rng: np.random.Generator) -> list[Case]:
    networks = [
        ([3, 1], 0.5, "one layer [3, 1]"),
        ([4, 3, 1], 0.0075, "two layers [4, 3, 1]"),
        ([5, 4, 3], 1.2, "two layers [5, 4, 3]"),
        ([2, 2, 2], 0.05, "two square layers [2, 2, 2]"),
        ([3, 4, 2, 3, 1], 0.1, "four layers [3, 4, 2, 3, 1]"),
    ]
    cases = []
    for dims, lr, what in networks:
        params = random_parameters(rng, dims)
        grads = like(rng, params, scale=1.0)
        for layer in range(1, len(dims)):  # L_model_backward's dA entries, unused here
            grads[f"dA{layer - 1}"] = rng.normal(size=(dims[layer - 1], 2))
        cases.append(Case(f"{what}, learning_rate = {lr}", (params, grads, lr)))
    return cases
