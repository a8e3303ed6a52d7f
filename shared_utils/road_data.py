"""Loaders for the dash-camera road scenes of Course 4 W3 (U-Net and YOLO lessons).

The files are drawn by `datasets/builders/road_scenes.py` and live under
`datasets/c4/road/`. Every path handed out here goes through
`shared_utils.data.data_path`, so a missing or altered file fails with a clear message.

Mask encoding: each `CameraMask/*.png` is an RGB PNG whose RED channel holds the class
id of the pixel (0-13, names in `seg_classes.txt`); green and blue are 0. So
`tf.io.decode_png(..., channels=3)` followed by `reduce_max(axis=-1, keepdims=True)`
gives the (96, 128, 1) label image, exactly as with the original CARLA masks.

Box encoding: CSV rows `file, class, x1, y1, x2, y2`, corners in continuous pixel
coordinates of the image the row belongs to (x to the right, y down; the image spans
0..width and 0..height, so 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from shared_utils.data import data_path, manifest
from shared_utils.yolo_utils import read_anchors, read_classes

__all__ = [
    "load_road_detection",
    "load_road_segmentation",
    "read_anchors",
    "read_boxes",
    "read_classes",
    "road_detection_files",
    "road_detection_images",
    "road_segmentation_classes",
    "road_segmentation_dir",
    "road_segmentation_paths",
]

ROAD = "c4/road"
N_SEG_PAIRS = 1000


def _road_files(prefix: str, suffix: str) -> list[str]:
    """Manifest-listed files under `c4/road/<prefix>` ending in `suffix`, sorted."""
    entry = manifest()["artifacts"].get("road_scenes", {"files": {}})
    return sorted(
        f for f in entry["files"] if f.startswith(f"{ROAD}/{prefix}") and f.endswith(suffix)
    )


def road_segmentation_paths() -> tuple[list[str], list[str]]:
    """Paths (as strings) of the 1,000 frames and their masks, in matching order.

    Returns:
        image_paths: `.../CameraRGB/scene_0000.png`, ... (96 x 128 RGB PNG);
        mask_paths: `.../CameraMask/scene_0000.png`, ... (class id in the red channel).

    Used in: c4w3a2.
    """
    images = _road_files("CameraRGB/", ".png")
    masks = _road_files("CameraMask/", ".png")
    if [Path(p).name for p in images] != [Path(p).name for p in masks]:
        raise RuntimeError("CameraRGB and CameraMask do not hold the same scene names")
    return [str(data_path(p)) for p in images], [str(data_path(p)) for p in masks]


def road_segmentation_dir() -> Path:
    """The folder holding `CameraRGB/` and `CameraMask/` (after verifying every file)."""
    road_segmentation_paths()
    return data_path(f"{ROAD}/seg_classes.txt").parent


def road_segmentation_classes() -> list[str]:
    """The 14 segmentation class names; the list index is the class id in the masks."""
    return data_path(f"{ROAD}/seg_classes.txt").read_text().split()


def load_road_segmentation() -> tuple[np.ndarray, np.ndarray]:
    """All segmentation pairs as arrays.

    Returns:
        images: uint8 array (1000, 96, 128, 3);
        masks: uint8 array (1000, 96, 128, 1) of class ids 0-13.

    Used in: c4w3a2.
    """
    from PIL import Image

    image_paths, mask_paths = road_segmentation_paths()
    images = np.stack([np.asarray(Image.open(p).convert("RGB")) for p in image_paths])
    masks = np.stack([np.asarray(Image.open(p).convert("RGB"))[..., :1] for p in mask_paths])
    return images, masks


def road_detection_files() -> dict[str, Path]:
    """Verified paths of the detection set's small files.

    Returns a dict with keys `classes` (road_classes.txt), `anchors` (road_anchors.txt),
    `train_boxes` (train_boxes.csv), `test_boxes` (test_boxes.csv) and `dir` (the
    `detection/` folder holding `train/` and `test/`).
    """
    det = f"{ROAD}/detection"
    files = {
        "classes": data_path(f"{det}/road_classes.txt"),
        "anchors": data_path(f"{det}/road_anchors.txt"),
        "train_boxes": data_path(f"{det}/train_boxes.csv"),
        "test_boxes": data_path(f"{det}/test_boxes.csv"),
    }
    files["dir"] = files["classes"].parent
    return files


def read_boxes(csv_path: str | Path) -> dict[str, list[tuple[str, float, float, float, float]]]:
    """Boxes per image file from a boxes CSV: {file: [(class, x1, y1, x2, y2), ...]}."""
    boxes: dict[str, list[tuple[str, float, float, float, float]]] = {}
    with open(csv_path, newline="") as fh:
        for row in csv.DictReader(fh):
            boxes.setdefault(row["file"], []).append(
                (row["class"], *(float(row[k]) for k in ("x1", "y1", "x2", "y2")))
            )
    return boxes


def road_detection_images(split: str) -> list[Path]:
    """Verified paths of the detection images of `split` ("train": 256 x 256 inputs,
    "test": 480 x 640 frames), sorted by name."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    return [data_path(p) for p in _road_files(f"detection/{split}/", ".jpg")]


def load_road_detection(split: str) -> tuple[np.ndarray, list[list[tuple]]]:
    """Images of a detection split and their true boxes, in the same order.

    Returns:
        images: uint8 array (600, 256, 256, 3) for "train", (40, 480, 640, 3) for "test";
        boxes: one list per image of (class name, x1, y1, x2, y2) in that image's pixels
        (an image may have no box).

    Used in: c4w3a1.
    """
    from PIL import Image

    paths = road_detection_images(split)
    table = read_boxes(road_detection_files()[f"{split}_boxes"])
    images = np.stack([np.asarray(Image.open(p).convert("RGB")) for p in paths])
    boxes = [table.get(f"{split}/{p.name}", []) for p in paths]
    return images, boxes
