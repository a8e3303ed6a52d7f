"""c2w2a1 (Optimization methods): the claims the lesson makes about its own runs.

The notebook quotes what happens when its given `model` trains the [2, 5, 2, 1]
network on the moons with the reference solutions: Adam far ahead of plain
mini-batch gradient descent at the same learning rate and epochs, momentum no faster
than gradient descent there, `update_lr` killing the learning rate, and the scheduled
decay bringing gradient descent and momentum level with Adam. These tests run the
notebook's own cells (imports, solutions, `model`) and check those claims with margins,
so a change to the data, the network or the model that breaks the story fails here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.notebooks import read_notebook
from graders.registry import ASSIGNMENTS
from shared_utils import planar
from shared_utils import three_layer_net as net

ASSIGNMENT = ASSIGNMENTS["c2w2a1"]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """Namespace holding the notebook's imports, reference solutions and `model`."""
    return solution_namespace("c2w2a1", cells=("def model(",))


@pytest.fixture(scope="module")
def moons() -> tuple[np.ndarray, np.ndarray]:
    return planar.load_moons()


def _train(notebook: dict[str, Any], moons, **kwargs: Any) -> tuple[float, float]:
    """Final recorded cost and training accuracy of one run of the notebook's model."""
    X, Y = moons
    parameters, costs = notebook["model"](X, Y, [2, 5, 2, 1], print_cost=False, **kwargs)
    return costs[-1], net.predict(X, Y, parameters)[1]


def test_an_epoch_of_the_moons_is_four_full_mini_batches_and_one_of_44(notebook, moons):
    batches = notebook["random_mini_batches"](*moons, mini_batch_size=64, seed=0)
    assert [x.shape[1] for x, _ in batches] == [64, 64, 64, 64, 44]
    # One permutation for X and Y: every column keeps its own label.
    X, Y = moons
    label_of = {tuple(X[:, i]): Y[0, i] for i in range(X.shape[1])}
    assert all(
        label_of[tuple(x)] == y for xs, ys in batches for x, y in zip(xs.T, ys[0], strict=True)
    )


def test_the_first_adam_step_moves_every_parameter_by_the_learning_rate(notebook, moons):
    X, Y = moons
    params = net.initialize_parameters([2, 5, 2, 1], seed=3)
    A3, cache = net.forward_propagation(X, params)
    grads = net.backward_propagation(X, Y, cache)
    v, s = notebook["initialize_adam"](params)
    new = notebook["update_parameters_with_adam"](params, grads, v, s, 1, learning_rate=0.01)[0]
    for name in params:
        moved = np.abs(new[name] - params[name])
        gradient = np.abs(grads["d" + name])
        # epsilon shortens a step by the share epsilon / |gradient|: negligible unless the
        # gradient itself is tiny, and zero gradients (dead ReLUs) do not move at all.
        np.testing.assert_allclose(moved[gradient > 1e-5], 0.01, rtol=1e-3)
        assert np.all(moved[gradient == 0] == 0)


def test_update_lr_collapses_while_the_schedule_keeps_the_rate_up(notebook):
    assert notebook["update_lr"](0.1, 99, 1) == pytest.approx(0.001)
    assert notebook["update_lr"](0.1, 4999, 1) == pytest.approx(2e-5)
    assert notebook["schedule_lr_decay"](0.1, 4999, 1) == pytest.approx(0.02)


@pytest.mark.slow
def test_adam_is_far_ahead_of_gradient_descent_and_momentum_adds_nothing(notebook, moons):
    gd_cost, gd_accuracy = _train(notebook, moons, optimizer="gd")
    momentum_cost, momentum_accuracy = _train(notebook, moons, optimizer="momentum")
    adam_cost, adam_accuracy = _train(notebook, moons, optimizer="adam")
    assert adam_accuracy >= gd_accuracy + 0.05  # the notebook quotes 93.7 % against 84.3 %
    assert adam_cost < 0.5 * gd_cost  # about 0.14 against 0.41
    assert momentum_cost == pytest.approx(gd_cost, abs=0.01)
    assert momentum_accuracy == pytest.approx(gd_accuracy, abs=0.02)


@pytest.mark.slow
def test_scheduled_decay_brings_gradient_descent_level_with_adam(notebook, moons):
    collapsed_cost, collapsed_accuracy = _train(
        notebook, moons, optimizer="gd", learning_rate=0.1, decay=notebook["update_lr"]
    )
    undecayed_cost, _ = _train(notebook, moons, optimizer="gd")
    assert collapsed_cost > 0.6 and collapsed_cost > undecayed_cost  # stalls near 0.65
    schedule = notebook["schedule_lr_decay"]
    results = {
        optimizer: _train(notebook, moons, optimizer=optimizer, learning_rate=rate, decay=schedule)
        for optimizer, rate in (("gd", 0.1), ("momentum", 0.1), ("adam", 0.01))
    }
    for cost, accuracy in results.values():
        assert cost < 0.15 and accuracy >= 0.92  # about 0.13 and 94 % for all three
    assert collapsed_accuracy < min(accuracy for _, accuracy in results.values()) - 0.05


def test_the_decayed_rate_is_halved_after_the_second_epoch(notebook, moons):
    # `model` calls decay(learning_rate0, epoch, decay_rate) at the end of epoch `epoch`.
    rates = [notebook["update_lr"](0.1, epoch, 1) for epoch in range(3)]
    assert rates == pytest.approx([0.1, 0.05, 0.1 / 3])  # epochs 0 and 1 run at 0.1
    assert "learning_rate = decay(learning_rate0, epoch, decay_rate)" in "".join(
        cell.source for cell in read_notebook(ASSIGNMENT.source_notebook).cells
    )


def test_on_the_narrow_valley_momentum_and_rmsprop_get_far_ahead_of_gradient_descent():
    nb = read_notebook(ASSIGNMENT.source_notebook)
    (source,) = [c.source for c in nb.cells if c.get("id") == "cell-i15-valley"]
    namespace: dict[str, Any] = {"np": np}
    exec(source.split("grid_1, grid_2")[0], namespace)  # the search, without the figure
    rate = {name: r for name, (r, _) in namespace["valley_paths"].items()}
    final = {
        name: np.linalg.norm(path[-1]) for name, (_, path) in namespace["valley_paths"].items()
    }
    # The numbers the lesson quotes: 0.71, 0.011, 0.004 and 0.017 from the minimum.
    assert final["gradient descent"] == pytest.approx(0.71, abs=0.01)
    assert final["momentum"] == pytest.approx(0.011, abs=0.001)
    assert final["RMSprop"] == pytest.approx(0.004, abs=0.001)
    assert final["Adam"] == pytest.approx(0.017, abs=0.001)
    assert rate["gradient descent"] < 0.2 < rate["momentum"]  # GD's limit is 2 / 10
    assert rate["momentum"] == pytest.approx(0.58, abs=0.01)
    # Above 2 / 10 gradient descent blows up across the valley; momentum stays stable.
    assert np.abs(namespace["descend"]("gradient descent", 0.21)[-1, 1]) > 1000
    assert np.abs(namespace["descend"]("momentum", 0.58)[-1]).max() < 0.02
