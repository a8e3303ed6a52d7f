"""Train and save the date-translation attention model of Course 5 (c5w3a1).

What it makes (under `datasets/c5/`):
    nmt_attention.weights.h5   weights of the lesson's attention model (Keras 3 format,
                               rewritten with h5py so a rebuild gives the same bytes)
    nmt_attention_layers.json  the model's layers in order (class, config essentials,
                               parameter count): what the notebook must rebuild
    dates_heldout.csv          1,000 held-out `human,iso` pairs (no ISO date of them is
                               among the training dates)
    attention_map.png          attention weights of the trained model on four held-out
                               dates: each output digit looks at its day/month/year part

Data: `shared_utils.nmt_utils.load_dataset(10000, seed=TRAIN_SEED)` (Faker + Babel), Tx 30,
Ty 10, human vocabulary 39 (37 characters + <unk> + <pad>), machine vocabulary 11.

The architecture (the lesson's; rebuild it layer for layer, with the layers created
once, globally, and shared across the Ty output steps, in this order):

    repeator   = RepeatVector(Tx)
    concatenator = Concatenate(axis=-1)
    densor1    = Dense(10, activation="tanh")
    densor2    = Dense(1, activation="relu")
    activator  = Activation(nmt_utils.softmax, name="attention_weights")  # softmax over Tx
    dotor      = Dot(axes=1)
    post_activation_LSTM_cell = LSTM(n_s, return_state=True)
    output_layer = Dense(machine_vocab_size, activation="softmax")

    one_step_attention(a, s_prev):
        s_prev = repeator(s_prev); concat = concatenator([a, s_prev])
        e = densor1(concat); energies = densor2(e); alphas = activator(energies)
        return dotor([alphas, a])

    modelf(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size):
        X = Input((Tx, human_vocab_size)); s0 = Input((n_s,), name="s0");
        c0 = Input((n_s,), name="c0"); s, c = s0, c0
        a = Bidirectional(LSTM(n_a, return_sequences=True))(X)
        for t in range(Ty):
            context = one_step_attention(a, s)
            # Keras 3: the LSTM's first argument is `sequences` (no `inputs=` keyword)
            _, s, c = post_activation_LSTM_cell(context, initial_state=[s, c])
            outputs.append(output_layer(s))
        return Model(inputs=[X, s0, c0], outputs=outputs)

with n_a = 32, n_s = 64: 53,472 parameters (52,960 in the original, whose human
vocabulary had 37 symbols). Keras 3 `.weights.h5` files are keyed by layer class and
position, not by layer name, so any code that creates the same layers in the same order
loads these weights with `model.load_weights(path)`.

Training: Adam(learning_rate=0.005, beta_1=0.9, beta_2=0.999) with the learning rate
decayed as 0.005 / (1 + 0.05 * epoch) (InverseTimeDecay, 100 steps per epoch),
categorical cross-entropy on each of the 10 outputs, batch 100, up to MAX_EPOCHS epochs
on CPU, stopping early once the exact-match accuracy on 1,000 validation dates (another
seed, not the held-out set) reaches 99.5 %. Keras seed 1, TF op determinism. The model
is a graded exercise of the lesson, so its code lives here, never in shared_utils.

Run from the repository root:  .venv/bin/python datasets/builders/nmt_dates.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from graders.manifest import record_artifact  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_files import rewrite_h5_without_timestamps  # noqa: E402

from shared_utils import nmt_utils  # noqa: E402

OUT_DIR = REPO_ROOT / "datasets" / "c5"
WEIGHTS_FILE = OUT_DIR / "nmt_attention.weights.h5"
LAYERS_FILE = OUT_DIR / "nmt_attention_layers.json"
HELDOUT_FILE = OUT_DIR / "dates_heldout.csv"
MAP_FILE = OUT_DIR / "attention_map.png"
SEED = 1
TRAIN_SEED, VALID_SEED, HELDOUT_SEED = 12345, 777, 2024
M_TRAIN, M_VALID, M_HELDOUT = 10_000, 1_000, 1_000
TX, TY, N_A, N_S = nmt_utils.TX, nmt_utils.TY, 32, 64
MAX_EPOCHS = int(os.environ.get("NMT_MAX_EPOCHS", "40"))
TARGET_VALID = 99.5
MAP_EXAMPLES = (
    "thursday the 3rd of march 1966",
    "27th april 2005",
    "9/23/2001",
    "sun, dec 25, 2016",
)


def build_model(human_vocab_size: int, machine_vocab_size: int):
    """The lesson's attention model (see the module docstring), layers shared over Ty."""
    import keras
    from keras import layers

    repeator = layers.RepeatVector(TX)
    concatenator = layers.Concatenate(axis=-1)
    densor1 = layers.Dense(10, activation="tanh")
    densor2 = layers.Dense(1, activation="relu")
    activator = layers.Activation(nmt_utils.softmax, name="attention_weights")
    dotor = layers.Dot(axes=1)
    post_activation_lstm_cell = layers.LSTM(N_S, return_state=True)
    output_layer = layers.Dense(machine_vocab_size, activation="softmax")

    def one_step_attention(a, s_prev):
        s_prev = repeator(s_prev)
        concat = concatenator([a, s_prev])
        e = densor1(concat)
        energies = densor2(e)
        alphas = activator(energies)
        return dotor([alphas, a])

    x = keras.Input(shape=(TX, human_vocab_size))
    s0 = keras.Input(shape=(N_S,), name="s0")
    c0 = keras.Input(shape=(N_S,), name="c0")
    s, c = s0, c0
    outputs = []
    a = layers.Bidirectional(layers.LSTM(N_A, return_sequences=True))(x)
    for _ in range(TY):
        context = one_step_attention(a, s)
        _, s, c = post_activation_lstm_cell(context, initial_state=[s, c])
        outputs.append(output_layer(s))
    return keras.Model(inputs=[x, s0, c0], outputs=outputs)


