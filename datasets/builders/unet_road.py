"""Train the U-Net of c4w3a2 (image segmentation) on the road scenes and measure it.

What it makes (under `datasets/c4/road/`):
    unet_road.weights.h5   weights of the lesson's `unet_model((96, 128, 3), n_filters=8,
                           n_classes=14)`: Keras 3 `save_weights` format, rewritten without
                           timestamps and stored as float16 (about 1.1 MB; Keras's
                           `load_weights` casts them back to the model's float32 variables).

The network is defined here, with the same code structure as the lesson's solution (the
same layers, created in the same order), and nowhere in `shared_utils`: its blocks are the
answers to c4w3a2's graded functions, and no module a learner can import may hold them.
Keras's `load_weights` matches a `.weights.h5` file to a model by the order of the layers
of each kind (the n-th Conv2D of the file goes to the n-th Conv2D of the model), so a
correct `unet_model` of the lesson loads this file; `tests/test_c4w3a2_lesson.py` checks
that the notebook's own solution does and reproduces the accuracy recorded here.

Data: the 1,000 saved pairs of `road_scenes.py`, split as the lesson splits them: the
first 800 for training, the last 200 for validation. Inputs are pixels / 255; labels are
the class ids (the red channel of the masks). Training: Adam (learning rate 1e-3), batch
16, sparse categorical cross-entropy from logits, until the validation pixel accuracy
reaches TARGET_ACC (at most EPOCHS epochs), Keras seed SEED, TF op
determinism, 1 thread (on a shared machine, more threads mostly wait for each other).
The road-scenes builder trained the same network on all 1,000 pairs for 30 epochs (322
CPU seconds, 0.89 pixel accuracy on unsaved scenes); this run keeps
200 pairs aside so that the lesson can measure the network on pairs it never saw.

Measured (in the manifest): pixel accuracy, the intersection over union (IoU) of every
class and their mean, on the 200 validation pairs (what the lesson reproduces) and on
200 held-out scenes drawn by `road_scenes.py` that are not saved; the training time.

Run from the repository root when the machine is quiet (a few CPU minutes):
    nice -n 10 .venv/bin/python datasets/builders/unet_road.py
(`--epochs N --no-save` tries another length without writing anything.)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import road_scenes as rs  # noqa: E402  (the scene renderer, a sibling script)
from course_files import rewrite_h5_without_timestamps  # noqa: E402

from graders.manifest import record_artifact  # noqa: E402
from shared_utils.road_data import load_road_segmentation  # noqa: E402

SEED = 13
INPUT_SIZE = (96, 128, 3)
N_FILTERS = 8
N_CLASSES = len(rs.SEG_CLASSES)
N_TRAIN = 800  # the first 800 saved pairs; the last 200 are the lesson's validation set
EPOCHS = 40
TARGET_ACC = 0.855  # stop once the validation pixel accuracy reaches this
BATCH = 16
LEARNING_RATE = 1e-3
N_HELDOUT = 200
WEIGHTS_FILE = rs.OUT_DIR / "unet_road.weights.h5"


# ------------------------------------------------------------------------ the network


def _conv3x3(n_filters: int):
    from keras import layers

    return layers.Conv2D(
        n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal"
    )


def conv_block(inputs, n_filters: int, dropout_prob: float = 0.0, max_pooling: bool = True):
    """Two 3 x 3 ReLU convolutions, dropout when its rate is > 0, a 2 x 2 max pool when
    asked: (next_layer, skip_connection)."""
    from keras import layers

    conv = _conv3x3(n_filters)(inputs)
    conv = _conv3x3(n_filters)(conv)
    if dropout_prob > 0:
        conv = layers.Dropout(dropout_prob)(conv)
    next_layer = layers.MaxPooling2D(pool_size=(2, 2))(conv) if max_pooling else conv
    return next_layer, conv


def upsampling_block(expansive_input, contractive_input, n_filters: int):
    """A 3 x 3 transposed convolution of stride 2, the skip connection concatenated after
    it, two 3 x 3 ReLU convolutions."""
    from keras import layers

    up = layers.Conv2DTranspose(n_filters, 3, strides=2, padding="same")(expansive_input)
    merge = layers.Concatenate(axis=3)([up, contractive_input])
    conv = _conv3x3(n_filters)(merge)
    return _conv3x3(n_filters)(conv)


def unet(input_size=INPUT_SIZE, n_filters: int = N_FILTERS, n_classes: int = N_CLASSES):
    """The lesson's U-Net: 4 blocks down, a bottleneck, 4 blocks up, a 3 x 3 convolution
    and a 1 x 1 convolution to one logit per class and pixel."""
    import keras

    inputs = keras.Input(input_size)
    c1 = conv_block(inputs, n_filters)
    c2 = conv_block(c1[0], 2 * n_filters)
    c3 = conv_block(c2[0], 4 * n_filters)
    c4 = conv_block(c3[0], 8 * n_filters, dropout_prob=0.3)
    c5 = conv_block(c4[0], 16 * n_filters, dropout_prob=0.3, max_pooling=False)
    u6 = upsampling_block(c5[0], c4[1], 8 * n_filters)
    u7 = upsampling_block(u6, c3[1], 4 * n_filters)
    u8 = upsampling_block(u7, c2[1], 2 * n_filters)
    u9 = upsampling_block(u8, c1[1], n_filters)
    conv9 = _conv3x3(n_filters)(u9)
    conv10 = keras.layers.Conv2D(n_classes, 1, padding="same")(conv9)
    return keras.Model(inputs=inputs, outputs=conv10)


# ------------------------------------------------------------------------ measurement


def confusion(model, images: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Confusion matrix (true class, predicted class) over every pixel: (14, 14) counts."""
    logits = model.predict(images.astype(np.float32) / 255.0, batch_size=50, verbose=0)
    predicted = np.argmax(logits, axis=-1).ravel()
    true = masks.reshape(len(masks), *INPUT_SIZE[:2]).ravel().astype(np.int64)
    return np.bincount(true * N_CLASSES + predicted, minlength=N_CLASSES**2).reshape(
        N_CLASSES, N_CLASSES
    )


