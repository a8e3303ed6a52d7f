"""Hidden grader spec of c2w1a2, "Regularization".

The cases go beyond the public tests: the notebook's network [2, 20, 3, 1] and
others (wide, narrow, single units), single examples, lambdas from 0 to 5 and
keep_probs from 0.3 to 1. The dropout forward pass runs right after
`np.random.seed(Case.np_seed)` with seeds other than the notebook's and must draw
its masks with `np.random.rand`, D1 then D2 (the order the lesson states); the
dropout backward pass gets caches with masks drawn here. The mistakes are
edits of the notebook's solutions: the slips learners make with the penalty
(biases regularised, the wrong factor, a layer forgotten) and with dropout (no
rescaling, masks drawn in another order or kept with probability
1 - keep_prob, dropout on the output, the mask applied to the wrong layer).
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, draw_seed, edit, exercise, random_labels, random_parameters
from shared_utils import three_layer_net as net

SEED = 2102

_NETWORKS = [  # layer sizes, examples, label
    ([2, 20, 3, 1], 12, "the notebook's network [2, 20, 3, 1], 12 examples"),
    ([3, 4, 3, 1], 1, "[3, 4, 3, 1], a single example"),
    ([5, 2, 6, 1], 7, "[5, 2, 6, 1], 7 examples"),
    ([1, 1, 1, 1], 5, "single units [1, 1, 1, 1], 5 examples"),
    ([4, 8, 8, 1], 30, "[4, 8, 8, 1], 30 examples"),
]


def _problem(
    rng: np.random.Generator, dims: list[int], m: int
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    X = rng.normal(size=(dims[0], m))
    return X, random_labels(rng, m), random_parameters(rng, dims)


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


_SQUARES = "np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3))"


@exercise(
    mistakes={
        "biases_regularised_too": edit(
            _SQUARES,
            _SQUARES
            + ' + np.sum(np.square(parameters["b1"])) + np.sum(np.square(parameters["b2"]))'
            ' + np.sum(np.square(parameters["b3"]))',
            hint="only the weights are in the penalty, not the biases",
        ),
        "lambda_over_m_instead_of_over_2m": edit(
            "lambd / (2 * m)", "lambd / m", hint="the penalty is lambd / (2 * m) times the sum"
        ),
        "lambda_over_2_forgetting_m": edit(
            "lambd / (2 * m)", "lambd / 2", hint="divide the penalty by m too: lambd / (2 * m)"
        ),
        "last_layer_forgotten": edit(
            " + np.sum(np.square(W3))",
            "",
            hint="the penalty sums the squares of every layer's weights, W3 included",
        ),
        "weights_not_squared": edit(
            _SQUARES,
            "np.sum(W1) + np.sum(W2) + np.sum(W3)",
            hint="square every weight before summing",
        ),
        "norm_not_squared": edit(
            _SQUARES,
            "np.linalg.norm(W1) + np.linalg.norm(W2) + np.linalg.norm(W3)",
            hint="the Frobenius norm is the square root of the sum of squares: square it",
        ),
        "mean_instead_of_sum": edit(
            "np.sum(np.square(",
            "np.mean(np.square(",
            every=True,
            hint="sum the squared weights (np.sum), do not average them",
        ),
    },
)
def compute_cost_with_regularization(rng: np.random.Generator) -> list[Case]:
    cases = []
    for (dims, m, label), lambd in zip(_NETWORKS, [0.7, 0.1, 5.0, 1.0, 0.0], strict=True):
        _, Y, params = _problem(rng, dims, m)
        A3 = rng.uniform(0.02, 0.98, size=(1, m))
        cases.append(Case(f"{label}, lambd = {lambd}", (A3, Y, params, lambd)))
    _, Y, params = _problem(rng, [2, 20, 3, 1], 40)
    A3 = rng.uniform(0.02, 0.98, size=(1, 40))
    cases.append(Case("40 examples, lambd = 0.35", (A3, Y, params, 0.35)))
    return cases


@exercise(
    mistakes={
        "bias_gradient_regularised": edit(
            "db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)",
            "db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True) + lambd / m * b3",
            hint="the biases are not in the penalty: db3 gets no lambd term",
        ),
        "lambda_over_2m_in_the_gradient": edit(
            "lambd / m * W",
            "lambd / (2 * m) * W",
            every=True,
            hint="the derivative of lambd / (2m) * W**2 is lambd / m * W: the 2 cancels",
        ),
        "first_layer_forgotten": edit(
            " + lambd / m * W1", "", hint="dW1 needs its L2 term (lambd / m) * W1 too"
        ),
        "last_layer_forgotten": edit(
            " + lambd / m * W3", "", hint="dW3 needs its L2 term (lambd / m) * W3 too"
        ),
        "m_forgotten": edit(
            "lambd / m * W", "lambd * W", every=True, hint="the L2 term of dW is (lambd / m) * W"
        ),
        "squared_weights_in_the_gradient": edit(
            [(f"lambd / m * W{layer}", f"lambd / m * W{layer}**2") for layer in (1, 2, 3)],
            hint="the derivative of W**2 is 2 * W: the L2 term is linear in W",
        ),
    },
)
def backward_propagation_with_regularization(rng: np.random.Generator) -> list[Case]:
    cases = []
    for (dims, m, label), lambd in zip(_NETWORKS, [0.7, 2.0, 0.05, 1.0, 0.0], strict=True):
        X, Y, params = _problem(rng, dims, m)
        _, cache = net.forward_propagation(X, params)
        cases.append(Case(f"{label}, lambd = {lambd}", (X, Y, cache, lambd)))
    return cases


@exercise(
    mistakes={
        "no_rescaling_by_keep_prob": edit(
            [("    A1 = A1 / keep_prob\n", ""), ("    A2 = A2 / keep_prob\n", "")],
            hint="inverted dropout divides the kept activations by keep_prob",
        ),
        "multiplied_by_keep_prob": edit(
            [
                ("A1 = A1 / keep_prob", "A1 = A1 * keep_prob"),
                ("A2 = A2 / keep_prob", "A2 = A2 * keep_prob"),
            ],
            hint="divide by keep_prob (to keep the expected value), do not multiply",
        ),
        "keeps_with_probability_1_minus_keep_prob": edit(
            "< keep_prob)",
            "> keep_prob)",
            every=True,
            hint="a unit is kept when its draw is below keep_prob: (D < keep_prob)",
        ),
        "masks_drawn_in_the_wrong_order": edit(
            [
                (
                    "    Z1 = np.dot(W1, X) + b1\n",
                    "    D2_draw = np.random.rand(W2.shape[0], X.shape[1])\n"
                    "    Z1 = np.dot(W1, X) + b1\n",
                ),
                ("D2 = np.random.rand(A2.shape[0], A2.shape[1])", "D2 = D2_draw"),
            ],
            hint="draw D1's numbers first, then D2's, as the lesson does",
        ),
        "randn_instead_of_rand": edit(
            "np.random.rand(",
            "np.random.randn(",
            every=True,
            hint="masks come from np.random.rand (uniform in [0, 1)), not np.random.randn",
        ),
        "seeds_itself": edit(
            "    Z1 = np.dot(W1, X) + b1\n",
            "    np.random.seed(1)\n    Z1 = np.dot(W1, X) + b1\n",
            hint="your function seeds numpy itself: leave the seeding to the caller",
        ),
        "dropout_on_the_output_layer": edit(
            "A3 = net.sigmoid(Z3)",
            "A3 = net.sigmoid(Z3) * (np.random.rand(1, X.shape[1]) < keep_prob) / keep_prob",
            hint="dropout applies to the hidden layers only, not to the output A3",
        ),
        "dropout_on_the_inputs": edit(
            "    Z1 = np.dot(W1, X) + b1\n",
            "    X = X * (np.random.rand(X.shape[0], X.shape[1]) < keep_prob)\n"
            "    Z1 = np.dot(W1, X) + b1\n",
            hint="dropout applies to the hidden layers only, not to the inputs X",
        ),
        "masks_left_out_of_the_cache": edit(
            "cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)",
            "cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)",
        ),
    },
)
def forward_propagation_with_dropout(rng: np.random.Generator) -> list[Case]:
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


@exercise(
    mistakes={
        "no_rescaling_by_keep_prob": edit(
            [("    dA2 = dA2 / keep_prob\n", ""), ("    dA1 = dA1 / keep_prob\n", "")],
            hint="divide the masked gradients by keep_prob, as the forward pass did",
        ),
        "multiplied_by_keep_prob": edit(
            "/ keep_prob",
            "* keep_prob",
            every=True,
            hint="divide by keep_prob, as the forward pass did, do not multiply",
        ),
        "mask_of_layer_1_forgotten": edit(
            "    dA1 = dA1 * D1\n", "", hint="dA1 needs the mask D1 too"
        ),
        "masks_of_the_wrong_layers": edit(
            [
                ("dA2 = dA2 * D2", "dA2 = dA2 * D1[: dA2.shape[0]]"),
                ("dA1 = dA1 * D1", "dA1 = dA1 * D2[0]"),
            ]
        ),
        "mask_inverted": edit(
            [
                ("dA2 = dA2 * D2", "dA2 = dA2 * (1 - D2)"),
                ("dA1 = dA1 * D1", "dA1 = dA1 * (1 - D1)"),
            ],
            hint="D holds 1 for the units kept: multiply by D itself",
        ),
        "rescaled_by_1_minus_keep_prob": edit("/ keep_prob", "/ (1 - keep_prob)", every=True),
    },
)
def backward_propagation_with_dropout(rng: np.random.Generator) -> list[Case]:
    cases = []
    for (dims, m, label), keep_prob in zip(_NETWORKS, [0.86, 0.5, 0.7, 0.9, 0.3], strict=True):
        X, Y, params = _problem(rng, dims, m)
        cache = _dropout_cache(rng, X, params, keep_prob)
        cases.append(Case(f"{label}, keep_prob = {keep_prob}", (X, Y, cache, keep_prob)))
    return cases
