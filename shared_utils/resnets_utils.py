"""The pretrained residual network of c4w2a1: where its weights are and what they fit.

The weights shipped in `datasets/c4/resnet_signs.weights.h5` (trained by
`datasets/builders/resnet_signs.py` on the SIGNS training images) belong to the
lesson's ResNet-50 with every filter count divided by a width factor (8), recorded
with the architecture and the measured accuracies in `datasets/c4/resnet_signs.json`.

This module holds no network: the lesson builds it with the learner's own
`ResNet50(..., width_divisor=8)` and loads the file with Keras's `load_weights`, which
matches weights to layers by the order of the layers of each kind. A network built the
lesson's way lines up with the file when every block adds its main path first,
`Add()([X, X_shortcut])`.

Used in: c4w2a1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shared_utils.data import data_path

WEIGHTS = "c4/resnet_signs.weights.h5"
ARCHITECTURE = "c4/resnet_signs.json"


def pretrained_weights_path() -> Path:
    """Verified path of the pretrained weights (Keras 3 `.weights.h5`, stored as float16)."""
    return data_path(WEIGHTS)


def pretrained_architecture() -> dict[str, Any]:
    """What the shipped weights fit and how well they did.

    Keys include `width` (every filter count of ResNet-50 divided by it), `input_shape`,
    `classes`, `params`, `full_width_params`, `input_scaling` and `measured` (test,
    held-out and training accuracy, measured after reloading the file).
    """
    return json.loads(data_path(ARCHITECTURE).read_text())