def scores(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    """Pixel accuracy and the IoU of every class (NaN for a class absent from both)."""
    inter = np.diag(matrix).astype(np.float64)
    union = matrix.sum(axis=0) + matrix.sum(axis=1) - inter
    iou = np.where(union > 0, inter / np.maximum(union, 1), np.nan)
    return float(inter.sum() / matrix.sum()), iou


def figures(prefix: str, matrix: np.ndarray) -> dict:
    accuracy, iou = scores(matrix)
    out = {
        f"{prefix}_pixel_acc": round(accuracy, 4),
        f"{prefix}_mean_iou": round(float(np.nanmean(iou)), 4),
    }
    for name, value in zip(rs.SEG_CLASSES, iou, strict=True):
        out[f"{prefix}_iou_{name}"] = None if np.isnan(value) else round(float(value), 4)
    return out


# ------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--no-save", action="store_true", help="train and report only")
    args = parser.parse_args()

    import keras
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.experimental.enable_op_determinism()
    start, cpu0 = time.perf_counter(), time.process_time()

    images, masks = load_road_segmentation()  # (1000, 96, 128, 3), (1000, 96, 128, 1)
    train_x, train_y = images[:N_TRAIN], masks[:N_TRAIN]
    valid_x, valid_y = images[N_TRAIN:], masks[N_TRAIN:]

    keras.utils.set_random_seed(SEED)
    model = unet()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )

    class StopAtTarget(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if (logs or {}).get("val_accuracy", 0.0) >= TARGET_ACC:
                self.model.stop_training = True

    t_train, c_train = time.perf_counter(), time.process_time()
    history = model.fit(
        train_x.astype(np.float32) / 255.0,
        train_y,
        batch_size=BATCH,
        epochs=args.epochs,
        shuffle=True,
        validation_data=(valid_x.astype(np.float32) / 255.0, valid_y),
        callbacks=[StopAtTarget()],
        verbose=2,
    )
    train_seconds = time.perf_counter() - t_train
    train_cpu = time.process_time() - c_train
    if args.no_save:
        accuracy, _ = scores(confusion(model, valid_x, valid_y))
        print(
            f"{args.epochs} epochs: validation pixel accuracy {accuracy:.4f}, "
            f"{train_seconds:.0f} s wall, {train_cpu:.0f} s CPU"
        )
        return

    # Saved from an uncompiled twin: a compiled model's file also carries the optimizer.
    twin = unet()
    twin.set_weights(model.get_weights())
    twin.save_weights(WEIGHTS_FILE)
    rewrite_h5_without_timestamps(WEIGHTS_FILE, float16=True)
    reloaded = unet()
    reloaded.load_weights(WEIGHTS_FILE)  # Keras's own loading code, as the lesson uses it

    held = [rs.scene("seg_heldout", i, *rs.SEG_SIZE) for i in range(N_HELDOUT)]
    held_x = np.stack([s.rgb for s in held])
    held_y = np.stack([s.mask for s in held])
    metrics = {
        "n_filters": N_FILTERS,
        "params": int(reloaded.count_params()),
        "epochs": len(history.history["val_accuracy"]),
        "max_epochs": args.epochs,
        "target_valid_acc": TARGET_ACC,
        "batch": BATCH,
        "learning_rate": LEARNING_RATE,
        "train_pairs": N_TRAIN,
        "valid_pairs": len(valid_x),
        "heldout_scenes": N_HELDOUT,
        "train_acc_last_epoch": round(float(history.history["accuracy"][-1]), 4),
        "valid_acc_by_epoch": [round(float(v), 4) for v in history.history["val_accuracy"]],
        **figures("valid", confusion(reloaded, valid_x, valid_y)),
        **figures("heldout", confusion(reloaded, held_x, held_y)),
        "weights_bytes": WEIGHTS_FILE.stat().st_size,
        "train_seconds_wall": round(train_seconds, 1),
        "train_cpu_seconds": round(train_cpu, 1),
        "cpu_seconds": round(time.process_time() - cpu0, 1),
    }
    for name, value in metrics.items():
        print(f"{name:>30}: {value}")
    seconds = time.perf_counter() - start
    record_artifact(
        "unet_road",
        builder="datasets/builders/unet_road.py",
        seed=SEED,
        files=[WEIGHTS_FILE],
        metrics=metrics,
        libraries=("numpy", "h5py", "keras", "tensorflow-cpu"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s (keras {keras.__version__})")


NOTES = (
    "The lesson's U-Net (4 conv blocks down with 8, 16, 32, 64 filters, a bottleneck of 128 "
    "with dropout 0.3 (also in the 4th block), 4 upsampling blocks, 3x3 then 1x1 conv to 14 "
    "logits) trained here on CPU on the first 800 saved road-scene pairs (batch 16, Adam 1e-3, "
    "stopped at the first epoch whose validation pixel accuracy reaches target_valid_acc); "
    "valid_* figures on "
    "the last 200 saved pairs (the lesson's validation split, which it reproduces), heldout_* "
    "on 200 unsaved scenes of road_scenes.py (split seg_heldout). IoU per class = "
    "TP / (TP + FP + FN) over all pixels of the set; None for a class absent from it. Weights "
    "stored as float16 and measured after reloading with Keras's load_weights. Run with "
    "nice -n 10; wall times depend on the load of the shared 2-core machine (CPU seconds / 2 "
    "estimate an unshared run). CPU training with op determinism; another CPU may differ in "
    "the last bits."
)

if __name__ == "__main__":
    main()
