"""c4w1a1 (Convolutional networks step by step): the lesson's reference solutions.

The notebook checks its backward passes against numerical gradients and quotes the
output size formula; these tests run the notebook's own solutions and check the same
against independent computations: a convolution written with
`numpy.lib.stride_tricks.sliding_window_view`, pooling likewise, and central
differences for every gradient (convolution with padding and stride, max and average
pooling with overlapping windows).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS

ASSIGNMENT = ASSIGNMENTS["c4w1a1"]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """Namespace holding the notebook's imports and reference solutions."""
    return solution_namespace("c4w1a1")


def _windows(x: np.ndarray, f: int, stride: int) -> np.ndarray:
    """(m, n_H, n_W, C, f, f) windows of x (m, H, W, C) taken every `stride` pixels."""
    return sliding_window_view(x, (f, f), axis=(1, 2))[:, ::stride, ::stride]


def _numeric_gradient(cost, x: np.ndarray, epsilon: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        kept = x[index]
        x[index] = kept + epsilon
        plus = cost()
        x[index] = kept - epsilon
        minus = cost()
        x[index] = kept
        grad[index] = (plus - minus) / (2 * epsilon)
    return grad


@pytest.mark.parametrize(
    ("shape", "f", "n_c", "stride", "pad"),
    [
        ((2, 5, 7, 4), 3, 8, 2, 1),
        ((1, 6, 4, 2), 3, 3, 2, 0),
        ((3, 7, 5, 2), 2, 2, 3, 2),
    ],
)
def test_conv_forward_matches_a_sliding_window_convolution(notebook, shape, f, n_c, stride, pad):
    rng = np.random.default_rng(0)
    A = rng.normal(size=shape)
    W = rng.normal(size=(f, f, shape[3], n_c))
    b = rng.normal(size=(1, 1, 1, n_c))
    Z, cache = notebook["conv_forward"](A, W, b, {"pad": pad, "stride": stride})
    padded = np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    expected = np.einsum("mhwcij,ijck->mhwk", _windows(padded, f, stride), W) + b
    n_h = (shape[1] + 2 * pad - f) // stride + 1  # the formula the lesson quotes
    n_w = (shape[2] + 2 * pad - f) // stride + 1
    assert Z.shape == expected.shape == (shape[0], n_h, n_w, n_c)
    np.testing.assert_allclose(Z, expected, rtol=1e-12, atol=1e-12)
    assert cache[0] is A and cache[3] == {"pad": pad, "stride": stride}


@pytest.mark.parametrize("mode", ["max", "average"])
def test_pool_forward_matches_sliding_windows(notebook, mode):
    A = np.random.default_rng(1).normal(size=(2, 7, 5, 3))
    out, _ = notebook["pool_forward"](A, {"f": 3, "stride": 2}, mode=mode)
    reduce = np.max if mode == "max" else np.mean
    np.testing.assert_allclose(out, reduce(_windows(A, 3, 2), axis=(-2, -1)), rtol=1e-12)


def test_conv_backward_agrees_with_central_differences(notebook):
    rng = np.random.default_rng(2)
    A = rng.normal(size=(2, 5, 4, 3))
    W = rng.normal(size=(3, 3, 3, 2))
    b = rng.normal(size=(1, 1, 1, 2))
    hp = {"pad": 1, "stride": 2}
    Z, cache = notebook["conv_forward"](A, W, b, hp)
    G = rng.normal(size=Z.shape)

    def cost():
        return np.sum(notebook["conv_forward"](A, W, b, hp)[0] * G)

    dA, dW, db = notebook["conv_backward"](G, cache)
    for analytic, array in ((dA, A), (dW, W), (db, b)):
        np.testing.assert_allclose(analytic, _numeric_gradient(cost, array), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("mode", ["max", "average"])
def test_pool_backward_agrees_with_central_differences_on_overlapping_windows(notebook, mode):
    rng = np.random.default_rng(3)
    A = rng.normal(size=(2, 7, 5, 3))
    hp = {"f": 3, "stride": 2}
    out, cache = notebook["pool_forward"](A, hp, mode=mode)
    G = rng.normal(size=out.shape)

    def cost():
        return np.sum(notebook["pool_forward"](A, hp, mode=mode)[0] * G)

    analytic = notebook["pool_backward"](G, cache, mode=mode)
    np.testing.assert_allclose(analytic, _numeric_gradient(cost, A), rtol=1e-6, atol=1e-7)


def test_the_lessons_small_examples(notebook):
    mask = notebook["create_mask_from_window"](np.array([[1.0, 3.0], [4.0, 2.0]]))
    assert mask.tolist() == [[False, False], [True, False]]
    np.testing.assert_array_equal(notebook["distribute_value"](2.0, (2, 2)), np.full((2, 2), 0.5))
    value = notebook["conv_single_step"](
        np.ones((2, 2, 1)), np.ones((2, 2, 1)), np.ones((1, 1, 1))
    )
    assert np.ndim(value) == 0 and value == 5.0
