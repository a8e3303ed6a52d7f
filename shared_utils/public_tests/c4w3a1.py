"""Public tests of c4w3a1, "Car detection with YOLO".

Every case is small enough to check with pencil and paper:

- `yolo_filter_boxes` gets a grid of 2 x 1 cells with 2 anchor boxes each and 3
  classes. The box scores (confidence x class probability) are
  A = 0.9 x [0.1, 0.7, 0.2], B = 0.5 x [0.6, 0.3, 0.1], C = 0.2 x [0.0, 0.4, 0.6] and
  D = 1.0 x [0.25, 0.25, 0.5], so the best scores are 0.63, 0.3, 0.12 and 0.5.
  D's score equals the threshold of the first case: it must be dropped (strictly
  greater only).
- `iou` gets boxes (x1, y1, x2, y2) that overlap, lie apart, touch or nest.
- `yolo_non_max_suppression` gets four boxes (y1, x1, y2, x2), given in no
  particular order: a 2 x 2 square (score 0.9), the same square shifted by 0.2
  (IoU 0.82 with it, score 0.85), a far square (0.8) and a square shifted by 1
  (IoU 1/3, score 0.7).
- `yolo_eval` gets decoded outputs (centres and sizes as fractions of the
  image) of four boxes whose corners land on whole pixels of a 480 x 640 frame.

Outputs are compared as arrays: scores (float32), boxes (float32) and classes
(integers), in the order the lesson gives (non-max suppression returns boxes
best score first). The hidden grader uses full-size grids, crowded scenes and
thresholds at their edges.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_utils.testing import Case, public_test


def _to_numpy(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return type(value)(_to_numpy(item) for item in value)
    if hasattr(value, "numpy") and callable(value.numpy):  # a tf.Tensor
        return np.asarray(value.numpy())
    return value


def as_numpy(function: Any, *args: Any, **kwargs: Any) -> Any:
    """Call `function` and return its outputs with every tensor turned into a numpy array."""
    return _to_numpy(function(*args, **kwargs))


# --------------------------------------------------------------------------- yolo_filter_boxes

# Grid of 2 x 1 cells, 2 anchors each: boxes A, B in the first cell, C, D in the second.
_BOX_A = [0.1, 0.2, 0.3, 0.4]
_BOX_B = [0.5, 0.1, 0.7, 0.3]
_BOX_C = [0.0, 0.0, 1.0, 1.0]
_BOX_D = [0.2, 0.6, 0.4, 0.9]
_BOXES = np.array([[[_BOX_A, _BOX_B]], [[_BOX_C, _BOX_D]]], dtype=np.float32)  # (2, 1, 2, 4)
_CONFIDENCE = np.array([[[[0.9], [0.5]]], [[[0.2], [1.0]]]], dtype=np.float32)  # (2, 1, 2, 1)
_CLASS_PROBS = np.array(
    [
        [[[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]]],
        [[[0.0, 0.4, 0.6], [0.25, 0.25, 0.5]]],
    ],
    dtype=np.float32,
)  # (2, 1, 2, 3)


def _filtered(scores, boxes, classes):
    return (
        np.array(scores, dtype=np.float32),
        np.array(boxes, dtype=np.float32).reshape(-1, 4),
        np.array(classes, dtype=np.int64),
    )


@public_test(returns=("scores", "boxes", "classes"), harness=as_numpy, rtol=1e-6, atol=1e-7)
def test_yolo_filter_boxes():
    """yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold) on 4 boxes."""
    inputs = (_BOXES, _CONFIDENCE, _CLASS_PROBS)
    return [
        Case(
            "threshold 0.5: only A (0.63) passes; D's 0.5 is not greater than 0.5",
            args=inputs,
            kwargs={"threshold": 0.5},
            expected=_filtered([0.63], [_BOX_A], [1]),
        ),
        Case(
            "threshold 0.2: A, B and D pass, in grid order",
            args=inputs,
            kwargs={"threshold": 0.2},
            expected=_filtered([0.63, 0.3, 0.5], [_BOX_A, _BOX_B, _BOX_D], [1, 0, 2]),
        ),
        Case(
            "default threshold (0.6)",
            args=inputs,
            expected=_filtered([0.63], [_BOX_A], [1]),
        ),
    ]


# --------------------------------------------------------------------------- iou


@public_test(returns="iou", rtol=1e-9, atol=1e-12)
def test_iou():
    """iou(box1, box2) for corners (x1, y1, x2, y2)."""
    return [
        Case(
            "overlapping boxes: intersection 2 x 2, areas 12 and 16",
            args=((1, 1, 5, 4), (3, 2, 7, 6)),
            expected=1 / 6,
        ),
        Case(
            "boxes apart in both directions: no overlap",
            args=((0, 0, 2, 2), (3, 3, 5, 5)),
            expected=0.0,
        ),
        Case(
            "one box inside the other",
            args=((0.0, 0.0, 4.0, 4.0), (1.0, 1.0, 3.0, 3.0)),
            expected=0.25,
        ),
        Case(
            "boxes that touch along an edge",
            args=((0, 0, 2, 2), (2, 0, 4, 2)),
            expected=0.0,
        ),
    ]


# --------------------------------------------------------------------------- non-max suppression

# Corners (y1, x1, y2, x2).
_SQUARE = [0.0, 0.0, 2.0, 2.0]  # score 0.9, class 0
_SHIFTED = [0.0, 0.2, 2.0, 2.2]  # IoU 3.6 / 4.4 = 0.82 with _SQUARE; score 0.85, class 2
_FAR = [3.0, 3.0, 4.0, 4.0]  # overlaps nothing; score 0.8, class 1
_HALF = [0.0, 1.0, 2.0, 3.0]  # IoU 1/3 with _SQUARE, 0.43 with _SHIFTED; score 0.7, class 0
_NMS_INPUTS = (
    np.array([0.7, 0.9, 0.8, 0.85], dtype=np.float32),
    np.array([_HALF, _SQUARE, _FAR, _SHIFTED], dtype=np.float32),
    np.array([0, 0, 1, 2], dtype=np.int64),
)


@public_test(returns=("scores", "boxes", "classes"), harness=as_numpy, rtol=1e-6, atol=1e-7)
def test_yolo_non_max_suppression():
    """yolo_non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold)."""
    return [
        Case(
            "defaults: the shifted square goes (IoU 0.82 > 0.5), best score first",
            args=_NMS_INPUTS,
            expected=_filtered([0.9, 0.8, 0.7], [_SQUARE, _FAR, _HALF], [0, 1, 0]),
        ),
        Case(
            "max_boxes = 2",
            args=_NMS_INPUTS,
            kwargs={"max_boxes": 2},
            expected=_filtered([0.9, 0.8], [_SQUARE, _FAR], [0, 1]),
        ),
        Case(
            "iou_threshold = 0.9: every box stays",
            args=_NMS_INPUTS,
            kwargs={"iou_threshold": 0.9},
            expected=_filtered(
                [0.9, 0.85, 0.8, 0.7], [_SQUARE, _SHIFTED, _FAR, _HALF], [0, 2, 1, 0]
            ),
        ),
    ]


# --------------------------------------------------------------------------- yolo_eval

# Four decoded boxes on a grid of 2 x 1 cells with 2 anchors: centres (x, y) and sizes
# (w, h) as fractions of the image. On a 480 x 640 frame their corners are
# A (120, 80, 360, 240), B (120, 120, 360, 280), C (60, 440, 180, 520) and
# D (300, 160, 420, 480); IoU(A, B) = 0.6, IoU(A, D) = 1/15.
_XY = np.array([[[[0.25, 0.5], [0.3125, 0.5]]], [[[0.75, 0.25], [0.5, 0.75]]]], np.float32)
_WH = np.array([[[[0.25, 0.5], [0.25, 0.5]]], [[[0.125, 0.25], [0.5, 0.25]]]], np.float32)
_EVAL_CONFIDENCE = np.array([[[[0.8], [0.9]]], [[[0.6], [1.0]]]], dtype=np.float32)
_EVAL_PROBS = np.array(
    [
        [[[0.1, 0.9, 0.0], [0.0, 0.75, 0.25]]],  # A: 0.72 (class 1), B: 0.675 (class 1)
        [[[0.5, 0.25, 0.25], [0.2, 0.1, 0.7]]],  # C: 0.3 (class 0), D: 0.7 (class 2)
    ],
    dtype=np.float32,
)
_YOLO_OUTPUTS = (_XY, _WH, _EVAL_CONFIDENCE, _EVAL_PROBS)
_PIXELS_A = [120.0, 80.0, 360.0, 240.0]
_PIXELS_B = [120.0, 120.0, 360.0, 280.0]
_PIXELS_D = [300.0, 160.0, 420.0, 480.0]


@public_test(returns=("scores", "boxes", "classes"), harness=as_numpy, rtol=1e-5, atol=1e-4)
def test_yolo_eval():
    """yolo_eval(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold)."""
    return [
        Case(
            "480 x 640 frame, score threshold 0.5: C is filtered out, B suppressed by A",
            args=(_YOLO_OUTPUTS,),
            kwargs={
                "image_shape": (480, 640),
                "max_boxes": 10,
                "score_threshold": 0.5,
                "iou_threshold": 0.5,
            },
            expected=_filtered([0.72, 0.7], [_PIXELS_A, _PIXELS_D], [1, 2]),
        ),
        Case(
            "IoU threshold 0.7: B (IoU 0.6 with A) stays",
            args=(_YOLO_OUTPUTS,),
            kwargs={"image_shape": (480, 640), "score_threshold": 0.5, "iou_threshold": 0.7},
            expected=_filtered([0.72, 0.7, 0.675], [_PIXELS_A, _PIXELS_D, _PIXELS_B], [1, 2, 1]),
        ),
        Case(
            "a 240 x 320 frame, max_boxes = 1, default thresholds",
            args=(_YOLO_OUTPUTS,),
            kwargs={"image_shape": (240, 320), "max_boxes": 1},
            expected=_filtered([0.72], [[60.0, 40.0, 180.0, 120.0]], [1]),
        ),
    ]
