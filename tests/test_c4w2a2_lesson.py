"""c4w2a2 (Transfer learning with MobileNetV2): the lesson's statements about its base.

The lesson says the base has 154 layers and 410,208 parameters, ends with a
5 x 5 x 1280 block for 160 x 160 pictures, that layer `FINE_TUNE_AT` (120) lies in
the last four of MobileNetV2's 17 blocks, and that the head has 1,281 trainable
weights; `prepare_fine_tuning` on the real model must leave every batch-norm layer
frozen and unfreeze exactly the layers from the named one on.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from graders.engine import solution_namespace
from graders.registry import ASSIGNMENTS
from shared_utils.transfer_data import FINE_TUNE_AT, IMG_SIZE

keras = pytest.importorskip("keras")

ASSIGNMENT = ASSIGNMENTS["c4w2a2"]


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return solution_namespace("c4w2a2")


def _trainable(model) -> int:
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))


def test_the_base_and_the_head_are_as_the_lesson_says(notebook):
    model = notebook["alpaca_model"](IMG_SIZE, notebook["data_augmenter"]())
    (base,) = [layer for layer in model.layers if layer.name.startswith("mobilenetv2")]
    assert len(base.layers) == 154 and base.count_params() == 410_208
    assert tuple(base.output.shape[1:]) == (5, 5, 1280)
    assert _trainable(model) == 1_281
    name = base.layers[FINE_TUNE_AT].name
    assert name.startswith(("block_13_", "block_14_", "block_15_", "block_16_"))


def test_fine_tuning_unfreezes_from_the_named_layer_and_keeps_batch_norm_frozen(notebook):
    model = notebook["alpaca_model"](IMG_SIZE, notebook["data_augmenter"]())
    (base,) = [layer for layer in model.layers if layer.name.startswith("mobilenetv2")]
    name = base.layers[FINE_TUNE_AT].name
    notebook["prepare_fine_tuning"](model, base, name, 0.001)
    for index, layer in enumerate(base.layers):
        if isinstance(layer, keras.layers.BatchNormalization):
            assert not layer.trainable
        elif layer.weights:
            assert layer.trainable == (index >= FINE_TUNE_AT), layer.name
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-4)
