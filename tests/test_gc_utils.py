"""`shared_utils.gc_utils` and the claims of the gradient-checking lesson (c2w1a3)."""

from __future__ import annotations

import numpy as np
import pytest

from graders.notebooks import read_notebook
from graders.registry import ASSIGNMENTS
from graders.specs.c2w1a3 import _gradients, _network
from shared_utils.gc_utils import (
    THRESHOLD,
    dictionary_to_vector,
    forward_propagation_n,
    gradients_to_vector,
    numerical_gradients,
    print_check_report,
    relative_difference,
    vector_to_dictionary,
)


def _params(dims: list[int], seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for layer in range(1, len(dims)):
        out[f"W{layer}"] = rng.normal(size=(dims[layer], dims[layer - 1]))
        out[f"b{layer}"] = rng.normal(size=(dims[layer], 1))
    return out


def _centred_gradient(params: dict, X: np.ndarray, Y: np.ndarray, h: float = 1e-6) -> np.ndarray:
    theta, _ = dictionary_to_vector(params)
    grad = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += h
        minus[i] -= h
        j_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(plus, params))
        j_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(minus, params))
        grad[i] = (j_plus - j_minus) / (2 * h)
    return grad


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


@pytest.mark.parametrize("dims", [[4, 5, 3, 1], [2, 1], [3, 6, 2, 4, 1]])
def test_vector_round_trip_gives_the_parameters_back(dims):
    params = _params(dims)
    theta, keys = dictionary_to_vector(params)
    assert theta.shape == (sum(p.size for p in params.values()), 1)
    assert len(keys) == theta.shape[0]
    back = vector_to_dictionary(theta, params)
    assert set(back) == set(params)
    for key in params:
        np.testing.assert_array_equal(back[key], params[key])


def test_vector_order_is_w1_b1_w2_b2_row_by_row():
    params = {
        "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),
        "b1": np.array([[5.0], [6.0]]),
        "W2": np.array([[7.0, 8.0]]),
        "b2": np.array([[9.0]]),
    }
    theta, keys = dictionary_to_vector(
        {"b2": params["b2"], **params}
    )  # dict order must not matter
    np.testing.assert_array_equal(theta[:, 0], np.arange(1.0, 10.0))
    assert keys == ["W1"] * 4 + ["b1"] * 2 + ["W2"] * 2 + ["b2"]


def test_gradients_line_up_with_parameters_and_extra_keys_are_ignored():
    params = _params([3, 2, 1])
    grads = {f"d{k}": v * 10 for k, v in params.items()}
    grads["dA1"] = np.ones((2, 5))  # a backward pass may return more than dW and db
    theta, _ = dictionary_to_vector(params)
    np.testing.assert_array_equal(gradients_to_vector(grads), 10 * theta)


def test_vector_to_dictionary_rejects_the_wrong_length_and_returns_copies():
    params = _params([3, 2, 1])
    theta, _ = dictionary_to_vector(params)
    with pytest.raises(ValueError, match="entries"):
        vector_to_dictionary(theta[:-1], params)
    back = vector_to_dictionary(theta, params)
    back["W1"][0, 0] = 123.0
    assert theta[0, 0] != 123.0 and params["W1"][0, 0] != 123.0


def test_forward_pass_of_one_layer_is_logistic_regression():
    X = np.array([[1.0, -2.0, 0.5]])
    Y = np.array([[1.0, 0.0, 1.0]])
    params = {"W1": np.array([[0.8]]), "b1": np.array([[-0.1]])}
    a = 1 / (1 + np.exp(-(0.8 * X - 0.1)))
    expected = -np.mean(Y * np.log(a) + (1 - Y) * np.log(1 - a))
    cost, cache = forward_propagation_n(X, Y, params)
    assert isinstance(cost, float)
    assert cost == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(cache["A1"], a, rtol=1e-12)


def test_forward_pass_uses_relu_in_hidden_layers_and_leaves_inputs_alone():
    params = _params([3, 4, 1], seed=3)
    X = np.random.default_rng(4).normal(size=(3, 6))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0]])
    before = {k: v.copy() for k, v in params.items()}
    _, cache = forward_propagation_n(X, Y, params)
    np.testing.assert_array_equal(cache["A1"], np.maximum(0, params["W1"] @ X + params["b1"]))
    assert (cache["Z1"] < 0).any()  # the test means something: some units are off
    for key in params:
        np.testing.assert_array_equal(params[key], before[key])


@pytest.mark.parametrize(("dims", "m"), [([4, 5, 3, 1], 3), ([2, 6, 4, 3, 1], 4), ([5, 1], 7)])
def test_grader_gradients_agree_with_centred_differences(dims, m):
    # The hidden cases call these gradients "right": that claim is checked here.
    params, X, Y = _network(np.random.default_rng(sum(dims) + m), dims, m)
    grad = gradients_to_vector(_gradients(params, X, Y))
    assert _relative(grad, _centred_gradient(params, X, Y)) < 1e-7


@pytest.mark.parametrize("bug", ["db_sum", "relu_as_activation", "dW2_scaled"])
def test_grader_bugs_are_visible_to_a_gradient_check(bug):
    params, X, Y = _network(np.random.default_rng(11), [3, 4, 3, 1], 5)
    grad = gradients_to_vector(_gradients(params, X, Y, bug))
    assert _relative(grad, _centred_gradient(params, X, Y)) > 1e-3


