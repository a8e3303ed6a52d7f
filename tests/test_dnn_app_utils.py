"""The building blocks handed to c1w4a2: shapes, gradients and one step of descent."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from shared_utils import dnn_app_utils as dnn  # noqa: E402


def _params(rng: np.random.Generator, dims: list[int]) -> dict[str, np.ndarray]:
    params = {}
    for layer in range(1, len(dims)):
        params[f"W{layer}"] = rng.normal(0.0, 1.0, size=(dims[layer], dims[layer - 1]))
        params[f"b{layer}"] = rng.normal(0.0, 0.5, size=(dims[layer], 1))
    return params


def _cost(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> float:
    AL, _ = dnn.L_model_forward(X, params)
    return dnn.compute_cost(AL, Y)


def test_initialisers_shapes_scale_and_agreement():
    np.random.seed(3)
    two = dnn.initialize_parameters(50, 4, 1)
    np.random.seed(3)
    deep = dnn.initialize_parameters_deep([50, 4, 1])
    assert {k: v.shape for k, v in two.items()} == {
        "W1": (4, 50),
        "b1": (4, 1),
        "W2": (1, 4),
        "b2": (1, 1),
    }
    for key in two:
        np.testing.assert_array_equal(two[key], deep[key])
    np.random.seed(0)
    big = dnn.initialize_parameters_deep([2000, 300, 1])
    assert abs(big["W1"].std() - 1 / np.sqrt(2000)) < 0.002  # randn / sqrt(n_prev)
    assert not big["b1"].any() and not big["b2"].any()


def test_initialisers_do_not_seed_themselves():
    np.random.seed(5)
    first = dnn.initialize_parameters_deep([3, 2, 1])
    second = dnn.initialize_parameters_deep([3, 2, 1])
    assert not np.array_equal(first["W1"], second["W1"])


def test_forward_shapes_and_cache_layout():
    rng = np.random.default_rng(0)
    params = _params(rng, [5, 4, 3, 1])
    X = rng.normal(size=(5, 7))
    AL, caches = dnn.L_model_forward(X, params)
    assert AL.shape == (1, 7) and np.all((AL > 0) & (AL < 1))
    assert len(caches) == 3
    (A_prev, W, b), Z = caches[0]
    assert A_prev is X and W is params["W1"] and b is params["b1"] and Z.shape == (4, 7)
    with pytest.raises(ValueError, match="unknown activation"):
        dnn.linear_activation_forward(X, params["W1"], params["b1"], "tanh")


def test_compute_cost_is_a_float():
    cost = dnn.compute_cost(np.array([[0.8, 0.1]]), np.array([[1, 0]]))
    assert isinstance(cost, float)
    assert cost == pytest.approx(-(np.log(0.8) + np.log(0.9)) / 2)


@pytest.mark.parametrize("dims", [[3, 1], [4, 3, 1], [3, 5, 2, 1]])
def test_L_model_backward_matches_centred_differences(dims):
    rng = np.random.default_rng(len(dims))
    params = _params(rng, dims)
    X = rng.normal(size=(dims[0], 6))
    Y = rng.integers(0, 2, size=(1, 6)).astype(float)
    AL, caches = dnn.L_model_forward(X, params)
    grads = dnn.L_model_backward(AL, Y, caches)
    eps = 1e-6
    for key, value in params.items():
        assert grads["d" + key].shape == value.shape
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][idx] += eps
            minus[key][idx] -= eps
            numeric[idx] = (_cost(X, Y, plus) - _cost(X, Y, minus)) / (2 * eps)
        np.testing.assert_allclose(grads["d" + key], numeric, rtol=1e-5, atol=1e-7)
    assert grads["dA0"].shape == X.shape


def test_update_parameters_lowers_the_cost_and_keeps_the_input():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(2, 40))
    Y = (X[0:1] + X[1:2] > 0).astype(float)  # separable toy problem
    params = _params(rng, [2, 3, 1])
    start = params
    before = {k: v.copy() for k, v in params.items()}
    cost = _cost(X, Y, params)
    for _ in range(20):
        AL, caches = dnn.L_model_forward(X, params)
        new = dnn.update_parameters(params, dnn.L_model_backward(AL, Y, caches), 0.1)
        assert _cost(X, Y, new) < _cost(X, Y, params)
        params = new
    assert _cost(X, Y, params) < cost
    for key, value in before.items():  # the caller's dict was never changed in place
        np.testing.assert_array_equal(start[key], value)


def test_update_parameters_returns_a_new_dict():
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    grads = {"dW1": np.ones((2, 2)), "db1": np.ones((2, 1))}
    new = dnn.update_parameters(params, grads, 0.5)
    np.testing.assert_array_equal(params["W1"], np.ones((2, 2)))
    np.testing.assert_array_equal(new["W1"], np.full((2, 2), 0.5))
    np.testing.assert_array_equal(new["b1"], np.full((2, 1), -0.5))


def test_predict_returns_labels_and_prints_accuracy(capsys):
    params = {"W1": np.array([[10.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-1.0, 2.0, 3.0, -4.0]])
    p = dnn.predict(X, np.array([[0, 1, 0, 0]]), params)
    np.testing.assert_array_equal(p, [[0.0, 1.0, 1.0, 0.0]])
    assert p.shape == (1, 4)
    assert "75.0%" in capsys.readouterr().out


def test_print_mislabeled_images_draws_only_the_wrong_ones(capsys):
    X = np.random.default_rng(1).uniform(size=(4 * 4 * 3, 5))
    y = np.array([[1, 0, 1, 0, 1]])
    p = np.array([[1, 1, 0, 0, 1]])
    fig = dnn.print_mislabeled_images(np.array([b"non-cat", b"cat"]), X, y, p)
    assert fig is not None and len([a for a in fig.axes if a.images]) == 2
    assert "2 of 5" in capsys.readouterr().out
    plt.close(fig)
    assert dnn.print_mislabeled_images(np.array([b"non-cat", b"cat"]), X, y, y) is None
