"""Scoring a detector the way detection benchmarks do (c4w3a1): matches, precision, recall, AP.

A detection is right (a true positive) when it overlaps a true box of its own class
with IoU >= 0.5 and that true box was not already claimed by a better-scored
detection; every other detection is a false positive. Sorting all detections of a
class by score and walking down the list gives a precision-recall curve; its
area (PASCAL VOC's all-point interpolation: precision made non-increasing first)
is the class's average precision, AP, and the mean over the classes is the mAP.

Tiny boxes the detector cannot see at its input size are "difficult" (VOC's word):
they count neither as hits nor as misses, and a detection that matches one is
left out. The rule here is the one `datasets/builders/yolo_detector.py` used to
record the detector's mAP: narrower than 4 px or lower than 8 px once the frame
is squashed to the 256 x 256 input.

Boxes here are corners (x1, y1, x2, y2) in pixels of the frame.

Used in: c4w3a1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

INPUT_SIZE = 256  # the detector's input side, in pixels
MIN_WIDTH, MIN_HEIGHT = 4.0, 8.0  # smaller than this at the input: a "difficult" box

Detection = tuple  # (class name, score, x1, y1, x2, y2)
TrueBox = tuple  # (class name, x1, y1, x2, y2)


def iou_matrix(boxes_a: np.ndarray, boxes_b: np.ndarray) -> np.ndarray:
    """IoU of every box of `boxes_a` (n, 4) with every box of `boxes_b` (k, 4): (n, k).

    Boxes are corners (x1, y1, x2, y2); a pair without overlap has IoU 0.
    """
    a = np.asarray(boxes_a, dtype=np.float64).reshape(-1, 1, 4)
    b = np.asarray(boxes_b, dtype=np.float64).reshape(1, -1, 4)
    width = np.clip(np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    height = np.clip(np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    inter = width * height
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    union = area_a + area_b - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def is_difficult(box: TrueBox, frame_hw: Sequence[int]) -> bool:
    """True for a true box too small to see at the detector's input size."""
    _, x1, y1, x2, y2 = box
    width = (x2 - x1) * INPUT_SIZE / frame_hw[1]
    height = (y2 - y1) * INPUT_SIZE / frame_hw[0]
    return width < MIN_WIDTH or height < MIN_HEIGHT


@dataclass
class ClassResults:
    """All detections of one class over a set of frames, scored against the truth.

    Attributes:
        scores: (n,) the detections' scores, best first.
        hits: (n,) 1 for a true positive, 0 for a false positive, same order.
        n_true: number of true boxes of the class that count (difficult ones left out).
    """

    scores: np.ndarray = field(default_factory=lambda: np.zeros(0))
    hits: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    n_true: int = 0


def match_frame(
    detections: Sequence[Detection],
    truths: Sequence[TrueBox],
    class_name: str,
    frame_hw: Sequence[int],
    iou_threshold: float = 0.5,
) -> tuple[list[tuple[float, int]], int]:
    """Match one frame's detections of one class to its true boxes of that class.

    Returns:
        [(score, hit)] for the detections that count, and the number of true boxes
        that count (difficult boxes and the detections matching them are left out).
    """
    dets = sorted((d for d in detections if d[0] == class_name), key=lambda d: -d[1])
    gts = [t for t in truths if t[0] == class_name]
    hard = np.array([is_difficult(t, frame_hw) for t in gts], dtype=bool)
    claimed = np.zeros(len(gts), dtype=bool)
    gt_boxes = np.array([t[1:] for t in gts], dtype=np.float64).reshape(-1, 4)
    results = []
    for det in dets:
        if len(gts):
            overlaps = iou_matrix(np.array(det[2:]), gt_boxes)[0]
            best = int(np.argmax(overlaps))
            if overlaps[best] >= iou_threshold:
                if hard[best]:
                    continue  # a difficult box: neither a hit nor a miss
                if not claimed[best]:
                    claimed[best] = True
                    results.append((float(det[1]), 1))
                    continue
        results.append((float(det[1]), 0))
    return results, int((~hard).sum())


def evaluate(
    detections: Sequence[Sequence[Detection]],
    truths: Sequence[Sequence[TrueBox]],
    class_names: Sequence[str],
    frame_hw: Sequence[int],
    iou_threshold: float = 0.5,
) -> dict[str, ClassResults]:
    """Score the detections of every frame against that frame's true boxes, per class.

    Args:
        detections: one list per frame of (class name, score, x1, y1, x2, y2).
        truths: one list per frame of (class name, x1, y1, x2, y2).
        class_names: the classes to score.
        frame_hw: (height, width) of the frames, for the difficult rule.
        iou_threshold: overlap a detection needs to hit a true box.
    """
    out = {}
    for name in class_names:
        pairs, n_true = [], 0
        for dets, gts in zip(detections, truths, strict=True):
            found, counted = match_frame(dets, gts, name, frame_hw, iou_threshold)
            pairs += found
            n_true += counted
        pairs.sort(key=lambda p: -p[0])
        out[name] = ClassResults(
            scores=np.array([p[0] for p in pairs], dtype=np.float64),
            hits=np.array([p[1] for p in pairs], dtype=int),
            n_true=n_true,
        )
    return out


def precision_recall(results: ClassResults) -> tuple[np.ndarray, np.ndarray]:
    """Precision and recall after each detection (best score first): two (n,) arrays."""
    true_pos = np.cumsum(results.hits)
    false_pos = np.cumsum(1 - results.hits)
    recall = true_pos / max(results.n_true, 1)
    precision = true_pos / np.maximum(true_pos + false_pos, 1)
    return precision, recall


def average_precision(results: ClassResults) -> float:
    """Area under the precision-recall curve (VOC all-point interpolation); NaN without truth."""
    if results.n_true == 0:
        return float("nan")
    if len(results.hits) == 0:
        return 0.0
    precision, recall = precision_recall(results)
    r = np.concatenate([[0.0], recall, [1.0]])
    p = np.concatenate([[0.0], precision, [0.0]])
    p = np.maximum.accumulate(p[::-1])[::-1]  # the best precision at this recall or beyond
    steps = np.where(r[1:] != r[:-1])[0]
    return float(np.sum((r[steps + 1] - r[steps]) * p[steps + 1]))


def mean_average_precision(results: dict[str, ClassResults]) -> tuple[float, dict[str, float]]:
    """The mAP over the classes that have true boxes, and the AP of each class."""
    per_class = {name: average_precision(r) for name, r in results.items()}
    values = [v for v in per_class.values() if not np.isnan(v)]
    return (float(np.mean(values)) if values else float("nan")), per_class
