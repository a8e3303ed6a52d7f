"""c4w3a1 (car detection): the notebook's post-processing against plain numpy, and the mAP helpers.

The reference non-max suppression (TensorFlow's) must keep exactly the boxes a plain
greedy numpy version keeps on crowded random scenes, and the reference IoU must agree
with `shared_utils.detection_eval.iou_matrix`. The scoring helpers are checked on
cases small enough to work out by hand.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from graders.engine import solution_namespace
from shared_utils import detection_eval


@cache
def reference() -> dict:
    """The notebook's graded solutions, defined after running its import cell."""
    return solution_namespace("c4w3a1")


def crowded_scene(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores (n,) and boxes (n, 4) as (y1, x1, y2, x2), clustered so that many overlap."""
    centres = rng.uniform(0, 80, size=(max(1, n // 5), 2))
    pick = centres[rng.integers(0, len(centres), size=n)] + rng.normal(0, 5, size=(n, 2))
    sizes = rng.uniform(4, 25, size=(n, 2))
    boxes = np.concatenate([pick - sizes / 2, pick + sizes / 2], axis=1).astype(np.float32)
    return rng.uniform(0, 1, size=n).astype(np.float32), boxes


def numpy_nms(scores: np.ndarray, boxes: np.ndarray, max_boxes: int, iou_threshold: float):
    """Greedy non-max suppression in plain numpy: indices kept, best score first."""
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    xyxy = boxes[:, [1, 0, 3, 2]].astype(np.float64)
    while len(order) and len(keep) < max_boxes:
        best, rest = order[0], order[1:]
        keep.append(int(best))
        overlaps = detection_eval.iou_matrix(xyxy[best], xyxy[rest])[0]
        order = rest[overlaps <= iou_threshold]  # TensorFlow drops IoU > threshold
    return np.array(keep, dtype=int)


@pytest.mark.parametrize("seed", range(6))
def test_reference_non_max_suppression_matches_plain_numpy(seed):
    rng = np.random.default_rng(seed)
    scores, boxes = crowded_scene(rng, int(rng.integers(20, 90)))
    classes = rng.integers(0, 6, size=len(scores)).astype(np.int64)
    max_boxes = int(rng.integers(3, 60))
    iou_threshold = float(rng.choice([0.2, 0.3, 0.5, 0.7]))
    got = reference()["yolo_non_max_suppression"](scores, boxes, classes, max_boxes, iou_threshold)
    keep = numpy_nms(scores, boxes, max_boxes, iou_threshold)
    np.testing.assert_array_equal(np.asarray(got[0]), scores[keep])
    np.testing.assert_array_equal(np.asarray(got[1]), boxes[keep])
    np.testing.assert_array_equal(np.asarray(got[2]), classes[keep])


def test_reference_iou_matches_the_vectorised_iou():
    rng = np.random.default_rng(7)
    iou = reference()["iou"]
    for _ in range(50):
        corners = np.sort(rng.uniform(0, 10, size=(2, 2, 2)), axis=1)
        box1 = tuple(float(v) for v in (*corners[0, 0], *corners[0, 1]))
        box2 = tuple(float(v) for v in (*corners[1, 0], *corners[1, 1]))
        expected = detection_eval.iou_matrix(np.array(box1), np.array(box2))[0, 0]
        assert iou(box1, box2) == pytest.approx(expected, abs=1e-12)


def test_average_precision_of_a_hand_made_ranking():
    # Two true cars; detections: hit (0.9), false alarm (0.8), hit (0.7).
    truths = [[("car", 0, 0, 100, 100), ("car", 200, 0, 300, 100)]]
    detections = [
        [
            ("car", 0.9, 0, 0, 100, 100),
            ("car", 0.8, 400, 300, 500, 400),
            ("car", 0.7, 205, 0, 300, 100),
        ]
    ]
    results = detection_eval.evaluate(detections, truths, ["car"], (480, 640))
    precision, recall = detection_eval.precision_recall(results["car"])
    np.testing.assert_allclose(precision, [1.0, 0.5, 2 / 3])
    np.testing.assert_allclose(recall, [0.5, 0.5, 1.0])
    # Interpolated: precision 1 up to recall 0.5, then 2/3 up to recall 1.
    assert detection_eval.average_precision(results["car"]) == pytest.approx(0.5 + 0.5 * 2 / 3)


def test_a_repeated_detection_is_a_false_positive_and_difficult_boxes_do_not_count():
    truths = [[("car", 0, 0, 100, 100), ("traffic_light", 300, 50, 305, 60)]]
    detections = [
        [
            ("car", 0.9, 0, 0, 100, 100),
            ("car", 0.8, 2, 2, 100, 100),  # the same car again
            ("traffic_light", 0.6, 300, 50, 305, 60),  # a difficult (tiny) box
        ]
    ]
    results = detection_eval.evaluate(detections, truths, ["car", "traffic_light"], (480, 640))
    np.testing.assert_array_equal(results["car"].hits, [1, 0])
    assert results["traffic_light"].n_true == 0 and len(results["traffic_light"].hits) == 0
    value, per_class = detection_eval.mean_average_precision(results)
    assert np.isnan(per_class["traffic_light"]) and value == pytest.approx(1.0)
