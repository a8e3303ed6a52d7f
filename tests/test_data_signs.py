"""The SIGNS hand images (datasets/c2/*_signs.h5) and their loader `load_signs`.

Checks the files against the manifest, what the lessons rely on (layout, balance), the
figures the builder recorded for the lessons' models, and that the labels are learnable
from the pixels.
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from graders.manifest import load_manifest, manifest_problems, recorded_metrics
from shared_utils.data import data_path, load_signs

FILES = ("c2/train_signs.h5", "c2/test_signs.h5", "c2/signs_samples.png")


@pytest.fixture(scope="module")
def signs():
    return load_signs()


def test_manifest_lists_the_signs_files_and_their_checksums_match():
    entry = load_manifest()["artifacts"]["signs"]
    assert set(entry["files"]) == set(FILES)
    assert entry["builder"] == "datasets/builders/signs.py"
    assert manifest_problems(FILES) == []
    for info in entry["files"].values():
        assert info["bytes"] <= 5_000_000


def test_recorded_lesson_model_figures_are_in_the_target_ranges():
    """Course 2's dense network lands between 65 and 85 % on the test set after 100
    epochs; the small Course 4 ConvNet reaches at least 85 %."""
    m = recorded_metrics("signs")
    assert (m["train_images"], m["test_images"]) == (1080, 120)
    assert 0.65 <= m["dense_test_acc"] <= 0.85
    assert m["conv_test_acc"] >= 0.85
    assert m["conv_heldout_acc"] > m["dense_heldout_acc"]  # the ConvNet's point holds


def test_loader_returns_the_course_layout(signs):
    train_x, train_y, test_x, test_y, classes = signs
    assert train_x.shape == (1080, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (120, 64, 64, 3) and test_x.dtype == np.uint8
    assert train_y.shape == (1, 1080) and np.issubdtype(train_y.dtype, np.integer)
    assert test_y.shape == (1, 120) and np.issubdtype(test_y.dtype, np.integer)
    assert list(classes) == [b"0", b"1", b"2", b"3", b"4", b"5"]


def test_h5_files_hold_the_original_dataset_names_and_dtypes():
    with h5py.File(data_path("c2/train_signs.h5"), "r") as f:
        assert set(f) == {"train_set_x", "train_set_y", "list_classes"}
        assert f["train_set_y"].dtype == np.int64
    with h5py.File(data_path("c2/test_signs.h5"), "r") as f:
        assert set(f) == {"test_set_x", "test_set_y", "list_classes"}
        assert f["test_set_y"].dtype == np.int64
        assert f["list_classes"].shape == (6,)


def test_every_class_is_equally_frequent(signs):
    train_x, train_y, test_x, test_y, _ = signs
    assert np.bincount(train_y.ravel(), minlength=6).tolist() == [180] * 6
    assert np.bincount(test_y.ravel(), minlength=6).tolist() == [20] * 6


def test_labels_are_shuffled_not_sorted(signs):
    _, train_y, _, _, _ = signs
    # A sorted file would make the course's unshuffled minibatches single-class.
    assert (np.diff(train_y.ravel()) != 0).mean() > 0.5


def test_pixels_vary_between_and_within_images(signs):
    train_x, _, test_x, _, _ = signs
    for x in (train_x, test_x):
        assert 40 < x.mean() < 215
        per_image_std = x.reshape(len(x), -1).std(axis=1)
        assert per_image_std.min() > 5  # no blank image
        assert x.std(axis=0).mean() > 20  # images differ from each other
    assert len({im.tobytes() for im in train_x}) == len(train_x)  # no duplicates


def test_test_images_are_not_copies_of_training_images(signs):
    train_x, _, test_x, _, _ = signs
    seen = {im.tobytes() for im in train_x}
    assert not any(im.tobytes() in seen for im in test_x)


def test_a_small_linear_model_learns_the_finger_count_above_chance(signs):
    """Softmax regression on 16 x 16 greyscale thumbnails, trained on 900 images and
    scored on the other 180 training images and on the test set: chance is 1/6."""
    train_x, train_y, test_x, test_y, _ = signs

    def features(x: np.ndarray) -> np.ndarray:
        grey = x.astype(np.float64).mean(axis=3)
        small = grey.reshape(len(x), 16, 4, 16, 4).mean(axis=(2, 4)).reshape(len(x), -1)
        small -= small.mean(axis=1, keepdims=True)  # brightness of the scene is not a cue
        return small / (small.std(axis=1, keepdims=True) + 1e-6)

    x_all, y_all = features(train_x), train_y.ravel()
    x_fit, y_fit, x_val, y_val = x_all[:900], y_all[:900], x_all[900:], y_all[900:]
    w = np.zeros((x_fit.shape[1], 6))
    b = np.zeros(6)
    onehot = np.eye(6)[y_fit]
    for _ in range(300):  # full-batch gradient descent with a little L2
        z = x_fit @ w + b
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        w -= 0.05 * (x_fit.T @ (p - onehot) / len(x_fit) + 1e-3 * w)
        b -= 0.05 * (p - onehot).mean(axis=0)

    def accuracy(x: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean(np.argmax(x @ w + b, axis=1) == y))

    assert accuracy(x_val, y_val) > 0.3
    assert accuracy(features(test_x), test_y.ravel()) > 0.3
