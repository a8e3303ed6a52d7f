"""The planar datasets of c1w3a1: shapes, labels, determinism, no global side effects."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from shared_utils import planar, plotting
from shared_utils import three_layer_net as net


@pytest.mark.parametrize("m", [400, 37, 2])
def test_flower_shapes_dtypes_and_balanced_labels(m):
    X, Y = planar.load_flower(m)
    assert X.shape == (2, m) and X.dtype == np.float64
    assert Y.shape == (1, m) and Y.dtype == np.int64
    assert set(np.unique(Y)) == {0, 1}
    assert abs(int(Y.sum()) - m / 2) <= 0.5
    assert np.all(np.isfinite(X))


def test_flower_is_deterministic_and_seed_dependent():
    X1, Y1 = planar.load_flower(seed=5)
    X2, Y2 = planar.load_flower(seed=5)
    X3, _ = planar.load_flower(seed=6)
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2)
    assert not np.allclose(X1, X3)


def test_flower_leaves_numpy_global_random_state_alone():
    np.random.seed(123)
    expected = np.random.rand(3)
    np.random.seed(123)
    planar.load_flower()
    planar.load_extra_datasets()
    assert np.array_equal(np.random.rand(3), expected)


def test_flower_petals_alternate_between_the_classes():
    # Without noise, a point's petal (its angle rounded to a multiple of 60 degrees)
    # decides its label.
    X, Y = planar.load_flower(600, noise=0.0)
    petal = np.round(np.arctan2(X[1], X[0]) / (np.pi / 3)).astype(int) % 6
    assert np.array_equal(petal % 2, Y.ravel())


@pytest.mark.parametrize(("m", "petals"), [(-1, 6), (10, 5), (10, 0)])
def test_flower_rejects_bad_arguments(m, petals):
    with pytest.raises(ValueError):
        planar.load_flower(m, petals=petals)


def test_extra_datasets_shapes_and_labels():
    data = planar.load_extra_datasets(m=150)
    assert set(data) == {"noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles"}
    for X, Y in data.values():
        assert X.shape == (2, 150) and Y.shape == (1, 150)
        assert set(np.unique(Y)) == {0, 1}
    again = planar.load_extra_datasets(m=150)
    assert all(np.array_equal(data[k][0], again[k][0]) for k in data)


def test_plot_decision_boundary_draws_on_given_axes():
    X, Y = planar.load_flower(50)
    fig, ax = plt.subplots()
    seen = []

    def predict(points):
        seen.append(points.shape)
        return (points[0] > 0).astype(int)

    out = plotting.plot_decision_boundary(predict, X, Y, ax=ax, title="t")
    assert out is ax and ax.get_title() == "t"
    assert seen and seen[0][0] == 2
    plt.close(fig)


# --------------------------------------------------------------------------- Course 2 loaders


def test_circles_shapes_balance_and_inner_ring_is_class_1():
    train_X, train_Y, test_X, test_Y = planar.load_circles()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert test_X.shape == (2, 100) and test_Y.shape == (1, 100)
    assert train_Y.dtype == np.int64 and int(train_Y.sum()) == 150
    radius = np.hypot(*train_X)
    assert radius[train_Y[0] == 1].mean() < radius[train_Y[0] == 0].mean()
    assert not np.allclose(train_X[:, :100], test_X)  # two independent draws


def test_circles_and_moons_are_deterministic():
    a, b = planar.load_circles(), planar.load_circles()
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    X1, Y1 = planar.load_moons()
    X2, Y2 = planar.load_moons()
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2)
    assert X1.shape == (2, 300) and Y1.shape == (1, 300) and set(np.unique(Y1)) == {0, 1}
    assert not np.allclose(X1, planar.load_moons(seed=4)[0])


def test_overfit_2d_shapes_determinism_and_no_global_side_effect():
    np.random.seed(11)
    expected = np.random.rand(3)
    np.random.seed(11)
    first = planar.load_overfit_2d()
    assert np.array_equal(np.random.rand(3), expected)
    second = planar.load_overfit_2d()
    assert all(np.array_equal(x, y) for x, y in zip(first, second, strict=True))
    train_X, train_Y, test_X, test_Y = first
    assert train_X.shape == (2, 200) and test_X.shape == (2, 200)
    assert train_Y.shape == (1, 200) and train_Y.dtype == np.int64
    assert np.all(np.abs(train_X[0]) <= 1) and np.all(np.abs(train_X[1]) <= 0.8)


def test_overfit_2d_labels_follow_the_wave_with_some_noise():
    X, Y, _, _ = planar.load_overfit_2d(m_train=5000, m_test=0)
    above = X[1] > 0.15 * np.sin(np.pi * X[0] / 2 + 0.4)
    wrong = np.mean(above != Y[0].astype(bool))
    assert 0.05 < wrong < 0.15  # noisy, yet the border is what decides most labels


def _train_three_layer(X, Y, lambd):
    """The c2w1a2 baseline / L2 model, written out here with the plain helpers."""
    params = net.initialize_parameters([2, 20, 3, 1], seed=3)
    for _ in range(30000):
        _, cache = net.forward_propagation(X, params)
        grads = net.backward_propagation(X, Y, cache)
        for k in (1, 2, 3):
            grads[f"dW{k}"] = grads[f"dW{k}"] + lambd / X.shape[1] * params[f"W{k}"]
        params = net.update_parameters(params, grads, 0.3)
    return params


@pytest.mark.slow
def test_overfit_2d_baseline_overfits_and_l2_helps_on_the_test_set():
    train_X, train_Y, test_X, test_Y = planar.load_overfit_2d()
    plain = _train_three_layer(train_X, train_Y, 0.0)
    l2 = _train_three_layer(train_X, train_Y, 0.7)
    plain_train = net.predict(train_X, train_Y, plain)[1]
    plain_test = net.predict(test_X, test_Y, plain)[1]
    l2_test = net.predict(test_X, test_Y, l2)[1]
    assert plain_train - plain_test >= 0.04
    assert l2_test - plain_test >= 0.02
