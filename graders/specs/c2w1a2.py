"""Hidden grader spec of c2w1a2, "Regularization".

The cases go beyond the public tests: the notebook's network [2, 20, 3, 1] and
others (wide, narrow, single units), single examples, lambdas from 0 to 5 and
keep_probs from 0.3 to 1. The dropout forward pass runs right after
`np.random.seed(Case.np_seed)` with seeds other than the notebook's and must draw
its masks with `np.random.rand`, D1 then D2 (the order the lesson states); the
dropout backward pass gets caches with masks drawn here. The mistakes are whole
replacement cells: the slips learners make with the penalty (biases
regularised, the wrong factor, a layer forgotten) and with dropout (no
rescaling, masks drawn in another order or kept with probability
1 - keep_prob, dropout on the output, the mask applied to the wrong layer).
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, ExerciseSpec, draw_seed, variant
from shared_utils import three_layer_net as net

PREAMBLE = "import numpy as np\nfrom shared_utils import three_layer_net as net\n"
SEED = 2102

_NETWORKS = [  # layer sizes, examples, label
    ([2, 20, 3, 1], 12, "the notebook's network [2, 20, 3, 1], 12 examples"),
    ([3, 4, 3, 1], 1, "[3, 4, 3, 1], a single example"),
    ([5, 2, 6, 1], 7, "[5, 2, 6, 1], 7 examples"),
    ([1, 1, 1, 1], 5, "single units [1, 1, 1, 1], 5 examples"),
    ([4, 8, 8, 1], 30, "[4, 8, 8, 1], 30 examples"),
]


def _parameters(rng: np.random.Generator, dims: list[int]) -> dict[str, np.ndarray]:
    """Weights of a moderate scale (some ReLUs on, some off) and non-zero biases."""
    params = {}
    for layer in range(1, 4):
        n, n_prev = dims[layer], dims[layer - 1]
        params[f"W{layer}"] = rng.normal(0.0, 1.5 / np.sqrt(n_prev), size=(n, n_prev))
        params[f"b{layer}"] = rng.normal(0.0, 0.3, size=(n, 1))
    return params


def _problem(
    rng: np.random.Generator, dims: list[int], m: int
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    X = rng.normal(size=(dims[0], m))
    Y = rng.integers(0, 2, size=(1, m))
    return X, Y, _parameters(rng, dims)


def _dropout_cache(
    rng: np.random.Generator, X: np.ndarray, params: dict[str, np.ndarray], keep_prob: float
) -> tuple[np.ndarray, ...]:
    """The cache of a dropout forward pass, with masks drawn from `rng`."""
    Z1 = params["W1"] @ X + params["b1"]
    D1 = (rng.random(Z1.shape) < keep_prob).astype(int)
    A1 = net.relu(Z1) * D1 / keep_prob
    Z2 = params["W2"] @ A1 + params["b2"]
    D2 = (rng.random(Z2.shape) < keep_prob).astype(int)
    A2 = net.relu(Z2) * D2 / keep_prob
    Z3 = params["W3"] @ A2 + params["b3"]
    A3 = net.sigmoid(Z3)
    return (Z1, D1, A1, params["W1"], params["b1"], Z2, D2, A2, params["W2"], params["b2"],
            Z3, A3, params["W3"], params["b3"])  # fmt: skip


# --------------------------------------------------------------------------- cases


def cost_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for (dims, m, label), lambd in zip(_NETWORKS, [0.7, 0.1, 5.0, 1.0, 0.0], strict=True):
        _, Y, params = _problem(rng, dims, m)
        A3 = rng.uniform(0.02, 0.98, size=(1, m))
        cases.append(Case(f"{label}, lambd = {lambd}", (A3, Y, params, lambd)))
    _, Y, params = _problem(rng, [2, 20, 3, 1], 40)
    A3 = rng.uniform(0.02, 0.98, size=(1, 40))
    cases.append(Case("40 examples, lambd = 0.35", (A3, Y, params, 0.35)))
    return cases


def backward_regularization_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for (dims, m, label), lambd in zip(_NETWORKS, [0.7, 2.0, 0.05, 1.0, 0.0], strict=True):
        X, Y, params = _problem(rng, dims, m)
        _, cache = net.forward_propagation(X, params)
        cases.append(Case(f"{label}, lambd = {lambd}", (X, Y, cache, lambd)))
    return cases


def forward_dropout_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for (dims, m, label), keep_prob in zip(_NETWORKS, [0.86, 0.5, 0.7, 0.9, 0.3], strict=True):
        X, _, params = _problem(rng, dims, m)
        cases.append(
            Case(
                f"{label}, keep_prob = {keep_prob}", (X, params, keep_prob), np_seed=draw_seed(rng)
            )
        )
    X, _, params = _problem(rng, [3, 6, 4, 1], 9)
    cases.append(Case("keep_prob = 1: nothing dropped", (X, params, 1.0), np_seed=draw_seed(rng)))
    cases.append(Case("keep_prob left at its default", (X, params), np_seed=draw_seed(rng)))
    return cases


def backward_dropout_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for (dims, m, label), keep_prob in zip(_NETWORKS, [0.86, 0.5, 0.7, 0.9, 0.3], strict=True):
        X, Y, params = _problem(rng, dims, m)
        cache = _dropout_cache(rng, X, params, keep_prob)
        cases.append(Case(f"{label}, keep_prob = {keep_prob}", (X, Y, cache, keep_prob)))
    return cases


# --------------------------------------------------------------------------- mistakes

_COST = (
    "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n"
    "    m = Y.shape[1]\n"
    '    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]\n'
    '    b1, b2, b3 = parameters["b1"], parameters["b2"], parameters["b3"]\n'
    "    cross_entropy_cost = net.compute_cost(A3, Y)\n"
    "    L2 = {factor} * ({sums})\n"
    "    return cross_entropy_cost + L2\n"
)
_COST_PARTS = {
    "factor": "lambd / (2 * m)",
    "sums": "np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3))",
}

_BACKWARD_L2 = (
    "def backward_propagation_with_regularization(X, Y, cache, lambd):\n"
    "    m = X.shape[1]\n"
    "    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache\n"
    "    dZ3 = A3 - Y\n"
    "    dW3 = np.dot(dZ3, A2.T) / m + {l2_3}\n"
    "    db3 = np.sum(dZ3, axis=1, keepdims=True) / m{l2_b}\n"
    "    dA2 = np.dot(W3.T, dZ3)\n"
    "    dZ2 = dA2 * (Z2 > 0)\n"
    "    dW2 = np.dot(dZ2, A1.T) / m + {l2_2}\n"
    "    db2 = np.sum(dZ2, axis=1, keepdims=True) / m\n"
    "    dA1 = np.dot(W2.T, dZ2)\n"
    "    dZ1 = dA1 * (Z1 > 0)\n"
    "    dW1 = np.dot(dZ1, X.T) / m + {l2_1}\n"
    "    db1 = np.sum(dZ1, axis=1, keepdims=True) / m\n"
    '    return {{"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,\n'
    '            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}}\n'
)
_BACKWARD_L2_PARTS = {
    "l2_3": "lambd / m * W3",
    "l2_2": "lambd / m * W2",
    "l2_1": "lambd / m * W1",
    "l2_b": "",
}

_FORWARD_DROPOUT = (
    "def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):\n"
    '    W1, b1 = parameters["W1"], parameters["b1"]\n'
    '    W2, b2 = parameters["W2"], parameters["b2"]\n'
    '    W3, b3 = parameters["W3"], parameters["b3"]\n'
    "{early}"
    "    Z1 = np.dot(W1, {inputs}) + b1\n"
    "    A1 = net.relu(Z1)\n"
    "    D1 = {draw1}\n"
    "    D1 = (D1 {keep} keep_prob).astype(int)\n"
    "    A1 = {scale1}\n"
    "    Z2 = np.dot(W2, A1) + b2\n"
    "    A2 = net.relu(Z2)\n"
    "    D2 = {draw2}\n"
    "    D2 = (D2 {keep} keep_prob).astype(int)\n"
    "    A2 = A2 * D2 / keep_prob\n"
    "    Z3 = np.dot(W3, A2) + b3\n"
    "    A3 = net.sigmoid(Z3){output}\n"
    "    return A3, {cache}\n"
)
_FORWARD_DROPOUT_PARTS = {
    "early": "",
    "inputs": "X",
    "draw1": "np.random.rand(A1.shape[0], A1.shape[1])",
    "keep": "<",
    "scale1": "A1 * D1 / keep_prob",
    "draw2": "np.random.rand(A2.shape[0], A2.shape[1])",
    "output": "",
    "cache": "(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)",
}

_BACKWARD_DROPOUT = (
    "def backward_propagation_with_dropout(X, Y, cache, keep_prob):\n"
    "    m = X.shape[1]\n"
    "    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache\n"
    "    dZ3 = A3 - Y\n"
    "    dW3 = np.dot(dZ3, A2.T) / m\n"
    "    db3 = np.sum(dZ3, axis=1, keepdims=True) / m\n"
    "    dA2 = np.dot(W3.T, dZ3)\n"
    "    dA2 = {mask2}\n"
    "    dZ2 = dA2 * (Z2 > 0)\n"
    "    dW2 = np.dot(dZ2, A1.T) / m\n"
    "    db2 = np.sum(dZ2, axis=1, keepdims=True) / m\n"
    "    dA1 = np.dot(W2.T, dZ2)\n"
    "    dA1 = {mask1}\n"
    "    dZ1 = dA1 * (Z1 > 0)\n"
    "    dW1 = np.dot(dZ1, X.T) / m\n"
    "    db1 = np.sum(dZ1, axis=1, keepdims=True) / m\n"
    '    return {{"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,\n'
    '            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}}\n'
)
_BACKWARD_DROPOUT_PARTS = {
    "mask2": "dA2 * D2 / keep_prob",
    "mask1": "dA1 * D1 / keep_prob",
}


def _cost(**changes: str) -> str:
    return variant(_COST, _COST_PARTS, **changes)


def _backward_l2(**changes: str) -> str:
    return variant(_BACKWARD_L2, _BACKWARD_L2_PARTS, **changes)


def _forward_dropout(**changes: str) -> str:
    return variant(_FORWARD_DROPOUT, _FORWARD_DROPOUT_PARTS, **changes)


def _backward_dropout(**changes: str) -> str:
    return variant(_BACKWARD_DROPOUT, _BACKWARD_DROPOUT_PARTS, **changes)


_ALL_SQUARED = _COST_PARTS["sums"]

EXERCISES: dict[str, ExerciseSpec] = {
    "compute_cost_with_regularization": ExerciseSpec(
        cases=cost_cases,
        mistakes={
            "biases_regularised_too": _cost(
                sums=_ALL_SQUARED + " + np.sum(np.square(b1)) + np.sum(np.square(b2))"
                " + np.sum(np.square(b3))"
            ),
            "lambda_over_m_instead_of_over_2m": _cost(factor="lambd / m"),
            "lambda_over_2_forgetting_m": _cost(factor="lambd / 2"),
            "last_layer_forgotten": _cost(sums="np.sum(np.square(W1)) + np.sum(np.square(W2))"),
            "weights_not_squared": _cost(sums="np.sum(W1) + np.sum(W2) + np.sum(W3)"),
            "norm_not_squared": _cost(
                sums="np.linalg.norm(W1) + np.linalg.norm(W2) + np.linalg.norm(W3)"
            ),
            "mean_instead_of_sum": _cost(
                sums="np.mean(np.square(W1)) + np.mean(np.square(W2)) + np.mean(np.square(W3))"
            ),
        },
    ),
    "backward_propagation_with_regularization": ExerciseSpec(
        cases=backward_regularization_cases,
        mistakes={
            "bias_gradient_regularised": _backward_l2(l2_b=" + lambd / m * b3"),
            "lambda_over_2m_in_the_gradient": _backward_l2(
                l2_3="lambd / (2 * m) * W3",
                l2_2="lambd / (2 * m) * W2",
                l2_1="lambd / (2 * m) * W1",
            ),
            "first_layer_forgotten": _backward_l2(l2_1="0"),
            "last_layer_forgotten": _backward_l2(l2_3="0"),
            "m_forgotten": _backward_l2(l2_3="lambd * W3", l2_2="lambd * W2", l2_1="lambd * W1"),
            "squared_weights_in_the_gradient": _backward_l2(
                l2_3="lambd / m * W3**2", l2_2="lambd / m * W2**2", l2_1="lambd / m * W1**2"
            ),
        },
    ),
    "forward_propagation_with_dropout": ExerciseSpec(
        cases=forward_dropout_cases,
        mistakes={
            "no_rescaling_by_keep_prob": _forward_dropout(scale1="A1 * D1"),
            "multiplied_by_keep_prob": _forward_dropout(scale1="A1 * D1 * keep_prob"),
            "keeps_with_probability_1_minus_keep_prob": _forward_dropout(keep=">"),
            "masks_drawn_in_the_wrong_order": _forward_dropout(
                early="    D2_draw = np.random.rand(W2.shape[0], X.shape[1])\n",
                draw2="D2_draw",
            ),
            "randn_instead_of_rand": _forward_dropout(
                draw1="np.random.randn(A1.shape[0], A1.shape[1])",
                draw2="np.random.randn(A2.shape[0], A2.shape[1])",
            ),
            "seeds_itself": _forward_dropout(early="    np.random.seed(1)\n"),
            "dropout_on_the_output_layer": _forward_dropout(
                output=" * (np.random.rand(1, X.shape[1]) < keep_prob) / keep_prob"
            ),
            "dropout_on_the_inputs": _forward_dropout(
                early="    X = X * (np.random.rand(X.shape[0], X.shape[1]) < keep_prob)\n"
            ),
            "masks_left_out_of_the_cache": _forward_dropout(
                cache="(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)"
            ),
        },
    ),
    "backward_propagation_with_dropout": ExerciseSpec(
        cases=backward_dropout_cases,
        mistakes={
            "no_rescaling_by_keep_prob": _backward_dropout(mask2="dA2 * D2", mask1="dA1 * D1"),
            "multiplied_by_keep_prob": _backward_dropout(
                mask2="dA2 * D2 * keep_prob", mask1="dA1 * D1 * keep_prob"
            ),
            "mask_of_layer_1_forgotten": _backward_dropout(mask1="dA1 / keep_prob"),
            "masks_of_the_wrong_layers": _backward_dropout(
                mask2="dA2 * D1[: dA2.shape[0]] / keep_prob",
                mask1="dA1 * D2[0] / keep_prob",
            ),
            "mask_inverted": _backward_dropout(
                mask2="dA2 * (1 - D2) / keep_prob", mask1="dA1 * (1 - D1) / keep_prob"
            ),
            "rescaled_by_1_minus_keep_prob": _backward_dropout(
                mask2="dA2 * D2 / (1 - keep_prob)", mask1="dA1 * D1 / (1 - keep_prob)"
            ),
        },
    ),
}
