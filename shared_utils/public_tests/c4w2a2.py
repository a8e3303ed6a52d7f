"""Public tests of c4w2a2, "Transfer Learning with MobileNetV2".

The graded functions return Keras objects, so each test calls them through a
probe that records what matters as plain values:

- `probe_augmenter`: the kind of object `data_augmenter()` returns, its layers
  with their settings (flip mode, rotation factor), and how much it changes
  pictures at inference (not at all: augmentation only acts while training);
- `probe_alpaca`: `alpaca_model(image_shape, augmentation)` with a known
  augmentation model passed in: the layer table (the augmentation inside the
  model, the base as one frozen layer, the head), the trainable parameter count,
  a checksum of the base's first convolution (the shipped weights were loaded),
  and the logits for seeded pictures after every weight of the head has been
  set to seeded values (the base keeps the weights it loaded);
- `probe_fine_tuning`: `prepare_fine_tuning` on a small stand-in model (a base
  of convolution, batch-norm and ReLU layers named `block_<k>_conv`,
  `block_<k>_bn`, `block_<k>_relu`, under a pooling and a dense head), first
  compiled as for training the head: which layers of the base hold trainable
  weights afterwards, and the optimiser, learning rate, loss and metrics the
  model is compiled with.

The expected records, computed by the reference solution, are in `EXPECTED`
at the end. The hidden grader calls the same probes on other picture sizes,
other layers to unfreeze and other learning rates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from shared_utils.cnn_probes import normalised_table
from shared_utils.frameworks import keras
from shared_utils.keras_checks import with_fixed_weights
from shared_utils.testing import Case, public_test

# --------------------------------------------------------------------------- probes


def probe_augmenter(
    build: Callable[[], Any], image_shape: tuple[int, int, int] = (8, 8, 3), batch: int = 2
) -> dict[str, Any]:
    """Call `build()`, run the result on seeded pictures at inference, record it."""
    keras.utils.set_random_seed(0)
    augmenter = build()
    if not isinstance(augmenter, keras.Model):
        return {"kind": type(augmenter).__name__}
    rng = np.random.default_rng(7)
    pictures = rng.uniform(0, 255, size=(batch, *image_shape)).astype("float32")
    unchanged = np.asarray(augmenter(pictures, training=False), dtype=np.float64)
    rows = [
        {key: row[key] for key in ("class", "mode", "factor") if key in row}
        for row in normalised_table(augmenter)
    ]
    return {
        "kind": type(augmenter).__name__,
        "layers": rows,
        "inference_change": float(np.max(np.abs(unchanged - pictures))),
    }


def _augmentation() -> Any:
    """The augmentation model the alpaca probe passes in (the lesson's, built here)."""
    return keras.Sequential(
        [keras.layers.RandomFlip("horizontal"), keras.layers.RandomRotation(0.2)],
        name="augmentation",
    )


def probe_alpaca(
    build: Callable[..., Any],
    image_shape: tuple[int, int],
    *,
    batch: int = 2,
    weight_seed: int = 0,
) -> dict[str, Any]:
    """Build `build(image_shape, augmentation)` and record its structure and logits."""
    keras.utils.set_random_seed(0)
    model = build(tuple(image_shape), _augmentation())
    if not isinstance(model, keras.Model):
        return {"kind": type(model).__name__}
    bases = [
        layer
        for layer in model.layers
        if isinstance(layer, keras.Model) and layer.name != "augmentation"
    ]
    first_kernel = None
    if bases:
        convs = [layer for layer in bases[0].layers if isinstance(layer, keras.layers.Conv2D)]
        if convs:
            first_kernel = float(np.sum(np.abs(np.asarray(convs[0].kernel))))
    keys = ("class", "output_shape", "params", "trainable", "activation", "rate")
    rows = [{key: row[key] for key in keys if key in row} for row in normalised_table(model)]
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    # The head gets seeded weights; the base keeps the weights it loaded (seeded
    # weights would make a 150-layer base forget its input: equal logits for all).
    head = [layer for layer in model.layers if all(layer is not base for base in bases)]
    for index, layer in enumerate(head):
        if layer.weights:
            with_fixed_weights(layer, weight_seed + index, scale=0.1)
    rng = np.random.default_rng(11)
    pictures = rng.uniform(0, 255, size=(batch, *image_shape, 3)).astype("float32")
    logits = np.asarray(model(pictures, training=False), dtype=np.float64)
    return {
        "kind": "keras.Model",
        "layers": rows,
        "params": int(model.count_params()),
        "trainable_params": trainable,
        "base_first_kernel_abs_sum": first_kernel,
        "logits": logits,
    }


def stand_in_model(depth: int = 5, size: int = 8) -> tuple[Any, Any]:
    """(model, base): a small base of `depth` conv/batch-norm/ReLU blocks under a dense head.

    The base's layers are named `block_<k>_conv`, `block_<k>_bn`, `block_<k>_relu`
    (k = 1, ..., depth) after its input layer; the base is frozen and the model is
    compiled as for training the head (Adam at 0.001, binary cross-entropy on
    logits, accuracy at threshold 0).
    """
    inputs = keras.Input(shape=(size, size, 3))
    x = inputs
    for k in range(1, depth + 1):
        x = keras.layers.Conv2D(2, 3, padding="same", name=f"block_{k}_conv")(x)
        x = keras.layers.BatchNormalization(name=f"block_{k}_bn")(x)
        x = keras.layers.ReLU(name=f"block_{k}_relu")(x)
    base = keras.Model(inputs, x, name="stand_in_base")
    base.trainable = False
    outer = keras.Input(shape=(size, size, 3))
    y = base(outer, training=False)
    y = keras.layers.GlobalAveragePooling2D()(y)
    model = keras.Model(outer, keras.layers.Dense(1)(y))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")],
    )
    return model, base


