"""The smiling / not-smiling faces of Course 4 (datasets/c4/*_happy.h5) and `load_happy`.

Checks the files against the manifest, the layout the lesson relies on, the balance of
the classes, the figures the builder recorded, and that the label is in the pixels (a
tiny model learns it well above chance).
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from graders.manifest import load_manifest, manifest_problems, recorded_metrics
from shared_utils.data import data_path, load_happy

FILES = ("c4/train_happy.h5", "c4/test_happy.h5", "c4/happy_samples.png")


@pytest.fixture(scope="module")
def happy():
    return load_happy()


def test_manifest_lists_the_happy_files_and_their_checksums_match():
    entry = load_manifest()["artifacts"]["happy"]
    assert set(entry["files"]) == set(FILES)
    assert entry["builder"] == "datasets/builders/happy.py"
    assert manifest_problems(FILES) == []
    for info in entry["files"].values():
        assert info["bytes"] <= 5_000_000


def test_loader_returns_the_course_layout(happy):
    train_x, train_y, test_x, test_y, classes = happy
    assert train_x.shape == (600, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (150, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 600) and np.issubdtype(train_y.dtype, np.integer)
    assert test_y.shape == (1, 150) and np.issubdtype(test_y.dtype, np.integer)
    assert list(classes) == [b"not smiling", b"smiling"]


def test_h5_files_hold_the_original_dataset_names():
    with h5py.File(data_path("c4/train_happy.h5"), "r") as f:
        assert set(f) == {"train_set_x", "train_set_y", "list_classes"}
        assert f["train_set_y"].dtype == np.int64
    with h5py.File(data_path("c4/test_happy.h5"), "r") as f:
        assert set(f) == {"test_set_x", "test_set_y", "list_classes"}


def test_half_of_the_faces_smile_in_a_shuffled_order(happy):
    _, train_y, _, test_y, _ = happy
    assert set(np.unique(train_y)) == {0, 1}
    assert train_y.sum() == 300 and test_y.sum() == 75
    assert (np.diff(train_y.ravel()) != 0).mean() > 0.3  # not sorted by class


def test_images_differ_and_test_images_are_not_training_copies(happy):
    train_x, _, test_x, _, _ = happy
    for x in (train_x, test_x):
        assert x.reshape(len(x), -1).std(axis=1).min() > 3  # no blank image
        assert len({im.tobytes() for im in x}) == len(x)
    seen = {im.tobytes() for im in train_x}
    assert not any(im.tobytes() in seen for im in test_x)


def test_recorded_lesson_convnet_figures_meet_the_targets():
    m = recorded_metrics("happy")
    assert m["train_images"] == 600 and m["test_images"] == 150
    assert m["train_smiling"] == 300 and m["test_smiling"] == 75
    assert m["convnet_params"] == 37633  # the lesson's happyModel
    seeds = [v for k, v in m.items() if k.startswith("convnet_seed") and k.endswith("test_acc")]
    assert len(seeds) >= 3
    assert min(seeds) == m["convnet_min_test_acc"] >= 90.0


def test_a_small_logistic_model_tells_smiles_above_chance(happy):
    """Logistic regression on the lower half of the face (where the mouth is), as
    16 x 16 greyscale thumbnails normalised per image; fitted on 450 training faces and
    scored on the other 150 and on the test set: chance is 50 %."""
    train_x, train_y, test_x, test_y, _ = happy

    def features(x: np.ndarray) -> np.ndarray:
        grey = x.astype(np.float64).mean(axis=3)[:, 32:, :]  # lower half
        small = grey.reshape(len(x), 16, 2, 16, 4).mean(axis=(2, 4)).reshape(len(x), -1)
        small -= small.mean(axis=1, keepdims=True)
        return small / (small.std(axis=1, keepdims=True) + 1e-6)

    x_all, y_all = features(train_x), train_y.ravel().astype(float)
    x_fit, y_fit, x_val, y_val = x_all[:450], y_all[:450], x_all[450:], y_all[450:]
    w, b = np.zeros(x_fit.shape[1]), 0.0
    for _ in range(400):
        p = 1 / (1 + np.exp(-(x_fit @ w + b)))
        w -= 0.1 * (x_fit.T @ (p - y_fit) / len(y_fit) + 1e-3 * w)
        b -= 0.1 * float(np.mean(p - y_fit))

    def accuracy(x: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean((x @ w + b > 0) == (y > 0.5)))

    assert accuracy(x_val, y_val) > 0.6
    assert accuracy(features(test_x), test_y.ravel()) > 0.6
