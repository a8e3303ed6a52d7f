"""Hidden grader spec of c4w3a1, "Car detection with YOLO".

The cases go beyond the public ones: the detector's full 16 x 16 x 5 grid (with
and without the batch dimension), single cells, scores exactly at the threshold,
thresholds that keep nothing or everything; IoU of disjoint, touching, nested,
identical and zero-area boxes, with integer and float corners; non-max
suppression on crowded scenes of 30 to 80 boxes (inputs in any order), with
max_boxes below and above the number of survivors and IoU thresholds from 0 to
1, and an empty input; yolo_eval on decoded random grids of the detector's
shape with other frame sizes and thresholds. `tests/test_c4w3a1_lesson.py`
checks the reference non-max suppression against a plain numpy version on
such scenes.

Mistakes are edits of the notebook's solutions: the slips of the lesson's
checklist (>= for >, the confidence forgotten, the intersection not clamped or
clamped as a product, the union counting the overlap twice, min and max
swapped, boxes or classes not filtered with the scores, max_boxes or the IoU
threshold not passed on, (width, height) for (height, width)).
"""

from __future__ import annotations

import numpy as np

from graders.spec import Case, edit, exercise

SEED = 4301
GRID, ANCHORS, CLASSES = 16, 5, 6


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _grid(rng: np.random.Generator, shape: tuple[int, ...], n_classes: int = CLASSES):
    """Corner boxes, confidences and class probabilities (float32) of a grid `shape`."""
    corners_lo = rng.uniform(0.0, 0.8, size=(*shape, 2))
    sizes = rng.uniform(0.02, 0.3, size=(*shape, 2))
    boxes = np.concatenate([corners_lo, corners_lo + sizes], axis=-1).astype(np.float32)
    confidence = _sigmoid(rng.normal(-1.0, 2.0, size=(*shape, 1))).astype(np.float32)
    probs = _softmax(rng.normal(0.0, 2.0, size=(*shape, n_classes))).astype(np.float32)
    return boxes, confidence, probs


# --------------------------------------------------------------------------- yolo_filter_boxes


@exercise(
    mistakes={
        "greater_or_equal": edit(
            "box_class_scores > threshold",
            "box_class_scores >= threshold",
            hint="keep a box only when its score is strictly greater than the threshold (>)",
        ),
        "confidence_forgotten": edit(
            "box_class_scores = tf.math.reduce_max(box_scores, axis=-1)",
            "box_class_scores = tf.math.reduce_max(box_class_probs, axis=-1)",
            hint="a box's score is its confidence times its best class probability: "
            "take the maximum of box_scores",
        ),
        "boxes_not_filtered": edit(
            "boxes = tf.boolean_mask(boxes, filtering_mask)",
            "boxes = tf.reshape(boxes, (-1, 4))",
            hint="filter the boxes with the same mask as the scores",
        ),
        "classes_along_the_wrong_axis": edit(
            "box_classes = tf.math.argmax(box_scores, axis=-1)",
            "box_classes = tf.math.argmax(box_scores, axis=0)",
        ),
        "outputs_in_another_order": edit(
            "return scores, boxes, classes",
            "return boxes, scores, classes",
            hint="return (scores, boxes, classes), in that order",
        ),
    },
)
def yolo_filter_boxes(rng: np.random.Generator) -> list[Case]:
    cases = []
    full = _grid(rng, (GRID, GRID, ANCHORS))
    cases.append(Case("the detector's 16 x 16 x 5 grid", full, {"threshold": 0.3}))
    cases.append(Case("the detector's grid, default threshold", full))
    batched = _grid(rng, (1, GRID, GRID, ANCHORS))
    cases.append(Case("a batch of one (1, 16, 16, 5, ...)", batched, {"threshold": 0.5}))
    small = _grid(rng, (3, 4, 2), n_classes=4)
    cases.append(Case("3 x 4 cells, 2 anchors, 4 classes", small, {"threshold": 0.1}))
    cases.append(Case("a threshold no box passes", small, {"threshold": 0.999}))
    # Scores exactly at the threshold: 0.5 * 0.75 = 0.375 is exact in float32.
    boxes = rng.uniform(0, 1, size=(2, 2, 1, 4)).astype(np.float32)
    confidence = np.full((2, 2, 1, 1), 0.5, dtype=np.float32)
    probs = np.array(
        [
            [[[0.75, 0.25, 0.0]], [[0.125, 0.875, 0.0]]],
            [[[0.0, 0.25, 0.75]], [[0.5, 0.25, 0.25]]],
        ],
        dtype=np.float32,
    )
    at_edge = (boxes, confidence, probs)
    cases.append(Case("scores exactly at the threshold", at_edge, {"threshold": 0.375}))
    one = _grid(rng, (1, 1, 1), n_classes=3)
    cases.append(Case("a single anchor box, threshold 0", one, {"threshold": 0.0}))
    return cases


# --------------------------------------------------------------------------- iou


