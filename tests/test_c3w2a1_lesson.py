"""c3w2a1 (Driving case study): the decisions the lesson reaches on the detector's errors.

The notebook quotes measured numbers from `datasets/c3/driving_case.npz` and draws a
decision from each: small objects carry the largest share of the dev errors, the
largest gap is data mismatch (evening frames), most of the multi-task loss comes from
the pedestrian task, and transfer from the detector beats training from scratch on
the small task. These tests run the notebook's own reference solutions on that data
and check those claims with margins, so a rebuild that breaks the story fails here.

The U-Net section (error analysis of the segmentation network's wrong pixels, data in
`datasets/c3/driving_case_unet.npz`) is checked on the notebook's own lesson cells: the
numbers its text quotes, the decision they support, and the manifest's figures.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.manifest import recorded_metrics
from graders.registry import ASSIGNMENTS
from shared_utils.case_studies import load_driving_case

ASSIGNMENT = ASSIGNMENTS["c3w2a1"]
SMALL_PX, HUMAN_ERROR = 40, 0.01  # the lesson's choices
UNET_CELLS = (  # the U-Net section's loading cell and tagging cell
    'with np.load(data_path("c3/driving_case_unet.npz")) as npz:',
    "rows, cols = true.shape[1:]",
)


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


@pytest.fixture(scope="module")
def unet_section() -> dict[str, Any]:
    """The notebook's namespace after its U-Net cells ran (tags, shares, ceilings)."""
    return solution_namespace("c3w2a1", cells=UNET_CELLS)


def lesson_text() -> str:
    cells = json.loads(ASSIGNMENT.source_notebook.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_object_boundaries_carry_most_of_the_unets_wrong_pixels(unet_section):
    ns = unet_section
    wrong, tags = ns["wrong"].ravel(), ns["pixel_tags"]
    table = dict(
        zip(
            ns["pixel_tag_names"],
            zip(ns["pixel_share"], ns["pixel_ceiling"], strict=True),
            strict=True,
        )
    )
    share = {name: f"{s:.1%}" for name, (s, _) in table.items()}
    points = {name: f"{100 * c:.1f} points" for name, (_, c) in table.items()}
    # The numbers the decision and the summary quote.
    assert (f"{wrong.mean():.1%}", f"{ns['on_boundary'].mean():.1%}") == ("14.2%", "19.8%")
    assert (share["object boundary"], points["object boundary"]) == ("57.2%", "8.1 points")
    assert points["small region"] == "4.8 points"
    assert (share["sky and building mixed up"], points["sky and building mixed up"]) == (
        "20.4%",
        "2.9 points",
    )
    assert (share["pole, light or sign"], points["pole, light or sign"]) == ("6.3%", "0.9 points")
    text = " ".join(lesson_text().split())
    for quoted in ("14.2 %", "57.2 %", "19.8 %", "8.1 points", "4.8 points", "20.4 %"):
        assert quoted in text
    for quoted in ("2.9 points", "6.3 %", "0.9 points", "8.1 of its 14.2 points"):
        assert quoted in text
    # The decision: boundaries have the largest ceiling, small regions the next, and most
    # wrong pixels of small regions lie on outlines too.
    order = np.argsort(ns["pixel_ceiling"])[::-1]
    assert [ns["pixel_tag_names"][k] for k in order[:2]] == ["object boundary", "small region"]
    assert tags[wrong & tags[:, 1], 0].mean() > 0.5
    # Thin classes: not one pixel right.
    assert not np.any(tags[:, 2] & ~wrong)


def test_the_unet_figures_match_the_manifest_and_the_sample_frames(unet_section):
    ns = unet_section
    recorded = recorded_metrics("driving_case_unet")
    assert recorded["pixel_error"] == round(float(ns["wrong"].mean()), 4)
    assert recorded["boundary_pixel_share"] == round(float(ns["on_boundary"].mean()), 4)
    for name, s, c in zip(
        ns["pixel_tag_names"], ns["pixel_share"], ns["pixel_ceiling"], strict=True
    ):
        key = name.replace(",", "").replace(" ", "_")
        assert (recorded[f"share_{key}"], recorded[f"ceiling_{key}"]) == (
            round(float(s), 4),
            round(float(c), 4),
        )
    # The figure's frames: in the top one (frame 2) the pole, the traffic light and the
    # pedestrian get no pixel right; in the bottom one (frame 3) the bus is mostly "truck".
    ids = ns["ids"]
    true, pred = ns["true"], ns["pred"]
    for name in ("pole", "traffic_light", "pedestrian"):
        chosen = true[2] == ids[name]
        assert chosen.any() and not np.any(pred[2][chosen] == ids[name])
    bus = true[3] == ids["bus"]
    assert np.mean(pred[3][bus] == ids["truck"]) > 0.85
