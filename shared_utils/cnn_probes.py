"""Probes for the Keras exercises of Course 4 (c4w1a2, c4w2a1, c4w2a2).

Built on `shared_utils.keras_checks` (`layer_table`, `with_fixed_weights`,
`seeded_inputs`): each probe calls a learner's function, and records what
matters as plain values that `shared_utils.testing` compares, never a printed
summary. Public tests use them as their `harness`, so the hidden grader calls
the same probes.

- `normalised_table(model)`: `layer_table` with spellings that build the same
  layer made equal (`Activation("relu")` and `ReLU()`; `axis=-1` and `axis=3`).
- `probe_network(build, *args, weight_seed=..., input_seed=..., batch=...)`: for a
  function that returns a model: the kind of model, its layer table, parameter
  counts, and its outputs on seeded inputs with seeded weights, in inference
  mode and in training mode.
- `probe_block(block, X, f, filters, **kwargs)`: for a function that takes a Keras
  tensor and returns one (a residual block): the block wrapped in a small model
  with X's shape, recorded like `probe_network` on X itself, plus its output
  when called without `training` (the block's own `training` argument decides).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from shared_utils.frameworks import keras
from shared_utils.keras_checks import layer_table, seeded_inputs, with_fixed_weights

# Small weights keep the outputs away from the flat ends of a sigmoid or a
# softmax, where different networks would give the same numbers.
WEIGHT_SCALE = 0.05


def normalised_table(model: Any) -> list[dict[str, Any]]:
    """`layer_table(model)`, with two spellings of the same layer made equal.

    `Activation("relu")` becomes a `ReLU` row, and a negative batch-norm axis
    becomes the positive one (`axis=-1` is `axis=3` for (m, n_H, n_W, n_C)).
    """
    rows = []
    for row in layer_table(model):
        row = dict(row)
        if row["class"] == "Activation" and row.get("activation") == "relu":
            row["class"] = "ReLU"
            del row["activation"]
        axis = row.get("axis")
        if isinstance(axis, int) and axis < 0 and row["output_shape"]:
            row["axis"] = axis + len(row["output_shape"])
        rows.append(row)
    return rows


def _record(model: Any, x: np.ndarray) -> dict[str, Any]:
    """Layer table, parameter counts and outputs on x (inference, then training mode)."""
    inference = np.asarray(model(x, training=False), dtype=np.float64)
    training = np.asarray(model(x, training=True), dtype=np.float64)
    return {
        "layers": normalised_table(model),
        "params": int(model.count_params()),
        "trainable_params": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
        "inference_output": inference,
        "training_output": training,
    }


def probe_network(
    build: Callable[..., Any],
    *args: Any,
    weight_seed: int = 0,
    input_seed: int = 1,
    batch: int = 2,
    **kwargs: Any,
) -> dict[str, Any]:
    """Build a model with `build(*args, **kwargs)` and record its structure and outputs.

    Every weight is set to seeded values (`weight_seed`); the inputs are `batch`
    examples drawn with `input_seed`. Returns {"kind": "Sequential" or
    "Functional", "layers", "params", "trainable_params", "inference_output",
    "training_output"}, or only {"kind": ...} when no Keras model came back.
    """
    keras.utils.set_random_seed(0)
    model = build(*args, **kwargs)
    if not isinstance(model, keras.Model):
        return {"kind": type(model).__name__}
    with_fixed_weights(model, weight_seed, scale=WEIGHT_SCALE)
    x = seeded_inputs(model, batch=batch, seed=input_seed)[0]
    return {"kind": type(model).__name__, **_record(model, x)}


def probe_block(
    block: Callable[..., Any],
    X: np.ndarray,
    f: int,
    filters: list[int],
    *,
    weight_seed: int = 0,
    **kwargs: Any,
) -> dict[str, Any]:
    """Wrap `block(X, f, filters, **kwargs)` in a model with X's shape; record it on X.

    The block receives a Keras input tensor of shape (None, *X.shape[1:]) and
    must return a tensor; the model from one to the other gets seeded weights.
    Besides `_record`'s outputs (the model called with `training=False`, then
    `True`, which override whatever the block passed to its layers), the record
    holds `default_output`: the model called without `training`, where the
    block's own `training` argument decides the batch-norm mode.
    """
    keras.utils.set_random_seed(0)
    X = np.asarray(X, dtype="float32")
    inputs = keras.Input(shape=X.shape[1:])
    model = keras.Model(inputs, block(inputs, f, filters, **kwargs))
    with_fixed_weights(model, weight_seed, scale=WEIGHT_SCALE * 4)
    default = np.asarray(model(X), dtype=np.float64)
    with_fixed_weights(model, weight_seed, scale=WEIGHT_SCALE * 4)  # undo moving-average updates
    return {**_record(model, X), "default_output": default}
