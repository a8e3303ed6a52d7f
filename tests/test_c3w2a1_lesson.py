"""c3w2a1 (Driving case study): the decisions the lesson reaches on the detector's errors.

The notebook quotes measured numbers from `datasets/c3/driving_case.npz` and draws a
decision from each: small objects carry the largest share of the dev errors, the
largest gap is data mismatch (evening frames), most of the multi-task loss comes from
the pedestrian task, and transfer from the detector beats training from scratch on
the small task. These tests run the notebook's own reference solutions on that data
and check those claims with margins, so a rebuild that breaks the story fails here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS
from shared_utils.case_studies import load_driving_case

ASSIGNMENT = ASSIGNMENTS["c3w2a1"]
SMALL_PX, HUMAN_ERROR = 40, 0.01  # the lesson's choices


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    """Namespace holding the notebook's imports and reference solutions."""
    return solution_namespace("c3w2a1")


@pytest.fixture(scope="module")
def data() -> dict[str, np.ndarray]:
    return load_driving_case()


def test_small_objects_carry_the_largest_share_of_the_dev_errors(notebook, data):
    dev = data["obj_set"] == 2
    weathers = [str(w) for w in data["weathers"]]
    tags = np.stack(
        [
            data["obj_height"][dev] < SMALL_PX,
            data["obj_visible"][dev] < 0.7,
            data["obj_edge"][dev],
            *(data["obj_weather"][dev] == weathers.index(w) for w in ("fog", "rain", "dusk")),
        ],
        axis=1,
    )
    errors = data["obj_missed"][dev]
    share, ceiling = notebook["error_analysis_table"](errors, tags)
    assert np.argmax(ceiling) == 0 and share[0] > 0.45
    assert ceiling[2] < 0.1  # cut by the border: not worth a project
    # Every weather holds about a third of the errors: no weather stands out.
    assert np.all(np.abs(share[3:] - 1 / 3) < 0.1)


def test_the_largest_gap_is_data_mismatch_and_the_dev_set_is_not_overfitted(notebook, data):
    errors = [data["obj_missed"][data["obj_set"] == k].mean() for k in range(4)]
    gaps, largest = notebook["diagnose_mismatch"](HUMAN_ERROR, *errors)
    assert largest == "data mismatch"
    assert gaps["data mismatch"] > 0.2
    assert abs(gaps["variance"]) < 0.05
    assert gaps["overfitting to dev"] < 0.02
    # Read from train to dev, the mismatch would pass for variance.
    assert errors[2] - errors[0] > 0.2


def test_the_pedestrian_task_dominates_the_multitask_loss(notebook, data):
    Y, Y_hat = data["mt_Y"].astype(np.float64), data["mt_Y_hat"].astype(np.float64)
    assert 0.05 < np.isnan(Y).mean() < 0.3
    per_task = [notebook["multitask_loss"](Y[j : j + 1], Y_hat[j : j + 1]) for j in range(4)]
    assert [str(t) for t in data["tasks"]][int(np.argmax(per_task))] == "pedestrian"
    total = notebook["multitask_loss"](Y, Y_hat)
    assert total == pytest.approx(sum(per_task))
    assert notebook["multitask_loss"](np.nan_to_num(Y), Y_hat) > total


def test_transfer_beats_training_from_scratch_from_50_frames_on(notebook, data):
    from shared_utils.case_studies import train_logistic_regression

    features = data["tl_features"].astype(np.float64)
    pixels = data["tl_pixels"].reshape(len(features), -1).astype(np.float64) / 255
    labels, is_dev = data["tl_labels"], data["tl_dev"]
    assert 0.25 < labels[is_dev].mean() < 0.4  # "about a third" in fog or rain
    sizes = np.array([50, 500])
    errors = {"scratch": [], "transfer": []}
    for n in sizes:
        for name, X in (("scratch", pixels), ("transfer", features)):
            model = train_logistic_regression(X[~is_dev][:n], labels[~is_dev][:n])
            errors[name].append(model.error(X[is_dev], labels[is_dev]))
    gains, pays_up_to = notebook["transfer_pays_off"](sizes, errors["scratch"], errors["transfer"])
    assert np.all(gains > 0.05) and pays_up_to == 500
    assert errors["transfer"][-1] < 0.08 < 0.12 < errors["scratch"][-1]