def exact_match(model, xoh: np.ndarray, y: np.ndarray) -> float:
    """Percentage of examples whose 10 predicted characters are all right."""
    zeros = np.zeros((len(xoh), N_S), dtype=np.float32)
    probs = model.predict([xoh, zeros, zeros], batch_size=500, verbose=0)
    pred = np.stack([np.argmax(p, axis=-1) for p in probs], axis=1)
    return round(100 * float(np.mean(np.all(pred == y, axis=1))), 2)


def layer_table(model) -> list[dict]:
    """One row per layer: class, a few config values, output shape, parameters."""
    table = []
    for layer in model.layers:
        config = layer.get_config()
        row = {"class": type(layer).__name__, "params": int(layer.count_params())}
        for key in (
            "units",
            "activation",
            "axis",
            "axes",
            "n",
            "return_sequences",
            "return_state",
        ):
            if key in config and not callable(config[key]):
                row[key] = config[key]
        if getattr(layer, "activation", None) is nmt_utils.softmax:
            # Keras writes just "softmax", which would hide that it runs over axis 1
            # (the Tx positions); a plain softmax over the last axis (size 1) is all ones.
            row["activation"] = "nmt_utils.softmax (axis=1)"
        if type(layer).__name__ == "Bidirectional":
            row["inner"] = {
                "class": "LSTM",
                "units": layer.forward_layer.units,
                "return_sequences": True,
            }
        table.append(row)
    return table


