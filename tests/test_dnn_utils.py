"""Activation helpers of `shared_utils.dnn_utils`: values, caches and gradients."""

from __future__ import annotations

import numpy as np
import pytest

from shared_utils.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward

Z_SMALL = np.array([[-2.0, 0.0, 1.0], [3.0, -0.5, 0.25]])


def _centred_difference(activation, Z: np.ndarray, dA: np.ndarray, h: float = 1e-6):
    """Gradient of the scalar sum(dA * activation(Z)) with respect to Z, entry by entry."""
    grad = np.zeros_like(Z)
    for index in np.ndindex(Z.shape):
        plus, minus = Z.copy(), Z.copy()
        plus[index] += h
        minus[index] -= h
        grad[index] = (np.sum(dA * activation(plus)[0]) - np.sum(dA * activation(minus)[0])) / (
            2 * h
        )
    return grad


def _away_from_zero(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random values with |z| in [0.1, 3]: ReLU's kink at 0 is out of reach of the step h."""
    return rng.uniform(0.1, 3.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def test_sigmoid_values_on_small_inputs():
    A, _ = sigmoid(Z_SMALL)
    expected = np.array(
        [
            [0.11920292202211755, 0.5, 0.7310585786300049],
            [0.9525741268224334, 0.3775406687981454, 0.5621765008857981],
        ]
    )
    np.testing.assert_allclose(A, expected, rtol=1e-12)


def test_sigmoid_saturates_without_overflow_warnings():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        A, _ = sigmoid(np.array([[-1000.0, -40.0, 40.0, 1000.0]]))
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A, [[0.0, 4.248354255291589e-18, 1.0, 1.0]], rtol=1e-12, atol=0)


def test_relu_values_on_small_inputs():
    A, _ = relu(Z_SMALL)
    np.testing.assert_array_equal(A, [[0.0, 0.0, 1.0], [3.0, 0.0, 0.25]])


@pytest.mark.parametrize("activation", [sigmoid, relu])
def test_forward_cache_is_the_input_z_unchanged(activation):
    Z = Z_SMALL.copy()
    A, cache = activation(Z)
    assert cache is Z
    np.testing.assert_array_equal(Z, Z_SMALL)
    assert A.shape == Z.shape and A is not Z


def test_sigmoid_backward_values_on_small_inputs():
    dA = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 3.0]])
    dZ = sigmoid_backward(dA, Z_SMALL)
    s = 1 / (1 + np.exp(-Z_SMALL))
    np.testing.assert_allclose(dZ, dA * s * (1 - s), rtol=1e-12)
    np.testing.assert_allclose(dZ[0, 1], -0.5, rtol=1e-12)  # sigma'(0) = 1/4, times dA = -2


def test_relu_derivative_is_zero_for_negative_and_one_for_positive_inputs():
    Z = np.array([[-3.0, -0.01, 0.01, 2.5]])
    dA = np.array([[7.0, 7.0, 7.0, 7.0]])
    np.testing.assert_array_equal(relu_backward(dA, Z), [[0.0, 0.0, 7.0, 7.0]])


def test_relu_backward_passes_the_upstream_gradient_where_z_is_positive():
    dA = np.array([[1.0, -2.0, 0.5], [4.0, 1.0, -3.0]])
    np.testing.assert_array_equal(relu_backward(dA, Z_SMALL), [[0.0, 0.0, 0.5], [4.0, 0.0, -3.0]])


@pytest.mark.parametrize("backward", [sigmoid_backward, relu_backward])
def test_backward_steps_do_not_modify_their_arguments(backward):
    dA, Z = np.ones((2, 3)), Z_SMALL.copy()
    backward(dA, Z)
    np.testing.assert_array_equal(dA, np.ones((2, 3)))
    np.testing.assert_array_equal(Z, Z_SMALL)


def test_sigmoid_backward_matches_a_centred_difference_gradient():
    rng = np.random.default_rng(41)
    Z = rng.uniform(-4.0, 4.0, size=(3, 5))
    dA = rng.standard_normal((3, 5))
    numeric = _centred_difference(sigmoid, Z, dA)
    np.testing.assert_allclose(sigmoid_backward(dA, Z), numeric, rtol=1e-6, atol=1e-9)


def test_relu_backward_matches_a_centred_difference_gradient_away_from_zero():
    rng = np.random.default_rng(42)
    Z = _away_from_zero(rng, (4, 3))
    dA = rng.standard_normal((4, 3))
    numeric = _centred_difference(relu, Z, dA)
    np.testing.assert_allclose(relu_backward(dA, Z), numeric, rtol=1e-6, atol=1e-9)