@exercise(
    mistakes={
        "sides_not_clamped": edit(
            [("max(xi2 - xi1, 0)", "xi2 - xi1"), ("max(yi2 - yi1, 0)", "yi2 - yi1")],
            hint="clamp each side of the intersection at 0: boxes that do not overlap "
            "share no area",
        ),
        "area_clamped_instead_of_sides": edit(
            [
                ("inter_width = max(xi2 - xi1, 0)", "inter_width = xi2 - xi1"),
                ("inter_height = max(yi2 - yi1, 0)", "inter_height = yi2 - yi1"),
                (
                    "inter_area = inter_width * inter_height",
                    "inter_area = max(inter_width * inter_height, 0)",
                ),
            ],
            hint="clamp the width and the height separately: two negative sides "
            "multiply to a positive area",
        ),
        "overlap_counted_twice": edit(
            "union_area = box1_area + box2_area - inter_area",
            "union_area = box1_area + box2_area",
            hint="area1 + area2 counts the intersection twice: subtract it once",
        ),
        "min_and_max_swapped": edit(
            [
                ("xi1 = max(box1_x1, box2_x1)", "xi1 = min(box1_x1, box2_x1)"),
                ("yi1 = max(box1_y1, box2_y1)", "yi1 = min(box1_y1, box2_y1)"),
                ("xi2 = min(box1_x2, box2_x2)", "xi2 = max(box1_x2, box2_x2)"),
                ("yi2 = min(box1_y2, box2_y2)", "yi2 = max(box1_y2, box2_y2)"),
            ],
            hint="the intersection starts at the larger of the two left (top) edges and "
            "ends at the smaller of the two right (bottom) edges",
        ),
        "divided_by_the_first_area": edit(
            "iou = inter_area / union_area",
            "iou = inter_area / box1_area",
            hint="divide by the area of the union of the two boxes",
        ),
        "width_for_both_sides": edit(
            "inter_area = inter_width * inter_height",
            "inter_area = inter_width * inter_width",
        ),
    },
)
def iou(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case("boxes apart horizontally only", ((0, 0, 2, 4), (3, 1, 5, 3))),
        Case("boxes apart diagonally, far away", ((0.0, 0.0, 1.0, 1.0), (5.0, 7.0, 9.0, 8.0))),
        Case("boxes touching at a corner", ((0, 0, 2, 2), (2, 2, 3, 3))),
        Case("identical boxes", ((1.5, 2.5, 4.0, 6.0), (1.5, 2.5, 4.0, 6.0))),
        Case("a box nested in a wide one", ((10, 20, 30, 25), (0, 0, 100, 100))),
        Case("a zero-area box (a line) across another box", ((1, 0, 1, 5), (0, 0, 2, 2))),
        Case("a zero-area box (a point) inside another box", ((1, 1, 1, 1), (0, 0, 2, 2))),
        Case("the second box overlapping from the top left", ((4, 4, 10, 9), (1, 2, 6, 7))),
    ]
    for k in range(3):
        corners = np.sort(rng.uniform(0, 20, size=(2, 2, 2)), axis=1)  # (box, [lo, hi], xy)
        box1 = tuple(float(v) for v in (*corners[0, 0], *corners[0, 1]))
        box2 = tuple(float(v) for v in (*corners[1, 0], *corners[1, 1]))
        cases.append(Case(f"random float boxes {k + 1}", (box1, box2)))
    return cases


# --------------------------------------------------------------------------- non-max suppression


