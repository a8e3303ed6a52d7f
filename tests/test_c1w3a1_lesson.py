"""c1w3a1 (Planar data classification): the claims the lesson makes about its own runs.

The notebook quotes what its cells print when they run with the reference solutions:
the cost of the 4-unit network at learning rate 1.2 bottoms out near iteration 1280
and then alternates between two values, a smaller rate does not oscillate, a network
without tanh collapses into logistic regression, and accuracies on 20 000 fresh points
show the hidden-size trade-off. These tests run the notebook's own cells and check
those claims with margins, so a change to the data or the functions that breaks the
story fails here.
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
from shared_utils import planar

ASSIGNMENT = ASSIGNMENTS["c1w3a1"]


def _cells() -> dict[str, str]:
    nb = read_notebook(ASSIGNMENT.source_notebook)
    return {cell.get("id"): cell.source for cell in nb.cells if cell.cell_type == "code"}


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """The reference solutions with the notebook's data (the flower), without plotting."""
    return solution_namespace("c1w3a1", cells=("X, Y = planar.load_flower()",))


def _costs(notebook: dict[str, Any], learning_rate: float, iterations: int) -> np.ndarray:
    """Cost at every iteration of the seed-3, 4-unit run (what the curve cell records)."""
    X, Y = notebook["X"], notebook["Y"]
    np.random.seed(3)
    parameters = notebook["initialize_parameters"](2, 4, 1)
    costs = []
    for _ in range(iterations):
        A2, cache = notebook["forward_propagation"](X, parameters)
        costs.append(notebook["compute_cost"](A2, Y))
        grads = notebook["backward_propagation"](parameters, cache, X, Y)
        parameters = notebook["update_parameters"](parameters, grads, learning_rate=learning_rate)
    return np.array(costs)


def test_the_curve_cell_records_the_run_of_nn_model(notebook):
    source = _cells()["cell-i15-cost-curve"]
    assert "np.random.seed(3)" in source and "range(10000)" in source
    assert "curve_rate = 1.2" in source


@pytest.mark.slow
def test_at_rate_1_2_the_cost_bottoms_out_near_1280_then_alternates(notebook):
    costs = _costs(notebook, 1.2, 10000)
    lowest = int(np.argmin(costs))
    assert 1270 <= lowest <= 1290 and costs[lowest] == pytest.approx(0.1698, abs=5e-4)
    steps = np.diff(costs)
    assert np.all(steps[:lowest] < 0)  # down at every step up to the lowest point
    assert costs[lowest : lowest + 40].max() > 0.2  # the jump seen in the zoom
    assert np.all(steps[1:][-8000:] * steps[:-1][-8000:] < 0)  # up, down, up, down ...
    np.testing.assert_allclose(sorted(costs[-2:]), [0.1793, 0.1807], atol=2e-4)


@pytest.mark.slow
def test_at_rate_0_3_the_cost_goes_down_at_every_step(notebook):
    costs = _costs(notebook, 0.3, 10000)
    assert np.all(np.diff(costs) < 0)
    assert costs[-1] == pytest.approx(0.164, abs=1e-3)


def test_without_tanh_the_network_is_logistic_regression(notebook):
    namespace = dict(notebook)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        source = _cells()["cell-i15-linear"].split("plotting.plot_decision_boundary")[0]
        exec(source, namespace)
    A2, w, c, X, Y = (namespace[k] for k in ("A2", "w", "c", "X", "Y"))
    assert np.abs(A2 - 1 / (1 + np.exp(-(w @ X + c)))).max() < 1e-12
    assert np.mean((A2 > 0.5) == Y) == pytest.approx(0.4425)  # quoted: 44.25 %
    assert "training accuracy 44.25 %" in printed.getvalue()


@pytest.mark.slow
def test_fresh_accuracies_show_the_trade_off_the_lesson_reads(notebook):
    X, Y = notebook["X"], notebook["Y"]
    X_fresh, Y_fresh = planar.load_flower(m=20000, seed=3)
    quoted = {3: 0.8811, 4: 0.8756, 20: 0.8661, 50: 0.8670}
    for n_h, fresh in quoted.items():
        np.random.seed(3)
        parameters = notebook["nn_model"](X, Y, n_h, num_iterations=10000)
        assert np.mean(notebook["predict"](parameters, X_fresh) == Y_fresh) == pytest.approx(
            fresh, abs=2e-4
        )
