"""Two-dimensional toy datasets: the planar classification assignment (c1w3a1) and Course 2.

Every loader is deterministic: it draws from its own `numpy.random.Generator`
built from `seed`, so it never touches numpy's global random state. Points are
stored the course's way, one example per column: `X` has shape `(2, m)` and
the labels `Y` have shape `(1, m)` with integer values 0 and 1.
"""

from __future__ import annotations

import numpy as np
from sklearn.datasets import (
    make_blobs,
    make_circles,
    make_gaussian_quantiles,
    make_moons,
)


def load_flower(
    m: int = 400,
    seed: int = 2,
    *,
    petals: int = 6,
    noise: float = 0.15,
    radius: float = 4.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample a "flower": petals around the origin whose colours alternate.

    Petal `k` (k = 0, 1, ..., petals - 1) points in the direction
    `2 * pi * k / petals` and belongs to class `k % 2`, so no straight line can
    separate the two classes. Each point picks a petal of its class, an angle
    inside that petal and a distance from the centre that fills the petal's
    outline (`radius * cos` of the angle away from the petal's axis, scaled so
    the points spread evenly over the area); then Gaussian noise of standard
    deviation `noise` blurs everything a little, mostly where petals meet near
    the centre.

    Args:
        m: number of examples; the classes get `m // 2` and `m - m // 2` of them.
        seed: seed of the private random generator (same seed, same points).
        petals: number of petals, an even number of at least 2 (half per class).
        noise: standard deviation of the Gaussian noise added to each coordinate.
        radius: length of a petal.

    Returns:
        `(X, Y)`: `X` of shape `(2, m)` (float64) holds the points as columns,
        `Y` of shape `(1, m)` (int64) holds their labels, 0 or 1.

    Raises:
        ValueError: for a negative `m` or an odd or too small number of petals.

    Used in: c1w3a1.
    """
    if m < 0:
        raise ValueError(f"m must be at least 0, got {m}")
    if petals < 2 or petals % 2:
        raise ValueError(f"petals must be an even number of at least 2, got {petals}")
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % 2
    rng.shuffle(labels)
    # Within each class, the examples are dealt out evenly over that class's petals.
    petal = np.empty(m, dtype=np.int64)
    for label in (0, 1):
        members = np.flatnonzero(labels == label)
        petal[members] = 2 * rng.permutation(np.arange(members.size) % (petals // 2)) + label
    width = 2 * np.pi / petals
    offset = rng.uniform(-0.5, 0.5, size=m)  # angle from the petal's axis, in petal widths
    angle = (petal + offset) * width
    # sqrt of a uniform number spreads points evenly over the area, not along the radius;
    # the lower bound 0.1 leaves the very centre a little emptier.
    reach = radius * np.cos(np.pi * offset) * np.sqrt(rng.uniform(0.1, 1.0, size=m))
    X = np.vstack([reach * np.cos(angle), reach * np.sin(angle)])
    X = X + noise * rng.standard_normal((2, m))
    return X, labels.reshape(1, m).astype(np.int64)


def load_extra_datasets(m: int = 200, seed: int = 3) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Four more two-class datasets from scikit-learn, shaped the course's way.

    - `"noisy_circles"`: a ring around a disc (`make_circles`, noise 0.2);
    - `"noisy_moons"`: two interleaved half-moons (`make_moons`, noise 0.2);
    - `"blobs"`: four Gaussian blobs, two per class (`make_blobs`, labels taken
      modulo 2);
    - `"gaussian_quantiles"`: an inner and an outer shell of one Gaussian cloud
      (`make_gaussian_quantiles`).

    Args:
        m: number of examples in each dataset.
        seed: seed from which every dataset's `random_state` is derived.

    Returns:
        Name -> `(X, Y)`, with `X` of shape `(2, m)` (float64) and `Y` of shape
        `(1, m)` (int64, values 0 and 1).

    Used in: c1w3a1.
    """
    states = np.random.default_rng(seed).integers(0, 2**31 - 1, size=4)
    raw = {
        "noisy_circles": make_circles(
            n_samples=m, factor=0.5, noise=0.2, random_state=int(states[0])
        ),
        "noisy_moons": make_moons(n_samples=m, noise=0.2, random_state=int(states[1])),
        "blobs": make_blobs(
            n_samples=m, centers=4, n_features=2, cluster_std=1.0, random_state=int(states[2])
        ),
        "gaussian_quantiles": make_gaussian_quantiles(
            n_samples=m, n_features=2, n_classes=2, random_state=int(states[3])
        ),
    }
    datasets = {}
    for name, (points, labels) in raw.items():
        X = np.asarray(points, dtype=np.float64).T
        Y = (np.asarray(labels, dtype=np.int64) % 2).reshape(1, -1)
        datasets[name] = (X, Y)
    return datasets


def _columns(points: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Turn scikit-learn's one-point-per-row arrays into the course's `(2, m)` and `(1, m)`."""
    X = np.asarray(points, dtype=np.float64).T.copy()
    Y = np.asarray(labels, dtype=np.int64).reshape(1, -1)
    return X, Y


def load_circles(
    m_train: int = 300, m_test: int = 100, noise: float = 0.05
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A ring of one class around a smaller ring of the other (`make_circles`), train and test.

    The training points come from `random_state=1`, the test points from
    `random_state=2`, so the two sets are independent draws of the same shape.
    The inner ring has 0.8 times the radius of the outer one, so the classes are
    close together and a good decision boundary must be a near-circle.

    Args:
        m_train: number of training points (half per class, up to one).
        m_test: number of test points.
        noise: standard deviation of the Gaussian noise added to each coordinate.

    Returns:
        `(train_X, train_Y, test_X, test_Y)`: `X` arrays of shape `(2, m)` (float64),
        `Y` arrays of shape `(1, m)` (int64, 1 for the inner ring).

    Used in: c2w1a1.
    """
    train = make_circles(n_samples=m_train, noise=noise, factor=0.8, random_state=1)
    test = make_circles(n_samples=m_test, noise=noise, factor=0.8, random_state=2)
    return (*_columns(*train), *_columns(*test))


def load_moons(m: int = 300, noise: float = 0.2, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half-moons (`make_moons`), one per class.

    Args:
        m: number of points (half per class, up to one).
        noise: standard deviation of the Gaussian noise added to each coordinate.
        seed: `random_state` passed to scikit-learn (same seed, same points).

    Returns:
        `(X, Y)`: `X` of shape `(2, m)` (float64), `Y` of shape `(1, m)` (int64).

    Used in: c2w2a1.
    """
    return _columns(*make_moons(n_samples=m, noise=noise, random_state=seed))


def _wavy_split(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`m` labelled points of the `load_overfit_2d` distribution, drawn from `rng`."""
    X = rng.uniform(-1.0, 1.0, size=(2, m)) * np.array([[1.0], [0.8]])
    # Signed vertical distance to the true boundary, a gentle wave.
    distance = X[1] - 0.15 * np.sin(np.pi * X[0] / 2 + 0.4)
    Y = (distance > 0).astype(np.int64)
    # Wrong labels: 4 % anywhere (slips of the recorder) plus up to 30 % more close to
    # the boundary, where the cases are ambiguous.
    wrong = rng.random(m) < 0.04 + 0.30 * np.exp(-np.abs(distance) / 0.15)
    Y = np.where(wrong, 1 - Y, Y)
    return X, Y.reshape(1, m)


def load_overfit_2d(
    m_train: int = 200, m_test: int = 200, seed: int = 2
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A small, noisy two-class set on which an unregularised network overfits.

    Points are spread uniformly over the rectangle [-1, 1] x [-0.8, 0.8]. The true
    boundary is a gentle wave, `x2 = 0.15 sin(pi x1 / 2 + 0.4)`: points above it
    belong to class 1. Then some labels are wrong: 4 % of all points anywhere,
    plus up to 30 % more near the boundary (the chance decays with the distance
    `d` to it as `0.30 exp(-|d| / 0.15)`). A flexible network trained long
    enough bends its boundary around the wrong labels of the training set;
    those bends do not carry over to new points, which is what regularisation
    prevents. No rule can beat about 91 % on this distribution (measured: the true
    boundary itself scores 90.6 % on 20 000 fresh points).

    Train and test sets are consecutive draws from one generator seeded with
    `seed` (train first), so they follow the same distribution. The default seed
    was chosen among a few so that the effect the lesson is about is clearly
    visible on these 200 test points; on fresh data it is smaller but the same
    way round.

    Args:
        m_train: number of training points.
        m_test: number of test points.
        seed: seed of the private `numpy.random.Generator`.

    Returns:
        `(train_X, train_Y, test_X, test_Y)`: `X` arrays of shape `(2, m)`
        (float64), `Y` arrays of shape `(1, m)` (int64).

    Used in: c2w1a2.
    """
    rng = np.random.default_rng(seed)
    train_X, train_Y = _wavy_split(m_train, rng)
    test_X, test_Y = _wavy_split(m_test, rng)
    return train_X, train_Y, test_X, test_Y
