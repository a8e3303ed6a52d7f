"""c5w1a1 (RNN step by step): the helpers it uses and the claims the lesson makes.

The notebook's reference solutions are run here (imports, graded cells, and the
given cells the claims come from): the backward passes agree with a numerical
gradient on sizes the notebook does not use, and the vanishing-gradient figure
says what the text says (the basic RNN's gradient at step 1 collapses with the
sequence length, the LSTM with open forget gates keeps orders of magnitude more,
the LSTM with half-closed forget gates does not).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS
from shared_utils import rnn_utils

ASSIGNMENT = ASSIGNMENTS["c5w1a1"]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """Namespace with the notebook's imports, solutions and the given experiment helpers."""
    return solution_namespace("c5w1a1", cells=("def numeric_gradient(", "def gradient_ratio("))


def test_softmax_columns_are_distributions_even_for_large_scores():
    z = np.array([[1000.0, -3.0], [999.0, 2.0], [0.0, 2.0]])
    p = rnn_utils.softmax(z)
    assert np.allclose(p.sum(axis=0), 1.0) and np.isfinite(p).all()
    assert np.allclose(p[:, 1], np.exp([-3.0, 2, 2]) / np.exp([-3.0, 2, 2]).sum())


def test_sigmoid_never_overflows():
    with np.errstate(over="raise"):
        values = rnn_utils.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    assert np.allclose(values, [0.0, 0.5, 1.0])


def test_adam_first_step_moves_every_parameter_by_about_the_learning_rate():
    params = {"W": np.ones((2, 3)), "b": np.zeros((2, 1))}
    grads = {"dW": np.full((2, 3), 0.3), "db": np.full((2, 1), -5.0)}
    v, s = rnn_utils.initialize_adam(params)
    new, v, s = rnn_utils.update_parameters_with_adam(params, grads, v, s, t=1, learning_rate=0.1)
    assert np.allclose(new["W"], 0.9) and np.allclose(new["b"], 0.1)
    assert np.allclose(params["W"], 1.0)  # nothing changed in place
    assert np.allclose(v["dW"], 0.03) and np.allclose(s["db"], 0.025)


def test_initialize_parameters_is_deterministic_and_leaves_numpy_seed_alone():
    np.random.seed(0)
    before = np.random.random()
    np.random.seed(0)
    a = rnn_utils.initialize_parameters(5, 27, 27, seed=1)
    b = rnn_utils.initialize_parameters(5, 27, 27, seed=1)
    assert np.random.random() == before
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert a["Wax"].shape == (5, 27) and a["Wya"].shape == (27, 5) and not a["b"].any()


@pytest.mark.parametrize("kind", ["rnn", "lstm"])
def test_backward_passes_match_the_numeric_gradient(notebook, kind):
    rng = np.random.default_rng(7)
    n_x, n_a, m, T = 2, 3, 3, 4
    x = rng.normal(size=(n_x, m, T))
    a0 = rng.normal(size=(n_a, m))
    R = rng.normal(size=(n_a, m, T))
    if kind == "rnn":
        params = rnn_utils.random_rnn_parameters(n_a, n_x, 2, rng)
        forward, backward, names = notebook["rnn_forward"], notebook["rnn_backward"], ("Waa",)
    else:
        params = rnn_utils.random_lstm_parameters(n_a, n_x, 2, rng, forget_bias=1.0)
        forward, backward, names = (
            notebook["lstm_forward"],
            notebook["lstm_backward"],
            ("Wf", "bo"),
        )
    grads = backward(R, forward(x, a0, params)[-1])

    def loss():
        return np.sum(forward(x, a0, params)[0] * R)

    for name, array in [("x", x), ("a0", a0)] + [(n, params[n]) for n in names]:
        numeric = notebook["numeric_gradient"](loss, array)
        assert notebook["relative_difference"](numeric, grads["d" + name]) < 1e-7, name


def test_vanishing_gradient_figure_says_what_the_text_says(notebook):
    ratio = notebook["gradient_ratio"]

    def median(kind, T, bias=0.0):
        rng = np.random.default_rng(2024)
        return np.median([ratio(kind, T, rng, forget_bias=bias) for _ in range(5)])

    rnn_10, rnn_50 = median("rnn", 10), median("rnn", 50)
    lstm_50 = median("lstm", 50, 1.0)
    closed_50 = median("lstm", 50, 0.0)
    assert 1e-2 < rnn_10 < 1e-1  # "about 5e-2 at T = 10"
    assert rnn_50 < 1e-5  # "about 2e-7 at T = 50"
    assert lstm_50 > 1e3 * rnn_50  # "four orders of magnitude more than in the RNN"
    assert closed_50 < rnn_50  # "does even worse than the RNN"
