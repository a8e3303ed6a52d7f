"""c2w1a1 (Initialization): the claims the lesson makes about its own runs.

The notebook explains why the zero start learns nothing (every gradient is exactly
zero on the balanced rings), why the large random start begins at an infinite cost
(the output unit is saturated for every training point), why He scaling keeps the
size of the signal in a deep ReLU stack, and quotes the accuracies of the runs. These
tests check those statements with the notebook's own cells and reference solutions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace

LAYERS = [2, 10, 5, 1]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """The notebook's imports, reference solutions, `model` and the data it loads."""
    ns = solution_namespace("c2w1a1", cells=("def model(",))
    ns["train_X"], ns["train_Y"], ns["test_X"], ns["test_Y"] = ns["load_circles"]()
    return ns


def _accuracies(notebook: dict[str, Any], parameters) -> tuple[float, float]:
    net = notebook["net"]
    train = net.predict(notebook["train_X"], notebook["train_Y"], parameters)[1]
    test = net.predict(notebook["test_X"], notebook["test_Y"], parameters)[1]
    return train, test


def test_the_zero_start_has_cost_log_2_and_no_gradient_at_all(notebook):
    net, X, Y = notebook["net"], notebook["train_X"], notebook["train_Y"]
    assert Y.mean() == 0.5 and notebook["test_Y"].mean() == 0.5  # exactly half in each class
    parameters = notebook["initialize_parameters_zeros"](LAYERS)
    A3, cache = net.forward_propagation(X, parameters)
    assert np.all(A3 == 0.5)
    assert net.compute_cost(A3, Y) == pytest.approx(np.log(2))
    grads = net.backward_propagation(X, Y, cache)
    for name in ("dW1", "db1", "dW2", "db2", "dW3", "db3"):
        assert np.all(grads[name] == 0), name  # so nothing ever moves
    # An output of exactly 0.5 is predicted as class 0: 50 % on both sets.
    assert _accuracies(notebook, parameters) == (0.5, 0.5)


def test_the_large_random_start_saturates_the_output_for_every_point(notebook):
    net, X, Y = notebook["net"], notebook["train_X"], notebook["train_Y"]
    np.random.seed(3)  # as `model` does
    parameters = notebook["initialize_parameters_random"](LAYERS)
    A3, cache = net.forward_propagation(X, parameters)
    Z3 = cache[8]
    assert np.all(np.abs(Z3) > 37)  # beyond it the sigmoid is exactly 0 or 1 in float64
    assert 1000 < np.median(np.abs(Z3)) < 10000  # "in the thousands (median about 3800)"
    assert net.compute_cost(A3, Y) == np.inf


def test_he_scaling_keeps_the_signal_size_through_a_deep_relu_stack(notebook):
    # The lesson's argument: variance 2 / n_prev cancels the n inputs and the half
    # that each ReLU zeroes, so the pre-activations keep their size layer after layer.
    # With variance 1 / n_prev (weights times sqrt(1/2)) each layer halves it instead.
    np.random.seed(0)
    he = notebook["initialize_parameters_he"]([400] * 11)
    X = np.random.randn(400, 1000)
    ratios = {}
    for name, scale in (("he", 1.0), ("1/n", np.sqrt(0.5))):
        A = X
        for layer in range(1, 11):
            Z = scale * he[f"W{layer}"] @ A
            A = np.maximum(Z, 0)
            if layer == 1:
                first = Z.var()
        ratios[name] = Z.var() / first  # layer 10 against layer 1
    assert 0.4 < ratios["he"] < 2.5, ratios
    assert ratios["1/n"] < 0.01, ratios  # 0.5 ** 9 of the He value: the signal dies out


def test_he_training_reaches_the_quoted_accuracies(notebook):
    parameters, costs = notebook["model"](
        notebook["train_X"], notebook["train_Y"], print_cost=False, initialization="he"
    )
    assert costs[-1] == pytest.approx(0.07, abs=0.01)
    assert costs[5] < 0.55 and costs[-1] < costs[5]  # past the random start by iteration 5000
    train, test = _accuracies(notebook, parameters)
    assert round(train, 3) == 0.993 and test == 0.96


def test_large_random_training_stalls_at_the_quoted_accuracies(notebook):
    parameters, costs = notebook["model"](
        notebook["train_X"], notebook["train_Y"], print_cost=False, initialization="random"
    )
    assert costs[0] == np.inf
    assert costs[-1] == pytest.approx(0.38, abs=0.01)
    assert abs(costs[-1] - costs[-3]) < 0.01  # barely moving
    assert _accuracies(notebook, parameters) == (0.83, 0.86)
