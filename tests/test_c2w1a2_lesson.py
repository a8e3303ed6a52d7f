"""c2w1a2 (Regularization): the lesson's cheap claims, checked on its reference solutions.

The lesson describes the data's label noise, derives the L2 term of the weight
gradients, and states two facts about inverted dropout: dividing by `keep_prob`
keeps each activation's expected value, and the backward pass with the same masks
is the exact gradient of the thinned network. Each is checked here in well under a
second. (The training runs the lesson quotes take about 10 s each and are not rerun.)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from shared_utils import three_layer_net as net
from shared_utils.gc_utils import numerical_gradients, relative_difference
from shared_utils.planar import load_overfit_2d


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return solution_namespace("c2w1a2")


@pytest.fixture(scope="module")
def small_case() -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(7)
    X = rng.standard_normal((2, 6))
    Y = np.array([[1, 0, 1, 1, 0, 0]])
    return X, Y, net.initialize_parameters([2, 4, 3, 1], seed=5)


def _true_side(X: np.ndarray) -> np.ndarray:
    """Signed distance to the true border the lesson describes (as in shared_utils.planar)."""
    return X[1] - 0.15 * np.sin(np.pi * X[0] / 2 + 0.4)


def test_the_data_have_the_label_noise_the_lesson_describes():
    train_X, train_Y, test_X, test_Y = load_overfit_2d()
    assert train_X.shape == test_X.shape == (2, 200)
    X, Y, _, _ = load_overfit_2d(m_train=20000, m_test=1)
    distance = _true_side(X)
    wrong = Y[0] != (distance > 0)
    far, near = np.abs(distance) > 0.6, np.abs(distance) < 0.02
    assert 0.03 < wrong[far].mean() < 0.055  # "about 4 % of the labels are wrong anywhere"
    assert 0.27 < wrong[near].mean() < 0.38  # "near the border ... up to a third are"


def test_the_l2_gradient_is_the_derivative_of_the_l2_cost(notebook, small_case):
    X, Y, parameters = small_case
    lambd = 0.7

    def cost(p):
        A3, _ = net.forward_propagation(X, p)
        return notebook["compute_cost_with_regularization"](A3, Y, p, lambd)

    _, cache = net.forward_propagation(X, parameters)
    grads = notebook["backward_propagation_with_regularization"](X, Y, cache, lambd)
    estimate = numerical_gradients(cost, parameters)
    for name in parameters:
        assert relative_difference(grads["d" + name], estimate[name]) < 1e-7, name
    # The extra term is exactly lambd / m * W.
    plain = net.backward_propagation(X, Y, cache)
    np.testing.assert_allclose(
        grads["dW2"] - plain["dW2"], lambd / X.shape[1] * parameters["W2"], atol=1e-12
    )


def test_inverted_dropout_keeps_the_expected_activation(notebook, small_case):
    _, _, parameters = small_case
    x = np.array([[0.8], [-0.3]])
    X = np.repeat(x, 40000, axis=1)  # one example, many independent masks
    np.random.seed(1)
    _, cache = notebook["forward_propagation_with_dropout"](X, parameters, keep_prob=0.86)
    D1, A1 = cache[1], cache[2]
    assert D1.mean() == pytest.approx(0.86, abs=0.005)  # about one unit in seven is off
    plain_A1 = net.relu(parameters["W1"] @ x + parameters["b1"])
    np.testing.assert_allclose(A1.mean(axis=1, keepdims=True), plain_A1, rtol=0.01, atol=1e-9)


def test_dropout_backward_is_the_gradient_of_the_network_with_the_same_masks(notebook, small_case):
    X, Y, parameters = small_case
    keep_prob = 0.7

    def cost(p):
        np.random.seed(3)  # the same masks on every call
        A3, _ = notebook["forward_propagation_with_dropout"](X, p, keep_prob)
        return net.compute_cost(A3, Y)

    np.random.seed(3)
    _, cache = notebook["forward_propagation_with_dropout"](X, parameters, keep_prob)
    assert 0 < cache[1].mean() < 1  # some units really are dropped
    grads = notebook["backward_propagation_with_dropout"](X, Y, cache, keep_prob)
    estimate = numerical_gradients(cost, parameters)
    for name in parameters:
        assert relative_difference(grads["d" + name], estimate[name]) < 1e-7, name
