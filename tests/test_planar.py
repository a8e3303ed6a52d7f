"""The planar datasets of c1w3a1: shapes, labels, determinism, no global side effects."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from shared_utils import planar, plotting


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
