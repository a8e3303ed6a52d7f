"""`shared_utils.yolo_utils` (the car-detection lesson's helpers) and the road detector.

The helpers are checked on small hand-made inputs whose answers are known. The detector
is loaded the way the lesson loads it (architecture in code, Keras's `load_weights`) and
must reproduce, on the 40 saved test frames, the mAP@0.5 its builder recorded; the same
measurement with scrambled weights must collapse, so the check can fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from graders.manifest import import_builder, load_manifest, recorded_metrics
from shared_utils.data import data_path
from shared_utils.yolo_utils import (
    GRID,
    MODEL_IMAGE_SIZE,
    draw_boxes,
    get_colors_for_classes,
    load_road_yolo,
    preprocess_image,
    read_anchors,
    read_classes,
    road_anchors,
    road_classes,
    road_yolo_body,
    scale_boxes,
    yolo_boxes_to_corners,
    yolo_head,
)

DET_CLASSES = ["car", "bus", "truck", "pedestrian", "traffic_light", "traffic_sign"]


# ------------------------------------------------------------------------- small files


def test_read_classes_and_anchors_parse_the_lesson_formats(tmp_path):
    (tmp_path / "classes.txt").write_text("car\nbus\n\n")
    (tmp_path / "anchors.txt").write_text("0.5,1.25, 2,3.5\n")
    assert read_classes(tmp_path / "classes.txt") == ["car", "bus"]
    anchors = read_anchors(tmp_path / "anchors.txt")
    np.testing.assert_allclose(anchors, [[0.5, 1.25], [2.0, 3.5]])


def test_shipped_classes_and_anchors_fit_the_detector():
    assert road_classes() == DET_CLASSES
    anchors = road_anchors()
    assert anchors.shape == (5, 2) and (anchors > 0).all() and anchors.max() <= GRID


# ---------------------------------------------------------------------------- decoding


def test_yolo_head_of_zeros_puts_anchor_boxes_at_cell_centres():
    anchors = np.array([[1.0, 2.0], [4.0, 3.0]])
    feats = np.zeros((1, 4, 4, 2, 5 + 3), np.float32)
    box_xy, box_wh, conf, probs = (np.asarray(t) for t in yolo_head(feats, anchors, 3))
    assert box_xy.shape == (1, 4, 4, 2, 2) and conf.shape == (1, 4, 4, 2, 1)
    # Cell (row 1, column 3): centre x = (3 + 0.5) / 4, y = (1 + 0.5) / 4.
    np.testing.assert_allclose(box_xy[0, 1, 3, 0], [0.875, 0.375], rtol=1e-6)
    np.testing.assert_allclose(box_wh[0, 2, 0, 1], [1.0, 0.75], rtol=1e-6)  # anchor / grid
    np.testing.assert_allclose(conf, 0.5)
    np.testing.assert_allclose(probs, 1 / 3, rtol=1e-6)


def test_yolo_head_follows_the_offsets_and_logits():
    anchors = np.array([[2.0, 2.0]])
    feats = np.zeros((1, 2, 2, 1, 7), np.float32)
    feats[0, 0, 1, 0] = [10.0, -10.0, np.log(2.0), 0.0, 10.0, 0.0, 5.0]
    box_xy, box_wh, conf, probs = (np.asarray(t) for t in yolo_head(feats, anchors, 2))
    np.testing.assert_allclose(box_xy[0, 0, 1, 0], [1.0, 0.0], atol=1e-4)  # cell edges
    np.testing.assert_allclose(box_wh[0, 0, 1, 0], [2.0, 1.0], rtol=1e-6)
    assert conf[0, 0, 1, 0, 0] > 0.9999 and probs[0, 0, 1, 0, 1] > 0.99


def test_boxes_to_corners_gives_y_min_x_min_y_max_x_max():
    corners = np.asarray(yolo_boxes_to_corners(np.array([[0.5, 0.25]]), np.array([[0.2, 0.1]])))
    np.testing.assert_allclose(corners, [[0.2, 0.4, 0.3, 0.6]], rtol=1e-6)


def test_scale_boxes_multiplies_by_height_and_width():
    boxes = np.array([[0.25, 0.5, 0.75, 1.0]], np.float32)
    np.testing.assert_allclose(np.asarray(scale_boxes(boxes, (480, 640))), [[120, 320, 360, 640]])


# ------------------------------------------------------------------- images and drawing


def test_preprocess_image_squashes_a_frame_to_the_model_input(tmp_path):
    frame = np.zeros((48, 64, 3), np.uint8)
    frame[:, 32:] = 255
    Image.fromarray(frame).save(tmp_path / "f.png")
    image, data = preprocess_image(tmp_path / "f.png", (32, 32))
    assert image.size == (64, 48)
    assert data.shape == (1, 32, 32, 3) and data.dtype == np.float32
    assert data[0, :, :10].max() == 0.0 and data[0, :, 22:].min() == 1.0


def test_draw_boxes_draws_each_box_in_its_class_colour():
    image = Image.new("RGB", (100, 80), (0, 0, 0))
    names = ["car", "bus"]
    out = draw_boxes(image, np.array([[40, 10, 70, 50]]), [1], names, scores=[0.9], width=1)
    assert out.size == image.size and image.getpixel((10, 60)) == (0, 0, 0)  # copy
    colour = get_colors_for_classes(2)[1]
    assert out.getpixel((10, 60)) == colour  # left edge, below the label
    assert out.getpixel((30, 60)) == (0, 0, 0)  # inside stays untouched
    assert out.getpixel((50, 60)) == colour  # right edge
    assert len(set(get_colors_for_classes(6))) == 6


# --------------------------------------------------------------------------- the model


def test_detector_has_the_recorded_shape_and_size():
    model = road_yolo_body()
    assert model.input_shape == (None, *MODEL_IMAGE_SIZE, 3)
    assert model.output_shape == (None, GRID, GRID, 5, 11)
    assert model.count_params() == recorded_metrics("road_yolo")["yolo_params"]


def test_detector_files_match_the_manifest_and_are_small():
    files = load_manifest()["artifacts"]["road_yolo"]["files"]
    assert set(files) == {
        "c4/road/detection/road_yolo.weights.h5",
        "c4/road/detection/yolo_demo.png",
    }
    for rel, info in files.items():
        assert data_path(rel).stat().st_size == info["bytes"] <= 5_000_000


def test_recorded_detector_figures_meet_the_target():
    m = recorded_metrics("road_yolo")
    assert m["yolo_heldout_map50"] >= 0.5 and m["yolo_eval_scenes"] >= 200
    for name in ("car", "bus", "truck", "pedestrian"):
        assert m[f"yolo_ap50_{name}"] >= 0.4, name
        assert m[f"yolo_eval_difficult_{name}"] <= 0.25 * m[f"yolo_eval_boxes_{name}"], name
    # The demo: most boxes shown match a true box of their class (IoU >= 0.5; boxes on
    # tiny "difficult" objects do not count as matches), and half the real objects are shown.
    assert m["yolo_demo_boxes"] >= 4
    assert m["yolo_demo_boxes_matching_a_true_box"] >= 0.6 * m["yolo_demo_boxes"]
    assert (
        m["yolo_demo_boxes_matching_a_true_box"] >= 0.5 * m["yolo_demo_true_boxes_not_difficult"]
    )


@pytest.fixture(scope="module")
def saved_test_predictions():
    yd = import_builder("yolo_detector")
    model = load_road_yolo()
    frames, truths = yd.saved_test_frames()
    return yd, model, frames, truths, yd.predict_frames(model, frames)


def test_loaded_detector_reproduces_its_recorded_map_on_the_saved_test_frames(
    saved_test_predictions,
):
    yd, _, _, truths, preds = saved_test_predictions
    anchors = road_anchors()
    dets = [yd.detect(p, anchors, yd.FRAME) for p in preds]
    value, per_class, _ = yd.mean_ap(dets, truths, yd.FRAME)
    assert value == pytest.approx(recorded_metrics("road_yolo")["yolo_saved_test_map50"], abs=0.01)
    assert value >= 0.45 and per_class["car"] > 0.5


def test_detector_with_scrambled_weights_finds_nothing(saved_test_predictions):
    yd, model, frames, truths, _ = saved_test_predictions
    scrambled = road_yolo_body()
    rng = np.random.default_rng(0)
    scrambled.set_weights(
        [rng.permutation(w.ravel()).reshape(w.shape) for w in model.get_weights()]
    )
    preds = yd.predict_frames(scrambled, frames[:10])
    dets = [yd.detect(p, road_anchors(), yd.FRAME) for p in preds]
    assert yd.mean_ap(dets, truths[:10], yd.FRAME)[0] < 0.1


def test_yolo_pipeline_on_the_demo_frame_finds_the_near_cars():
    """The lesson's path: preprocess_image -> model -> yolo_head -> corners -> scale."""
    yd = import_builder("yolo_detector")
    model = load_road_yolo()
    image, data = preprocess_image(data_path("c4/road/detection/test/0001.jpg"))
    out = model.predict(data, verbose=0)
    box_xy, box_wh, conf, probs = yolo_head(out, road_anchors(), 6)
    boxes = np.asarray(scale_boxes(yolo_boxes_to_corners(box_xy, box_wh), (480, 640)))
    scores = np.asarray(conf * probs).max(-1).reshape(-1)
    boxes = boxes.reshape(-1, 4)
    truth = yd.saved_test_frames()[1][0]
    found = 0
    big = [t for t in truth if (t[3] - t[1]) * (t[4] - t[2]) > 1500]
    for _, x1, y1, x2, y2 in big:
        yx = np.array([y1, x1, y2, x2])
        inter = np.prod(
            np.clip(np.minimum(boxes[:, 2:], yx[2:]) - np.maximum(boxes[:, :2], yx[:2]), 0, None),
            axis=1,
        )
        union = np.prod(boxes[:, 2:] - boxes[:, :2], axis=1) + np.prod(yx[2:] - yx[:2]) - inter
        found += bool(np.any((inter / union > 0.5) & (scores > 0.5)))
    assert big and found >= 0.8 * len(big)
