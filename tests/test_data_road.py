"""The dash-camera road scenes (datasets/c4/road/) and their loaders in
`shared_utils.road_data`.

Checks what the U-Net and YOLO lessons rely on: the CARLA-like folder and mask layout,
class ids in range with many classes present, boxes inside their frames and on top of
pixels of their class, an anchors file the lesson can read, a deterministic builder, and
the U-Net figure the builder recorded.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from graders.manifest import import_builder, load_manifest, recorded_metrics
from shared_utils.data import data_path
from shared_utils.road_data import (
    load_road_detection,
    load_road_segmentation,
    read_anchors,
    read_boxes,
    read_classes,
    road_detection_files,
    road_segmentation_classes,
    road_segmentation_paths,
)

N_SEG_CLASSES = 14
DET_CLASSES = ["car", "bus", "truck", "pedestrian", "traffic_light", "traffic_sign"]


@pytest.fixture(scope="module")
def seg():
    return load_road_segmentation()


@pytest.fixture(scope="module")
def det_train():
    return load_road_detection("train")


@pytest.fixture(scope="module")
def det_test():
    return load_road_detection("test")


def test_every_listed_file_exists_matches_its_checksum_and_is_small():
    files = load_manifest()["artifacts"]["road_scenes"]["files"]
    assert len(files) > 2000
    for rel, info in files.items():
        assert data_path(rel).stat().st_size == info["bytes"] <= 5_000_000
    assert sum(info["bytes"] for info in files.values()) < 20_000_000


def test_segmentation_folders_pair_every_frame_with_its_mask():
    images, masks = road_segmentation_paths()
    assert len(images) == len(masks) == 1000
    assert [Path(p).parent.name for p in (images[0], masks[0])] == ["CameraRGB", "CameraMask"]
    assert [Path(p).name for p in images] == [Path(p).name for p in masks]


def test_segmentation_arrays_have_the_course_shapes(seg):
    images, masks = seg
    assert images.shape == (1000, 96, 128, 3) and images.dtype == np.uint8
    assert masks.shape == (1000, 96, 128, 1) and masks.dtype == np.uint8


def test_masks_keep_the_class_id_in_the_red_channel_only():
    _, mask_paths = road_segmentation_paths()
    for path in mask_paths[:50]:
        rgb = np.asarray(Image.open(path))
        assert rgb.shape == (96, 128, 3)
        assert not rgb[..., 1:].any()  # so reduce_max over channels gives the id


def test_mask_classes_are_in_range_and_many_are_present(seg):
    _, masks = seg
    assert len(road_segmentation_classes()) == N_SEG_CLASSES
    counts = np.bincount(masks.ravel(), minlength=N_SEG_CLASSES)
    assert len(counts) == N_SEG_CLASSES  # no id beyond the classes file
    assert (counts > 0).all()  # all 14 classes occur
    per_mask = [len(np.unique(m)) for m in masks]
    assert min(per_mask) >= 5 and np.mean(per_mask) >= 10
    assert counts.max() / counts.sum() < 0.5  # no class swamps the others


def test_frames_differ_and_are_not_blank(seg):
    images, _ = seg
    assert images.reshape(len(images), -1).std(axis=1).min() > 10
    assert len({im.tobytes() for im in images}) == len(images)


def test_classes_and_anchors_files_read_as_the_lesson_expects():
    files = road_detection_files()
    assert read_classes(files["classes"]) == DET_CLASSES
    anchors = read_anchors(files["anchors"])
    assert anchors.shape == (5, 2) and (anchors > 0).all()
    areas = anchors[:, 0] * anchors[:, 1]
    assert (np.diff(areas) > 0).all()  # sorted, all different
    assert anchors.max() <= 16  # in cells of the 16 x 16 grid


@pytest.mark.parametrize(
    "split, shape", [("train", (600, 256, 256, 3)), ("test", (40, 480, 640, 3))]
)
def test_detection_images_have_their_sizes_and_boxes_stay_inside(split, shape, request):
    images, boxes = request.getfixturevalue(f"det_{split}")
    assert images.shape == shape
    h, w = shape[1:3]
    flat = [b for per in boxes for b in per]
    assert len(flat) > 5 * len(images)
    assert {b[0] for b in flat} == set(DET_CLASSES)
    # Corners in continuous pixel coordinates: the image spans 0..w and 0..h.
    for _, x1, y1, x2, y2 in flat:
        assert 0 <= x1 < x2 <= w and 0 <= y1 < y2 <= h
    assert any(b[3] == w for b in flat)  # boxes cut by the right edge end exactly there


def test_boxes_csv_names_only_files_that_exist():
    files = road_detection_files()
    for split in ("train", "test"):
        for name in read_boxes(files[f"{split}_boxes"]):
            assert (files["dir"] / name).exists()


def test_builder_redraws_saved_scenes_exactly():
    builder = import_builder("road_scenes")
    images, masks = road_segmentation_paths()
    for i in (0, 1, 517):
        scene = builder.scene("seg", i, *builder.SEG_SIZE)
        assert np.array_equal(scene.rgb, np.asarray(Image.open(images[i])))
        assert np.array_equal(scene.mask, np.asarray(Image.open(masks[i]))[..., 0])


def test_boxes_lie_on_pixels_of_their_class():
    builder = import_builder("road_scenes")
    table = read_boxes(road_detection_files()["test_boxes"])
    checked = 0
    for i in range(8):
        scene = builder.scene("det_test", i, *builder.TEST_FRAME)
        assert [tuple(b) for b in table.get(f"test/{i + 1:04d}.jpg", [])] == [
            tuple(b) for b in scene.boxes
        ]
        for name, x1, y1, x2, y2 in scene.boxes:
            inside = scene.mask[int(y1) : int(y2) + 1, int(x1) : int(x2) + 1]
            share = np.mean(inside == builder.CLS[name])
            assert share > 0.15, (i, name, share)  # the object, not just background
            checked += 1
    assert checked > 20


def test_recorded_unet_reaches_the_target_on_held_out_scenes():
    m = recorded_metrics("road_scenes")
    assert m["unet_heldout_pixel_acc"] >= 0.85
    assert m["unet_n_filters"] <= 16 and m["seg_pairs"] == 1000


def test_detection_train_boxes_are_the_redrawn_scenes_boxes_at_the_input_size():
    builder = import_builder("road_scenes")
    table = read_boxes(road_detection_files()["train_boxes"])
    for i in (0, 301):
        frame = builder.scene("det_train", i, *builder.DET_FRAME, supersample=1)
        small = builder.squash(frame, builder.DET_INPUT)
        assert small.rgb.shape == (builder.DET_INPUT, builder.DET_INPUT, 3)
        assert [tuple(b) for b in table.get(f"train/det_{i:04d}.jpg", [])] == [
            tuple(b) for b in small.boxes
        ]
        # Squashing scales corners by the two side ratios (0..640 -> 0..256 and so on).
        sx, sy = builder.DET_INPUT / frame.rgb.shape[1], builder.DET_INPUT / frame.rgb.shape[0]
        for (_, *big), (_, *little) in zip(frame.boxes, small.boxes, strict=True):
            np.testing.assert_allclose(
                little, [big[0] * sx, big[1] * sy, big[2] * sx, big[3] * sy], atol=0.051
            )