def test_report_flags_only_the_parameters_that_disagree(capsys):
    params = _params([3, 2, 1])
    theta, _ = dictionary_to_vector(params)
    wrong = theta.copy()
    wrong[6:8] *= 2  # the two entries of b1
    print_check_report(_relative(theta, wrong), theta, wrong, params)
    lines = capsys.readouterr().out.splitlines()
    assert "wrong" in lines[0]
    flagged = [line.split()[0] for line in lines[1:] if "check this one" in line]
    assert flagged == ["db1"]


def test_report_says_right_below_the_threshold(capsys):
    print_check_report(THRESHOLD / 10)
    assert "looks right" in capsys.readouterr().out


def _lesson_backward_passes() -> dict:
    """The notebook's buggy and fixed backward passes, taken from its cells."""
    nb = read_notebook(ASSIGNMENTS["c2w1a3"].source_notebook)
    namespace: dict = {"np": np}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("def backward_propagation_n"):
            source = cell.source.split("\n\n\ngradients =")[0]  # the definition only
            exec(compile(source, "<lesson cell>", "exec"), namespace)
    return namespace


def _lesson_data() -> tuple:
    """The notebook's data and parameters (same seed and order of draws)."""
    np.random.seed(1)
    X = np.random.randn(4, 3)
    Y = np.array([[1, 0, 1]])
    dims = [4, 5, 3, 1]
    params = {}
    for layer in range(1, 4):
        params[f"W{layer}"] = np.random.randn(dims[layer], dims[layer - 1])
        params[f"b{layer}"] = np.random.randn(dims[layer], 1)
    return X, Y, params


def test_lesson_bugs_fail_the_check_and_the_fixed_pass_passes_it():
    passes = _lesson_backward_passes()
    X, Y, params = _lesson_data()
    _, cache = forward_propagation_n(X, Y, params)
    numeric = _centred_gradient(params, X, Y, h=1e-7)
    buggy = gradients_to_vector(passes["backward_propagation_n"](X, Y, cache))
    fixed = gradients_to_vector(passes["backward_propagation_n_fixed"](X, Y, cache))
    assert _relative(buggy, numeric) > 0.1  # the lesson quotes about 0.35
    assert _relative(fixed, numeric) < THRESHOLD / 10  # and about 2e-9


# ----------------------------------------------------------------- generic helpers (c2w3a2)


def test_relative_difference_is_scale_free_and_zero_for_two_zeros():
    a = np.array([[3.0, 4.0]])
    assert relative_difference(a, a) == 0.0
    assert relative_difference(a, -a) == pytest.approx(1.0)
    assert relative_difference(a, 3 * a) == pytest.approx(0.5)  # (3 - 1) / (3 + 1)
    assert relative_difference(1e-9 * a, 3e-9 * a) == pytest.approx(0.5)
    assert relative_difference(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="shapes"):
        relative_difference(np.zeros((2, 1)), np.zeros(2))


def test_relative_difference_of_dicts_pools_every_entry_by_key():
    left = {"Z": np.array([[1.0, -2.0]]), "gamma": np.array([[2.0]])}
    right = {"gamma": np.array([[2.0]]), "Z": np.array([[1.0, -2.0]])}
    assert relative_difference(left, right) == 0.0
    right["gamma"] = np.array([[0.0]])
    expected = 2.0 / (3.0 + np.sqrt(5.0))  # ||(0, 0, 2)|| / (||(1, -2, 2)|| + ||(1, -2, 0)||)
    assert relative_difference(left, right) == pytest.approx(expected)
    with pytest.raises(ValueError, match="keys"):
        relative_difference(left, {"Z": left["Z"]})
    with pytest.raises(ValueError):
        relative_difference(left, left["Z"])


def test_numerical_gradients_match_known_derivatives_and_leave_inputs_alone():
    x = np.array([[0.5, -1.0, 2.0]])
    w = np.array([[1.5], [-0.5]])
    original = (x.copy(), w.copy())

    def cost(arrays):
        return float(np.sum(np.sin(arrays["x"])) + np.sum(arrays["w"] ** 3))

    estimates = numerical_gradients(cost, {"x": x, "w": w})
    assert set(estimates) == {"x", "w"} and estimates["w"].shape == (2, 1)
    np.testing.assert_allclose(estimates["x"], np.cos(x), rtol=1e-6)
    np.testing.assert_allclose(estimates["w"], 3 * w**2, rtol=1e-6)
    np.testing.assert_array_equal(x, original[0])
    np.testing.assert_array_equal(w, original[1])


def test_numerical_gradients_agree_with_backprop_of_the_checked_network():
    params = _params([3, 4, 2, 1], seed=3)
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(3, 5)), rng.integers(0, 2, size=(1, 5))
    estimates = numerical_gradients(lambda p: forward_propagation_n(X, Y, p)[0], params)
    reference = vector_to_dictionary(_centred_gradient(params, X, Y, h=1e-7), params)
    assert relative_difference(estimates, reference) < 1e-9
