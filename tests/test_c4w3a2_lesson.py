"""c4w3a2 (U-Net): the pretrained weights fit the notebook's own `unet_model`.

Keras loads a `.weights.h5` file by the order of the layers of each kind, so the
builder's network and the notebook's reference solution must create the same layers
in the same order. These tests build the notebook's solution, load the committed
weights with Keras's `load_weights` (as the lesson does) and reproduce the validation
pixel accuracy that `datasets/builders/unet_road.py` recorded; scrambled weights must
fail the same measurement, so the check can fail.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.manifest import import_builder, load_manifest, recorded_metrics
from shared_utils.data import data_path
from shared_utils.keras_checks import layer_table
from shared_utils.road_data import load_road_segmentation

WEIGHTS = "c4/road/unet_road.weights.h5"


@cache
def reference() -> dict:
    """The notebook's graded solutions, defined after running its import cell."""
    return solution_namespace("c4w3a2")


@cache
def validation_set() -> tuple[np.ndarray, np.ndarray]:
    images, masks = load_road_segmentation()
    return images[800:].astype(np.float32) / 255.0, masks[800:, ..., 0].astype(np.int64)


def pixel_accuracy(model) -> float:
    x, y = validation_set()
    predicted = np.argmax(model.predict(x, batch_size=50, verbose=0), axis=-1)
    return float(np.mean(predicted == y))


def test_weights_are_recorded_small_and_good_enough():
    entry = load_manifest()["artifacts"]["unet_road"]
    assert set(entry["files"]) == {WEIGHTS}
    assert data_path(WEIGHTS).stat().st_size <= 5_000_000
    metrics = entry["metrics"]
    # Training stops once the validation accuracy reaches 0.855, so the held-out scenes
    # (never used for that decision) give the unbiased figure, a little lower.
    assert metrics["valid_pixel_acc"] >= 0.85 and metrics["heldout_pixel_acc"] >= 0.83
    assert metrics["params"] == 540_918


def test_builder_network_has_the_layers_of_the_notebooks_unet_model():
    builder = import_builder("unet_road")
    ours = reference()["unet_model"]((96, 128, 3), n_filters=8, n_classes=14)
    theirs = builder.unet()
    assert layer_table(ours) == layer_table(theirs)


def test_notebooks_unet_model_loads_the_weights_and_reproduces_the_accuracy():
    model = reference()["unet_model"]((96, 128, 3), n_filters=8, n_classes=14)
    model.load_weights(data_path(WEIGHTS))
    expected = recorded_metrics("unet_road")["valid_pixel_acc"]
    assert pixel_accuracy(model) == pytest.approx(expected, abs=0.002)


def test_scrambled_weights_do_not_reach_the_recorded_accuracy():
    model = reference()["unet_model"]((96, 128, 3), n_filters=8, n_classes=14)
    model.load_weights(data_path(WEIGHTS))
    rng = np.random.default_rng(0)
    model.set_weights([rng.permutation(w.ravel()).reshape(w.shape) for w in model.get_weights()])
    assert pixel_accuracy(model) < recorded_metrics("unet_road")["valid_pixel_acc"] - 0.2
