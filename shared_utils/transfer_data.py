"""Data and pretrained backbone of the transfer-learning lesson (c4w2a2, "alpaca or not").

- `dataset_dir()`: the folder tree `alpaca/`, `not alpaca/` of 160 x 160 JPEGs, for
  `keras.utils.image_dataset_from_directory(dataset_dir(), validation_split=0.2,
  subset="training" | "validation", seed=42, ...)` (262 / 65 images).
- `load_pretrained_mobilenet()`: `keras.applications.MobileNetV2` (width multiplier
  `ALPHA`, no top, `weights=None`) with our pretrained weights loaded by
  `base.load_weights(...)`. The original course uses ImageNet weights, which cannot be
  downloaded here; ours were trained on a 13-class procedural image set that has no
  alpacas (sheep, goats, horses, donkeys, camels, giraffes, deer, dogs, cows, pigs,
  trees, houses, cars).

Every file is checked against `datasets/manifest.json` before use; nothing is
downloaded. Builders: `datasets/builders/transfer_images.py` and
`datasets/builders/mobilenet_backbone.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared_utils.data import data_path, datasets_dir, manifest

DATASET = "c4/transfer/dataset"
BACKBONE_WEIGHTS = "c4/transfer/mobilenet_v2_backbone_v1.weights.h5"
CLASS_NAMES = ("alpaca", "not alpaca")  # label 0 and 1, as the loader orders them
IMG_SIZE = (160, 160)
ALPHA = 0.35  # MobileNetV2 width multiplier of the shipped backbone
FINE_TUNE_AT = 120  # the lesson's first unfrozen layer


def dataset_files() -> list[str]:
    """Paths (relative to `datasets/`) of every image of the set, from the manifest."""
    prefix = DATASET + "/"
    return sorted(
        rel
        for artifact in manifest()["artifacts"].values()
        for rel in artifact["files"]
        if rel.startswith(prefix)
    )


def dataset_dir() -> Path:
    """Verified folder of the "alpaca or not" images (every file's checksum checked).

    Used in: c4w2a2.
    """
    files = dataset_files()
    for rel in files:
        data_path(rel)
    return datasets_dir() / DATASET


def backbone_weights_path() -> Path:
    """Verified path of the pretrained MobileNetV2 weights (Keras `.weights.h5`)."""
    return data_path(BACKBONE_WEIGHTS)


def load_pretrained_mobilenet(input_shape: tuple[int, int, int] = (*IMG_SIZE, 3)):
    """`MobileNetV2(input_shape, alpha=ALPHA, include_top=False, weights=None)` with the
    course's pretrained weights loaded.

    The network is fully convolutional, so any input size works; the weights were
    trained on smaller images and fit every size. Its `len(layers)` is 154 in Keras 3
    (input layer included), and layers from `FINE_TUNE_AT` on are the last blocks.

    Used in: c4w2a2.
    """
    import keras

    base = keras.applications.MobileNetV2(
        input_shape=input_shape, alpha=ALPHA, include_top=False, weights=None
    )
    base.load_weights(backbone_weights_path())
    return base


def keep_batch_norm_frozen(model) -> int:
    """Set `trainable = False` on every BatchNormalization layer of `model` (recursively).

    Needed when fine-tuning in Keras 3: calling the base with `training=False` does not
    keep its batch-norm layers in inference mode once they are trainable again (`fit`
    passes `training=True` down; keras-team/keras#20285). A BatchNormalization layer
    whose `trainable` is False always uses its stored statistics. Returns how many
    layers were frozen.
    """
    import keras

    def walk(outer):
        for layer in getattr(outer, "layers", []):
            yield layer
            yield from walk(layer)

    count = 0
    for layer in walk(model):
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
            count += 1
    return count


def backbone_figures() -> dict[str, Any]:
    """The figures measured when the backbone was built (pretraining and transfer)."""
    return dict(manifest()["artifacts"]["mobilenet_backbone"]["metrics"])
