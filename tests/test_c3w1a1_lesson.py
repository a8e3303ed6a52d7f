"""c3w1a1 (Bird detection case study): the decisions the lesson reaches on its data.

The notebook quotes measured numbers from `datasets/c3/bird_cameras.npz` and draws a
decision from each: `filters-32` is shipped (the best F1, `filters-64`, is too slow and
`mlp-128` too big), a dev set of web photos would mislead, every classifier is limited
by bias, and the next step is a better model. These tests run the notebook's own
reference solutions on that data and check those claims with margins, so a rebuild of
the data that breaks the story fails here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS
from shared_utils.case_studies import BIGGER_MODEL, load_bird_cameras

ASSIGNMENT = ASSIGNMENTS["c3w1a1"]
MAX_RUNTIME_MS, MAX_SIZE_MB = 10.0, 1.0  # the limits the lesson sets


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """Namespace holding the notebook's imports and reference solutions."""
    return solution_namespace("c3w1a1")


@pytest.fixture(scope="module")
def data() -> dict[str, np.ndarray]:
    return load_bird_cameras()


@pytest.fixture(scope="module")
def candidates(notebook, data) -> dict[str, Any]:
    dev_true = data["labels"][data["dev_idx"]]
    f1 = [notebook["precision_recall_f1"](dev_true, pred)[2] for pred in data["dev_pred"]]
    return {
        "name": [str(n) for n in data["model_names"]],
        "f1": np.array(f1),
        "runtime_ms": data["runtime_ms"],
        "size_mb": data["size_mb"],
    }


def test_the_reference_split_is_the_teams_and_keeps_web_photos_out_of_dev_and_test(notebook, data):
    sources = data["sources"]
    train, dev, test = notebook["make_splits"](
        sources, "city", (250, 250), int(data["split_seed"])
    )
    np.testing.assert_array_equal(dev, data["dev_idx"])
    np.testing.assert_array_equal(test, data["test_idx"])
    assert set(sources[dev]) == set(sources[test]) == {"city"}
    everything = np.concatenate([train, dev, test])
    assert len(np.unique(everything)) == len(everything) == len(sources)


def test_filters_32_is_chosen_and_the_better_ones_break_a_limit(notebook, candidates):
    assert notebook["pick_model"](candidates, MAX_RUNTIME_MS, MAX_SIZE_MB) == "filters-32"
    names = candidates["name"]
    best = names[int(np.argmax(candidates["f1"]))]
    assert best == "filters-64"
    assert candidates["runtime_ms"][names.index("filters-64")] >= MAX_RUNTIME_MS
    assert candidates["size_mb"][names.index("mlp-128")] >= MAX_SIZE_MB
    # Exactly one classifier sits between the chosen one and the limit: none is faster
    # and better.
    chosen = names.index("filters-32")
    faster = candidates["runtime_ms"] < candidates["runtime_ms"][chosen]
    assert np.all(candidates["f1"][faster] < candidates["f1"][chosen])


def test_accuracy_misleads_where_f1_does_not(data):
    dev_true = data["labels"][data["dev_idx"]]
    always_no = np.mean(dev_true == 0)
    logistic = np.mean(data["dev_pred"][0] == dev_true)
    assert str(data["model_names"][0]) == "logistic"
    assert logistic < always_no


def test_a_dev_set_of_web_photos_would_flatter_the_chosen_classifier(data):
    k = [str(n) for n in data["model_names"]].index("filters-32")
    assert data["web_dev_error"][k] == data["web_dev_error"].min()
    assert data["web_dev_error"][k] < 0.1 < 0.15 < data["dev_error"][k]


def test_every_classifier_is_limited_by_bias_and_the_next_step_is_a_better_model(notebook, data):
    humans = data["human_error"]
    assert humans.min() == humans[-1] < 0.03  # the panel is the best estimate
    variances = []
    for train, dev in zip(data["train_error"], data["dev_error"], strict=True):
        bias, variance = notebook["avoidable_bias_and_variance"](humans, train, dev)
        assert bias > 1.5 * variance
        variances.append(variance)
    # The lesson: "its variance is at most 7.35 points" (mlp-128's).
    assert round(100 * max(variances), 2) == 7.35
    assert [str(n) for n in data["model_names"]][int(np.argmax(variances))] == "mlp-128"
    k = [str(n) for n in data["model_names"]].index("filters-32")
    action = notebook["next_step"](
        humans, data["train_error"][k], data["dev_error"][k], data["test_error"][k]
    )
    assert action == BIGGER_MODEL


def test_the_learning_curve_shows_a_small_gap_far_above_human_level(data):
    assert str(data["curve_model"]) == "filters-32"
    gap = data["curve_dev_error"] - data["curve_train_error"]
    assert np.all((gap > 0) & (gap < 0.06))
    # The lesson: "the gap between them stays between 2.85 and 4.3 points".
    assert (round(100 * gap.min(), 2), round(100 * gap.max(), 1)) == (2.85, 4.3)
    assert data["curve_train_error"].min() > 8 * data["human_error"].min()
    assert data["curve_sizes"][-1] == 6000
