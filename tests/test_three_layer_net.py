"""The fixed three-layer network of Course 2: shapes, gradients, cost edge cases, seeding."""

from __future__ import annotations

import numpy as np
import pytest

from shared_utils import three_layer_net as net

DIMS = [3, 5, 4, 1]


def _data(m: int = 7, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((DIMS[0], m)), (rng.random((1, m)) > 0.5).astype(np.int64)


def test_initialize_parameters_shapes_scale_and_zero_biases():
    params = net.initialize_parameters([2, 400, 300, 1], seed=1)
    assert [params[f"W{k}"].shape for k in (1, 2, 3)] == [(400, 2), (300, 400), (1, 300)]
    assert [params[f"b{k}"].shape for k in (1, 2, 3)] == [(400, 1), (300, 1), (1, 1)]
    assert all(not params[f"b{k}"].any() for k in (1, 2, 3))
    # Standard deviation 1/sqrt(n_prev): 1/sqrt(400) = 0.05 for W2, not He's sqrt(2/400).
    assert params["W2"].std() == pytest.approx(0.05, rel=0.03)


def test_initialize_parameters_is_seeded_privately():
    np.random.seed(7)
    expected = np.random.rand(3)
    np.random.seed(7)
    a = net.initialize_parameters(DIMS, seed=4)
    assert np.array_equal(np.random.rand(3), expected)
    b = net.initialize_parameters(DIMS, seed=4)
    c = net.initialize_parameters(DIMS, seed=5)
    assert np.array_equal(a["W1"], b["W1"]) and not np.allclose(a["W1"], c["W1"])


def test_forward_propagation_cache_layout_and_shapes():
    X, _ = _data()
    params = net.initialize_parameters(DIMS, seed=0)
    A3, cache = net.forward_propagation(X, params)
    assert A3.shape == (1, 7) and np.all((A3 > 0) & (A3 < 1))
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3c, W3, b3 = cache
    assert Z1.shape == A1.shape == (5, 7) and Z2.shape == A2.shape == (4, 7)
    assert W1 is params["W1"] and b3 is params["b3"] and A3c is A3
    assert np.array_equal(A1, np.maximum(Z1, 0)) and np.allclose(Z3, W3 @ A2 + b3)


def test_backward_propagation_matches_numerical_gradient_of_the_cost():
    X, Y = _data(m=9, seed=3)
    params = net.initialize_parameters(DIMS, seed=2)
    # Nonzero biases so every bias gradient is exercised too.
    params = {k: v + 0.1 for k, v in params.items()}
    grads = net.backward_propagation(X, Y, net.forward_propagation(X, params)[1])
    eps = 1e-6
    for key, value in params.items():
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            shifted = {k: v.copy() for k, v in params.items()}
            shifted[key][idx] += eps
            plus = net.compute_cost(net.forward_propagation(X, shifted)[0], Y)
            shifted[key][idx] -= 2 * eps
            minus = net.compute_cost(net.forward_propagation(X, shifted)[0], Y)
            numeric[idx] = (plus - minus) / (2 * eps)
        assert grads["d" + key].shape == value.shape
        np.testing.assert_allclose(grads["d" + key], numeric, atol=1e-7, err_msg=key)


def test_backward_propagation_returns_every_intermediate_gradient():
    X, Y = _data()
    params = net.initialize_parameters(DIMS, seed=0)
    A3, cache = net.forward_propagation(X, params)
    grads = net.backward_propagation(X, Y, cache)
    expected = {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}
    assert set(grads) == expected
    np.testing.assert_allclose(grads["dZ3"], A3 - Y)
    assert grads["dA1"].shape == (5, 7) and grads["dZ2"].shape == (4, 7)


def test_compute_cost_value_and_saturated_cases():
    Y = np.array([[1, 0, 1]])
    A = np.array([[0.8, 0.3, 0.6]])
    expected = -np.mean(np.log([0.8, 0.7, 0.6]))
    assert net.compute_cost(A, Y) == pytest.approx(expected)
    assert isinstance(net.compute_cost(A, Y), float)
    with np.errstate(all="raise"):  # no warning may escape for saturated outputs
        assert net.compute_cost(np.array([[1.0, 0.0]]), np.array([[1, 0]])) == 0.0
        assert net.compute_cost(np.array([[0.0, 0.5]]), np.array([[1, 0]])) == np.inf


def test_update_parameters_takes_one_step_and_leaves_input_alone():
    params = net.initialize_parameters(DIMS, seed=0)
    before = {k: v.copy() for k, v in params.items()}
    grads = {"d" + k: np.ones_like(v) for k, v in params.items()}
    new = net.update_parameters(params, grads, 0.5)
    for k, v in params.items():
        assert np.array_equal(v, before[k])
        np.testing.assert_allclose(new[k], v - 0.5)


def test_predict_labels_and_accuracy():
    X, Y = _data(m=20, seed=1)
    params = net.initialize_parameters(DIMS, seed=0)
    predictions, accuracy = net.predict(X, Y, params)
    A3, _ = net.forward_propagation(X, params)
    assert predictions.shape == (1, 20) and predictions.dtype.kind == "i"
    assert np.array_equal(predictions, (A3 > 0.5).astype(int))
    assert accuracy == pytest.approx(np.mean(predictions == Y))
    assert np.array_equal(net.predict_dec(params, X), predictions)


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise"):
        s = net.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(s, [0.0, 0.5, 1.0])