def save_attention_map(model, human_vocab, inv_machine_vocab) -> tuple[list[str], np.ndarray]:
    """Plot the attention weights on MAP_EXAMPLES; return the predictions and weights."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ints = [nmt_utils.string_to_int(text, TX, human_vocab) for text in MAP_EXAMPLES]
    xoh = np.eye(len(human_vocab), dtype=np.float32)[np.array(ints)]
    zeros = np.zeros((len(xoh), N_S), dtype=np.float32)
    alphas = nmt_utils.attention_weights(model, "attention_weights", [xoh, zeros, zeros])
    probs = model.predict([xoh, zeros, zeros], verbose=0)
    preds = [
        "".join(nmt_utils.int_to_string(np.argmax(np.stack(probs, 1)[i], -1), inv_machine_vocab))
        for i in range(len(xoh))
    ]
    fig, axes = plt.subplots(2, 2, figsize=(15, 7.5))
    for ax, text, pred, weights in zip(axes.flat, MAP_EXAMPLES, preds, alphas, strict=True):
        nmt_utils.plot_attention_map(weights, text, pred, ax=ax)
        ax.set_title(f"{text!r} -> {pred}", fontsize=11)
    fig.suptitle(
        "Attention weights: each output character (rows) looks at the input "
        "characters (columns) of its day, month or year",
        fontsize=12,
    )
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72, metadata={"Software": None})
    plt.close(fig)
    MAP_FILE.write_bytes(buffer.getvalue())
    return preds, alphas


def attention_follows_parts(alphas: np.ndarray, texts: tuple[str, ...]) -> float:
    """Share of year-digit output steps whose strongest input position is a year digit.

    The year is the only 4-digit run in every example, so its positions are easy to find.
    """
    import re

    hits = total = 0
    for weights, text in zip(alphas, texts, strict=True):
        year = re.search(r"\d{4}", text)
        for step in range(4):  # outputs 0-3 are the year's digits
            total += 1
            hits += year.start() <= int(np.argmax(weights[step])) < year.end()
    return round(100 * hits / total, 1)


def main() -> None:
    import keras
    import tensorflow as tf

    start = time.perf_counter()
    keras.utils.set_random_seed(SEED)
    tf.config.experimental.enable_op_determinism()
    train, human_vocab, machine_vocab, inv_machine_vocab = nmt_utils.load_dataset(
        M_TRAIN, seed=TRAIN_SEED
    )
    seen = {iso for _, iso in train}
    valid, *_ = nmt_utils.load_dataset(M_VALID, seed=VALID_SEED, exclude=seen)
    heldout, *_ = nmt_utils.load_dataset(M_HELDOUT, seed=HELDOUT_SEED, exclude=seen)
    _, _, xoh, yoh = nmt_utils.preprocess_data(train, human_vocab, machine_vocab)
    _, yv, xvoh, _ = nmt_utils.preprocess_data(valid, human_vocab, machine_vocab)
    _, yh, xhoh, _ = nmt_utils.preprocess_data(heldout, human_vocab, machine_vocab)

    model = build_model(len(human_vocab), len(machine_vocab))
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.005, decay_steps=100, decay_rate=0.05)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=schedule, beta_1=0.9, beta_2=0.999),
        loss="categorical_crossentropy",
    )
    zeros = np.zeros((M_TRAIN, N_S), dtype=np.float32)
    targets = list(yoh.swapaxes(0, 1))
    epochs = 0
    valid_acc = 0.0
    while epochs < MAX_EPOCHS and valid_acc < TARGET_VALID:
        t0 = time.perf_counter()
        hist = model.fit([xoh, zeros, zeros], targets, epochs=1, batch_size=100, verbose=0)
        epochs += 1
        valid_acc = exact_match(model, xvoh, yv)
        print(
            f"epoch {epochs:>3}: loss {hist.history['loss'][-1]:.4f}  valid exact "
            f"{valid_acc:6.2f} %  ({time.perf_counter() - t0:.1f} s)",
            flush=True,
        )
    train_seconds = time.perf_counter() - start

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    # Save from an uncompiled twin: the file then holds the layers' weights only, no
    # optimizer state, and loads into a learner's model whatever optimizer it compiled.
    twin = build_model(len(human_vocab), len(machine_vocab))
    twin.set_weights(model.get_weights())
    twin.save_weights(WEIGHTS_FILE)
    rewrite_h5_without_timestamps(WEIGHTS_FILE)
    LAYERS_FILE.write_text(json.dumps(layer_table(model), indent=1) + "\n")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(heldout)
    HELDOUT_FILE.write_text(buffer.getvalue())

    # Measure on a fresh model that loads the saved file (what the lesson will do).
    reloaded = build_model(len(human_vocab), len(machine_vocab))
    reloaded.load_weights(WEIGHTS_FILE)
    preds, alphas = save_attention_map(reloaded, human_vocab, inv_machine_vocab)
    metrics = {
        "train_examples": M_TRAIN,
        "heldout_examples": M_HELDOUT,
        "human_vocab": len(human_vocab),
        "machine_vocab": len(machine_vocab),
        "params": int(reloaded.count_params()),
        "epochs": epochs,
        "valid_exact_match": valid_acc,
        "train_exact_match": exact_match(reloaded, xoh, np.argmax(yoh, -1)),
        "heldout_exact_match": exact_match(reloaded, xhoh, yh),
        "heldout_first200_exact_match": exact_match(reloaded, xhoh[:200], yh[:200]),
        "map_year_steps_on_year_digits_pct": attention_follows_parts(alphas, MAP_EXAMPLES),
        "train_seconds": round(train_seconds, 1),
        "weights_bytes": WEIGHTS_FILE.stat().st_size,
    }
    for text, pred in zip(MAP_EXAMPLES, preds, strict=True):
        print(f"{text:>32} -> {pred}")
    for name, value in metrics.items():
        print(f"{name:>36}: {value}")
    seconds = time.perf_counter() - start
    record_artifact(
        "nmt_dates",
        builder="datasets/builders/nmt_dates.py",
        seed=SEED,
        files=[WEIGHTS_FILE, LAYERS_FILE, HELDOUT_FILE, MAP_FILE],
        metrics=metrics,
        libraries=("numpy", "h5py", "keras", "tensorflow-cpu", "Faker", "Babel", "matplotlib"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Attention model of the lesson (Bidirectional LSTM 32 -> per step RepeatVector, "
    "Concatenate, Dense 10 tanh, Dense 1 relu, softmax over Tx, Dot(axes=1) -> LSTM 64 with "
    "return_state -> Dense 11 softmax; layers shared over Ty=10), trained here on CPU on "
    "10,000 Faker/Babel dates (seed 12345); Adam 0.005 / (1 + 0.05 * epoch), "
    "batch 100. Held-out dates (seed 2024) share no ISO date with training. Measured while "
    "the machine was shared by several engineers."
)

if __name__ == "__main__":
    main()