def _metric_names(config: dict[str, Any]) -> list[str]:
    """Compiled metrics as short texts: "accuracy", "BinaryAccuracy(threshold=0.0)"."""
    names = []
    for metric in config.get("metrics") or []:
        if isinstance(metric, dict):
            threshold = (metric.get("config") or {}).get("threshold")
            name = str(metric.get("class_name"))
            if threshold is not None:
                name += f"(threshold={float(threshold)})"
            metric = name
        names.append(str(metric))
    return names


def _compiled_with(model: Any) -> dict[str, Any]:
    """The optimiser, learning rate, loss, from_logits and metrics of a compiled model."""
    if not getattr(model, "compiled", False):
        return {"compiled": False}
    optimizer, loss = model.optimizer, model.loss
    return {
        "compiled": True,
        "optimizer": type(optimizer).__name__,
        "learning_rate": float(np.asarray(optimizer.learning_rate)),
        "loss": loss if isinstance(loss, str) else type(loss).__name__,
        "from_logits": bool(getattr(loss, "from_logits", False)),
        "metrics": _metric_names(model.get_compile_config() or {}),
    }


def probe_fine_tuning(
    prepare: Callable[..., Any],
    fine_tune_at: str,
    base_learning_rate: float,
    *,
    depth: int = 5,
) -> dict[str, Any]:
    """Call `prepare(model, base, fine_tune_at, base_learning_rate)` on a stand-in model."""
    keras.utils.set_random_seed(0)
    model, base = stand_in_model(depth)
    returned = prepare(model, base, fine_tune_at, base_learning_rate)
    return {
        "returns_the_model": returned is model,
        "base_trainable": bool(base.trainable),
        "trainable_layers": [
            layer.name for layer in base.layers if layer.trainable and layer.weights
        ],
        "trainable_weights": len(model.trainable_weights),
        "compiled_with": _compiled_with(model),
    }


# --------------------------------------------------------------------------- tests


def _expected(name: str, index: int) -> Any:
    """The reference record of public case `index` of exercise `name` (written out below)."""
    return EXPECTED[name][index] if name in EXPECTED else None


