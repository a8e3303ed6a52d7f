"""c2w1a3 (Gradient checking): every number the lesson quotes about its own cells.

The lesson reads its error plot (centred against one-sided differences of sin at 1),
quotes the difference of the one-parameter check, and reads the per-parameter report
of the colleague's buggy backward pass and of the fixed one. These tests rerun those
cells with the reference solutions and check the numbers and the reading.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from shared_utils.gc_utils import (
    THRESHOLD,
    dictionary_to_vector,
    forward_propagation_n,
    gradients_to_vector,
    numerical_gradients,
    relative_difference,
)

SETUP = "np.random.seed(1)\nX = np.random.randn(4, 3)"


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return solution_namespace(
        "c2w1a3",
        cells=(SETUP, "def backward_propagation_n(", "def backward_propagation_n_fixed("),
    )


def _per_parameter(ns: dict[str, Any], backward) -> dict[str, float]:
    """Relative difference of each parameter's gradient, as `print_msg=True` reports it."""
    X, Y, parameters = ns["X"], ns["Y"], ns["parameters"]
    _, cache = forward_propagation_n(X, Y, parameters)
    grads = backward(X, Y, cache)
    estimate = numerical_gradients(lambda p: forward_propagation_n(X, Y, p)[0], parameters)
    return {name: relative_difference(grads["d" + name], estimate[name]) for name in parameters}


def test_the_error_plot_reads_as_the_lesson_says():
    # The curves of the plot cell (which draws, so it is recomputed here).
    eps = np.logspace(-1, -12, 45)
    one_sided = np.abs((np.sin(1 + eps) - np.sin(1)) / eps - np.cos(1))
    centred = np.abs((np.sin(1 + eps) - np.sin(1 - eps)) / (2 * eps) - np.cos(1))
    # The printed example at epsilon = 1e-3, and the constants |J''|/2 and |J'''|/6.
    e = 1e-3
    assert abs((np.sin(1 + e) - np.sin(1)) / e - np.cos(1)) == pytest.approx(4.2e-4, rel=0.01)
    assert abs((np.sin(1 + e) - np.sin(1 - e)) / (2 * e) - np.cos(1)) == pytest.approx(
        9.0e-8, rel=0.01
    )
    # Centred: best near 1e-5, with errors below 1e-12.
    assert 3e-6 < eps[np.argmin(centred)] < 3e-5 and centred.min() < 1e-12
    # One-sided: best near 1e-8, a few 1e-9, thousands of times worse.
    assert 3e-9 < eps[np.argmin(one_sided)] < 3e-8 and 1e-9 < one_sided.min() < 1e-8
    assert one_sided.min() / centred.min() > 1000
    # At the chosen epsilon = 1e-7 the centred error is below 1e-9, over 100 times below
    # the threshold.
    at = np.argmin(np.abs(np.log(eps) - np.log(1e-7)))
    assert centred[at] < 1e-9 and THRESHOLD / centred[at] > 100


def test_the_one_parameter_check_is_far_below_the_threshold(notebook):
    difference = notebook["gradient_check"](x=3.5, theta=-1.2)
    assert 1e-11 < difference < 1e-9  # "about 1e-10, more than a thousand times below"
    assert THRESHOLD / difference > 1000


def test_the_network_has_47_parameters(notebook):
    theta, keys = dictionary_to_vector(notebook["parameters"])
    assert theta.shape == (47, 1)
    assert keys[18:23] == ["W1", "W1", "b1", "b1", "b1"]


def test_the_report_on_the_colleagues_backward_pass(notebook):
    ns = notebook
    _, cache = forward_propagation_n(ns["X"], ns["Y"], ns["parameters"])
    gradients = ns["backward_propagation_n"](ns["X"], ns["Y"], cache)
    overall = ns["gradient_check_n"](ns["parameters"], gradients, ns["X"], ns["Y"])
    assert overall == pytest.approx(0.35, abs=0.01) and overall / THRESHOLD > 1e6
    local = _per_parameter(ns, ns["backward_propagation_n"])
    assert all(local[name] < 1e-8 for name in ("W2", "b2", "W3")), local
    assert local["b3"] == pytest.approx(0.5, abs=1e-6)  # db3 is m = 3 times too large
    assert local["W1"] > 1e-3 and local["b1"] > 1e-3, local
    grad = gradients_to_vector(gradients)
    assert grad.shape == (47, 1)


def test_the_fixed_backward_pass_passes_by_about_a_factor_100(notebook):
    ns = notebook
    _, cache = forward_propagation_n(ns["X"], ns["Y"], ns["parameters"])
    gradients = ns["backward_propagation_n_fixed"](ns["X"], ns["Y"], cache)
    overall = ns["gradient_check_n"](ns["parameters"], gradients, ns["X"], ns["Y"])
    assert 1e-9 < overall < 4e-9  # "about 2e-9"
    assert 50 < THRESHOLD / overall < 200  # "about 100 times below the threshold"
    local = _per_parameter(ns, ns["backward_propagation_n_fixed"])
    assert all(value < 1e-8 for value in local.values()), local
