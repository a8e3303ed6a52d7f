"""Probes for graded functions that build Keras models or layers.

A printed `model.summary()` is a poor test: it changes with Keras versions and
auto-generated names, and two different models can print alike. These probes
record what matters as plain values that `shared_utils.testing` can compare:

- `layer_table(model)`: for each layer in order, its class, output shape,
  parameter count, and the settings a lesson asks for (activation, filters,
  kernel size, strides, padding, pool size, rate, axis, trainable...);
- `with_fixed_weights(model, seed)`: every weight replaced by seeded values, so
  outputs on fixed inputs can be compared whatever initialiser the learner used;
- `probe_model(build, *args, **kwargs)`: the harness for a function that returns
  a model: its layer table, parameter counts and outputs on seeded inputs with
  fixed weights.

Use them as a public test's `harness` (the hidden grader then uses them too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from shared_utils.frameworks import keras

_SETTINGS = (
    "activation",
    "filters",
    "kernel_size",
    "strides",
    "padding",
    "pool_size",
    "units",
    "rate",
    "axis",
    "return_sequences",
    "return_state",
    "use_bias",
    "target_shape",
    "n",
    "output_dim",
    "input_dim",
    "mode",
    "factor",
)


def _plain(value: Any) -> Any:
    """Settings as plain values: activations by name, tuples as tuples of ints."""
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    return type(value).__name__


def _shape(layer: Any) -> Any:
    try:
        shape = layer.output.shape
    except (AttributeError, ValueError):
        return None
    return tuple(-1 if d is None else int(d) for d in shape)


def layer_table(model: Any) -> list[dict[str, Any]]:
    """One row per layer, in order: class, output shape, parameters, lesson-relevant settings."""
    rows = []
    for layer in model.layers:
        config = layer.get_config()
        row = {
            "class": type(layer).__name__,
            "output_shape": _shape(layer),
            "params": int(layer.count_params()),
            "trainable": bool(layer.trainable),
        }
        for key in _SETTINGS:
            if key in config:
                row[key] = _plain(config[key])
        rows.append(row)
    return rows


def build_eagerly(layer: Any) -> Any:
    """Let `layer`'s first call create its weights eagerly, on the real inputs.

    Keras builds a layer that has no `build()` of its own by first tracing its
    `call` symbolically, and every such layer nested in it again: for a small
    Transformer most of the time of a probe. Marked as built, those layers skip
    the trace; the layers inside them that create weights (Dense, Embedding,
    MultiHeadAttention, ...) have a `build()` and still build on the first call,
    in the same order, so the weights and the random draws are the same.
    """
    for sub in layer._flatten_layers(include_self=True, recursive=True):
        if getattr(sub.build, "_is_default", False):
            sub.built = True
    return layer


def with_fixed_weights(model: Any, seed: int = 0, scale: float = 0.2) -> Any:
    """Set every weight of `model` to seeded values (uniform in ±scale; variances positive)."""
    rng = np.random.default_rng(seed)
    for weight in model.weights:
        shape = tuple(weight.shape)
        values = rng.uniform(-scale, scale, size=shape)
        if "variance" in weight.path:
            values = np.abs(values) + 0.5
        weight.assign(values.astype(weight.dtype))
    return model


def seeded_inputs(model: Any, batch: int = 2, seed: int = 1) -> list[np.ndarray]:
    """Inputs of the model's input shapes (first dimension `batch`), drawn from N(0, 1)."""
    rng = np.random.default_rng(seed)
    inputs = []
    for tensor in model.inputs:
        shape = tuple(batch if d is None else int(d) for d in tensor.shape)
        inputs.append(rng.normal(size=shape).astype("float32"))
    return inputs


def probe_model(build: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Build a model and record its structure and its outputs with fixed weights."""
    keras.utils.set_random_seed(0)
    model = build(*args, **kwargs)
    if not isinstance(model, keras.Model):
        return {"kind": type(model).__name__}
    with_fixed_weights(model)
    inputs = seeded_inputs(model)
    outputs = model(inputs if len(inputs) > 1 else inputs[0], training=False)
    outputs = [outputs] if not isinstance(outputs, (list, tuple)) else list(outputs)
    return {
        "kind": "keras.Model",
        "layers": layer_table(model),
        "params": int(model.count_params()),
        "trainable_params": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
        "outputs": [np.asarray(o, dtype=np.float64) for o in outputs],
    }