@public_test(returns="data_augmentation", harness=probe_augmenter)
def test_data_augmenter() -> list[Case]:
    """data_augmenter(): a keras.Sequential of RandomFlip("horizontal") and RandomRotation(0.2)."""
    return [
        Case(
            "data_augmenter(), run on two 8 x 8 pictures", expected=_expected("data_augmenter", 0)
        )
    ]


@public_test(returns="model", harness=probe_alpaca, rtol=1e-4, atol=1e-6)
def test_alpaca_model() -> list[Case]:
    """alpaca_model(image_shape, data_augmentation): augmentation, scaling, frozen base, head."""
    return [
        Case(
            "alpaca_model((160, 160), augmentation)",
            args=((160, 160),),
            expected=_expected("alpaca_model", 0),
        ),
    ]


@public_test(returns="fine_tuning", harness=probe_fine_tuning)
def test_prepare_fine_tuning() -> list[Case]:
    """prepare_fine_tuning(model, base_model, fine_tune_at, base_learning_rate) -> the model."""
    return [
        Case(
            "a stand-in base of 5 blocks, from 'block_4_conv', learning rate 0.001",
            args=("block_4_conv", 0.001),
            expected=_expected("prepare_fine_tuning", 0),
        ),
        Case(
            "a stand-in base of 4 blocks, from 'block_2_bn', learning rate 0.003",
            args=("block_2_bn", 0.003),
            kwargs={"depth": 4},
            expected=_expected("prepare_fine_tuning", 1),
        ),
    ]


_COMPILED = {
    "compiled": True,
    "optimizer": "Adam",
    "loss": "BinaryCrossentropy",
    "from_logits": True,
    "metrics": ["BinaryAccuracy(threshold=0.0)"],
}

# Written out by hand where no randomness is involved; "alpaca_model" was computed by
# the reference solution through `probe_alpaca` (by a script, never by hand).
EXPECTED: dict[str, list[Any]] = {
    "alpaca_model": [
        {
            "kind": "keras.Model",
            "layers": [
                {
                    "class": "InputLayer",
                    "output_shape": (-1, 160, 160, 3),
                    "params": 0,
                    "trainable": True,
                },
                {
                    "class": "Sequential",
                    "output_shape": (-1, 160, 160, 3),
                    "params": 0,
                    "trainable": True,
                },
                {
                    "class": "Functional",
                    "output_shape": (-1, 5, 5, 1280),
                    "params": 410208,
                    "trainable": False,
                },
                {
                    "class": "GlobalAveragePooling2D",
                    "output_shape": (-1, 1280),
                    "params": 0,
                    "trainable": True,
                },
                {
                    "class": "Dropout",
                    "output_shape": (-1, 1280),
                    "params": 0,
                    "trainable": True,
                    "rate": 0.2,
                },
                {
                    "class": "Dense",
                    "output_shape": (-1, 1),
                    "params": 1281,
                    "trainable": True,
                    "activation": "linear",
                },
            ],
            "params": 411489,
            "trainable_params": 1281,
            "base_first_kernel_abs_sum": 44.40936279296875,
            "logits": np.array([[2.269730806350708], [2.296191453933716]]),
        }
    ],
    "data_augmenter": [
        {
            "kind": "Sequential",
            "layers": [
                {"class": "RandomFlip", "mode": "horizontal"},
                {"class": "RandomRotation", "factor": (-0.2, 0.2)},
            ],
            "inference_change": 0.0,
        }
    ],
    "prepare_fine_tuning": [
        {
            "returns_the_model": True,
            "base_trainable": True,
            "trainable_layers": ["block_4_conv", "block_5_conv"],
            "trainable_weights": 6,
            "compiled_with": {**_COMPILED, "learning_rate": 0.0001},
        },
        {
            "returns_the_model": True,
            "base_trainable": True,
            "trainable_layers": ["block_3_conv", "block_4_conv"],
            "trainable_weights": 6,
            "compiled_with": {**_COMPILED, "learning_rate": 0.0003},
        },
    ],
}