def _scene(rng: np.random.Generator, n: int, n_classes: int = CLASSES, spread: float = 100.0):
    """A crowded scene: n boxes (y1, x1, y2, x2) in pixels, clustered so many overlap."""
    centres = rng.uniform(0, spread, size=(max(1, n // 6), 2))
    pick = centres[rng.integers(0, len(centres), size=n)] + rng.normal(0, 6, size=(n, 2))
    sizes = rng.uniform(5, 30, size=(n, 2))
    boxes = np.concatenate([pick - sizes / 2, pick + sizes / 2], axis=1).astype(np.float32)
    scores = rng.uniform(0.05, 1.0, size=n).astype(np.float32)
    classes = rng.integers(0, n_classes, size=n).astype(np.int64)
    return scores, boxes, classes


@exercise(
    mistakes={
        "not_limited_to_max_boxes": edit(
            "max_output_size=max_boxes",
            "max_output_size=len(scores)",
            hint="keep at most max_boxes boxes",
        ),
        "iou_threshold_not_passed": edit(
            ", iou_threshold=iou_threshold",
            "",
            hint="pass iou_threshold on to tf.image.non_max_suppression (its own default is 0.5)",
        ),
        "classes_not_gathered": edit(
            "classes = tf.gather(classes, nms_indices)",
            "classes = tf.convert_to_tensor(classes)",
            hint="pick the classes with the same indices as the scores and the boxes",
        ),
        "boxes_not_gathered": edit(
            "boxes = tf.gather(boxes, nms_indices)",
            "boxes = tf.convert_to_tensor(boxes)",
            hint="pick the boxes with the same indices as the scores",
        ),
        "scores_and_boxes_swapped": edit(
            "boxes, scores, max_output_size",
            "scores, boxes, max_output_size",
        ),
    },
)
def yolo_non_max_suppression(rng: np.random.Generator) -> list[Case]:
    cases = []
    scene = _scene(rng, 40)
    cases.append(Case("a crowded scene of 40 boxes, defaults", scene))
    cases.append(Case("the same scene, max_boxes = 3", scene, {"max_boxes": 3}))
    cases.append(
        Case(
            "the same scene, max_boxes = 100, IoU threshold 0.3",
            scene,
            {"max_boxes": 100, "iou_threshold": 0.3},
        )
    )
    dense = _scene(rng, 80, spread=60.0)
    cases.append(
        Case(
            "80 boxes, max_boxes = 50, IoU threshold 0.7",
            dense,
            {"max_boxes": 50, "iou_threshold": 0.7},
        )
    )
    cases.append(
        Case(
            "IoU threshold 0: only boxes that overlap nothing kept",
            _scene(rng, 30),
            {"max_boxes": 30, "iou_threshold": 0.0},
        )
    )
    cases.append(
        Case(
            "IoU threshold 1: nothing suppressed",
            _scene(rng, 12),
            {"max_boxes": 20, "iou_threshold": 1.0},
        )
    )
    same = np.tile(np.array([[10.0, 10.0, 50.0, 40.0]], np.float32), (5, 1))
    cases.append(
        Case(
            "five copies of one box",
            (rng.uniform(0.1, 1, size=5).astype(np.float32), same, np.arange(5, dtype=np.int64)),
        )
    )
    empty = (np.zeros(0, np.float32), np.zeros((0, 4), np.float32), np.zeros(0, np.int64))
    cases.append(Case("no boxes at all", empty))
    return cases


# --------------------------------------------------------------------------- yolo_eval


def _decoded(rng: np.random.Generator, shape: tuple[int, ...]):
    """Decoded YOLO outputs (box_xy, box_wh, confidence, class probabilities), float32."""
    box_xy = rng.uniform(0.0, 1.0, size=(*shape, 2)).astype(np.float32)
    box_wh = rng.uniform(0.02, 0.4, size=(*shape, 2)).astype(np.float32)
    confidence = _sigmoid(rng.normal(-1.5, 2.0, size=(*shape, 1))).astype(np.float32)
    probs = _softmax(rng.normal(0.0, 2.0, size=(*shape, CLASSES))).astype(np.float32)
    return (box_xy, box_wh, confidence, probs)


@exercise(
    mistakes={
        "height_and_width_swapped": edit(
            "boxes = scale_boxes(boxes, image_shape)",
            "boxes = scale_boxes(boxes, image_shape[::-1])",
            hint="scale_boxes takes the image shape as (height, width)",
        ),
        "boxes_not_scaled": edit(
            "    boxes = scale_boxes(boxes, image_shape)\n",
            "",
            hint="scale the boxes to the frame's pixels with scale_boxes",
        ),
        "centres_and_sizes_swapped": edit(
            "boxes = yolo_boxes_to_corners(box_xy, box_wh)",
            "boxes = yolo_boxes_to_corners(box_wh, box_xy)",
        ),
        "score_threshold_not_passed": edit(
            "threshold=score_threshold",
            "threshold=0.6",
            hint="pass score_threshold on to yolo_filter_boxes",
        ),
        "max_boxes_not_passed": edit(
            "max_boxes=max_boxes, ",
            "",
            hint="pass max_boxes on to yolo_non_max_suppression",
        ),
    },
    depends=("yolo_filter_boxes", "yolo_non_max_suppression"),
)
def yolo_eval(rng: np.random.Generator) -> list[Case]:
    full = _decoded(rng, (1, GRID, GRID, ANCHORS))
    return [
        Case("the detector's grid (batch of one), defaults", (full,)),
        Case(
            "the detector's grid on a 720 x 1280 frame, 20 boxes, score 0.3",
            (full,),
            {"image_shape": (720, 1280), "max_boxes": 20, "score_threshold": 0.3},
        ),
        Case(
            "an 8 x 8 x 3 grid, 256 x 256 image, score 0.2, IoU 0.4, 2 boxes",
            (_decoded(rng, (8, 8, 3)),),
            {
                "image_shape": (256, 256),
                "max_boxes": 2,
                "score_threshold": 0.2,
                "iou_threshold": 0.4,
            },
        ),
        Case(
            "a tall 300 x 100 frame, score 0.1, IoU 0.6",
            (_decoded(rng, (4, 4, 5)),),
            {
                "image_shape": (300, 100),
                "score_threshold": 0.1,
                "iou_threshold": 0.6,
                "max_boxes": 15,
            },
        ),
    ]
