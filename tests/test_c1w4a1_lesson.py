"""c1w4a1 (Deep network step by step): the lesson's claims about its own runs.

The notebook trains [2, 16, 8, 1] on a disc for 600 iterations twice: from weights of
size 0.01 the cost sticks at the cost of always predicting the share of label 1 (0.593),
because every weight gradient stays tiny (below 1e-3); with the same numbers scaled to
1/sqrt(n[l-1]) it falls well below. It also states the convention behind dA and dZ
(no 1/m; the average is taken in dW and db). These tests rerun those runs (well under a
second each) with the notebook's own cells and check the quoted numbers and claims.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.notebooks import read_notebook
from graders.registry import ASSIGNMENTS


def _cell(start: str) -> str:
    nb = read_notebook(ASSIGNMENTS["c1w4a1"].source_notebook)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    (source,) = [source for source in code if source.startswith(start)]
    return source


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """The solutions, the toy data and the `train` loop and scaled start of the notebook."""
    ns = solution_namespace("c1w4a1")
    exec(_cell("def make_disc_data").split("X_toy, Y_toy = ")[0], ns)
    ns["X_toy"], ns["Y_toy"] = ns["make_disc_data"](300)
    train_cell = _cell("def train(")
    assert "layer_dims = [2, 16, 8, 1]" in train_cell and "np.random.seed(1)" in train_cell
    assert "learning_rate=0.5, num_iterations=600" in train_cell
    ns["layer_dims"] = [2, 16, 8, 1]
    np.random.seed(1)
    ns["small_start"] = ns["initialize_parameters_deep"](ns["layer_dims"])
    exec(train_cell.split("\n\n\nlayer_dims")[0], ns)
    exec(_cell("scaled_start = ").split("trained, costs_scaled")[0], ns)
    return ns


def _train(ns, start, iterations=600):
    with contextlib.redirect_stdout(io.StringIO()):
        return ns["train"](
            ns["X_toy"],
            ns["Y_toy"],
            start,
            learning_rate=0.5,
            num_iterations=iterations,
            print_every=0,
        )


def _largest_weight_gradient(ns, parameters) -> float:
    AL, caches = ns["L_model_forward"](ns["X_toy"], parameters)
    grads = ns["L_model_backward"](AL, ns["Y_toy"], caches)
    return max(float(np.abs(grads[f"dW{layer}"]).max()) for layer in (1, 2, 3))


def test_the_toy_data_has_28_percent_label_1(notebook):
    assert f"{notebook['Y_toy'].mean():.0%}" == "28%"


def test_an_untrained_network_predicts_one_half(notebook):
    np.random.seed(2)
    X = np.random.randn(5, 4)
    AL, _ = notebook["L_model_forward"](X, notebook["initialize_parameters_deep"]([5, 4, 3, 1]))
    np.testing.assert_allclose(AL, 0.5, atol=5e-7)


def test_small_weights_stick_at_the_cost_of_predicting_the_share(notebook):
    start = notebook["small_start"]
    trained, costs = _train(notebook, start)
    p = notebook["Y_toy"].mean()
    plateau = -(p * np.log(p) + (1 - p) * np.log(1 - p))
    assert f"{plateau:.4f}" == "0.5930"
    np.testing.assert_allclose(costs[100:], plateau, atol=5e-5)
    sig_b3 = 1 / (1 + np.exp(-trained["b3"][0, 0]))
    assert sig_b3 == pytest.approx(p, abs=1e-3)  # the output bias learned the share
    assert all(np.abs(trained[k] - start[k]).max() < 0.02 for k in ("W1", "W2", "W3"))


def test_with_small_weights_every_weight_gradient_stays_below_1e_3(notebook):
    parameters, largest = notebook["small_start"], 0.0
    for _ in range(600):
        largest = max(largest, _largest_weight_gradient(notebook, parameters))
        AL, caches = notebook["L_model_forward"](notebook["X_toy"], parameters)
        grads = notebook["L_model_backward"](AL, notebook["Y_toy"], caches)
        parameters = notebook["update_parameters"](parameters, grads, 0.5)
    assert largest < 1e-3


def _shrink_factors(ns, parameters) -> list[float]:
    """How many times smaller each layer's Z is than the layer's input (root mean square)."""
    _, caches = ns["L_model_forward"](ns["X_toy"], parameters)
    rms = [float(np.sqrt(np.mean(ns["X_toy"] ** 2)))]
    rms += [float(np.sqrt(np.mean(Z**2))) for _, Z in caches]
    return [a / b for a, b in zip(rms[:-1], rms[1:], strict=True)]


def test_small_weights_shrink_the_signal_about_100_times_scaled_ones_at_most_4(notebook):
    small = _shrink_factors(notebook, notebook["small_start"])
    scaled = _shrink_factors(notebook, notebook["scaled_start"])
    assert all(40 < f < 200 for f in small)
    assert all(f < 4.5 for f in scaled)


def test_scaled_weights_fall_well_below_the_plateau(notebook):
    _, costs = _train(notebook, notebook["scaled_start"])
    assert costs[100] < 0.2 and costs[-1] == pytest.approx(0.0237, abs=5e-4)
    assert np.all(np.diff(costs[100::100]) < 0)  # and keeps going down


def test_dA_and_dZ_carry_no_1_over_m_and_dW_is_the_gradient_of_J(notebook):
    ns = notebook
    np.random.seed(4)
    X, Y = np.random.randn(3, 5), np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
    params = {k: v * 30 for k, v in ns["initialize_parameters_deep"]([3, 4, 1]).items()}
    AL, caches = ns["L_model_forward"](X, params)
    grads = ns["L_model_backward"](AL, Y, caches)

    def cost_at(X_, params_):
        return float(ns["compute_cost"](ns["L_model_forward"](X_, params_)[0], Y))

    eps, m = 1e-6, X.shape[1]
    bumped = {k: v.copy() for k, v in params.items()}
    bumped["W1"][1, 2] += eps
    assert grads["dW1"][1, 2] == pytest.approx(
        (cost_at(X, bumped) - cost_at(X, params)) / eps, rel=1e-4
    )
    X_bumped = X.copy()
    X_bumped[0, 3] += eps
    dJ_dx = (cost_at(X_bumped, params) - cost_at(X, params)) / eps
    assert grads["dA0"][0, 3] == pytest.approx(m * dJ_dx, rel=1e-4)  # m times dJ/dA
