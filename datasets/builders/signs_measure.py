"""Train the lessons' two SIGNS models and report their accuracies (called by `signs.py`).

The dense network is the one Course 2 W3A1 builds by hand in TensorFlow and the ConvNet
the one of Course 4 W1A2; both are written here with Keras only to measure the data set,
so they stay out of `shared_utils` (learners write them in graded exercises).

To print the figures without writing any file:
    .venv/bin/python datasets/builders/signs.py --measure-only [seed ...]
"""

from __future__ import annotations

import os
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

Splits = dict[str, tuple[np.ndarray, np.ndarray]]


def dense_model():
    """Course 2: flatten 12288 -> 25 relu -> 12 relu -> 6 logits, GlorotNormal weights."""
    import keras

    init = keras.initializers.GlorotNormal
    return keras.Sequential(
        [
            keras.Input((64, 64, 3)),
            keras.layers.Flatten(),
            keras.layers.Dense(25, activation="relu", kernel_initializer=init()),
            keras.layers.Dense(12, activation="relu", kernel_initializer=init()),
            keras.layers.Dense(6, kernel_initializer=init()),
        ]
    )


def conv_model():
    """Course 4: conv 8 4x4 -> pool 8 -> conv 16 2x2 -> pool 4 -> dense 6 softmax."""
    import keras
    from keras import layers

    inputs = keras.Input((64, 64, 3))
    x = layers.Conv2D(8, 4, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(8, strides=8, padding="same")(x)
    x = layers.Conv2D(16, 2, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(4, strides=4, padding="same")(x)
    outputs = layers.Dense(6, activation="softmax")(layers.Flatten()(x))
    return keras.Model(inputs, outputs)


def progress(name: str, every: int = 10):
    """Keras callback printing one line every `every` epochs (builds run in the background)."""
    import keras

    def report(epoch: int, logs: dict) -> None:
        if (epoch + 1) % every == 0:
            print(
                f"  {name} epoch {epoch + 1}: loss {logs['loss']:.4f} acc {logs['accuracy']:.3f}",
                flush=True,
            )

    return keras.callbacks.LambdaCallback(on_epoch_end=report)


def train_and_score(kind: str, splits: Splits, seed: int, epochs: int = 100) -> dict[str, float]:
    """Train one model on `splits["train"]`; accuracy on every split, rounded to 3 places."""
    import keras

    keras.utils.set_random_seed(seed)
    data = {
        name: (x.astype("float32") / 255.0, keras.utils.to_categorical(y, 6))
        for name, (x, y) in splits.items()
    }
    if kind == "dense":
        model = dense_model()
        model.compile(
            optimizer=keras.optimizers.Adam(learning_rate=1e-4),
            loss=keras.losses.CategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        batch = 32
    else:
        model = conv_model()
        model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
        batch = 64
    start = time.process_time()
    model.fit(
        *data["train"], batch_size=batch, epochs=epochs, verbose=0, callbacks=[progress(kind)]
    )
    scores = {f"{kind}_cpu_seconds": round(time.process_time() - start, 1)}
    for name, (x, y) in data.items():
        predicted = np.argmax(model.predict(x, verbose=0), axis=1)
        scores[f"{kind}_{name}_acc"] = round(float(np.mean(predicted == np.argmax(y, 1))), 3)
    return scores


def measure_models(splits: Splits, seeds: tuple[int, ...] = (1, 2, 3)) -> dict:
    """Accuracies of the dense network and the ConvNet, each trained once per seed.

    The figures of the first seed are the headline ones (`dense_test_acc`, ...); every
    seed's test and held-out accuracies are listed too (`dense_test_acc_by_seed`, ...),
    since a learner's run lands anywhere in that spread.
    """
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    metrics: dict = {"measure_seeds": list(seeds)}
    for kind in ("dense", "conv"):
        runs = []
        for seed in seeds:
            runs.append(train_and_score(kind, splits, seed))
            print(f"seed {seed}:", runs[-1], flush=True)
        metrics.update(runs[0])
        metrics[f"{kind}_cpu_seconds"] = round(sum(r[f"{kind}_cpu_seconds"] for r in runs), 1)
        for split in ("test", "heldout"):
            metrics[f"{kind}_{split}_acc_by_seed"] = [r[f"{kind}_{split}_acc"] for r in runs]
    return metrics
