"""Build the melody data of the LSTM improvisation assignment (Course 5) from music21's
offline corpus, and measure the lesson's model on it.

What it makes (under `datasets/c5/music/`):
    chorale_melodies.npz    X_indices int16 (60, 30): 60 snippets of 30 tokens, one per
                            chorale; corpus_in_key float: share of corpus notes in C major
    vocabulary.json         the 90 tokens ("E5_1", "R_0.5", ...) and the works used
    generated_sample.mid    a 60-token melody sampled from the trained model (music21 MIDI)
    generated_sample.wav    the same melody rendered with numpy synthesis (16 kHz, 16-bit)

Which works and why: the soprano lines of J. S. Bach's four-part chorales in music21's
corpus (public domain, shipped with music21, read offline). They are many short, clean,
single-line melodies in a consistent style: one note at a time, simple rhythms, clear
keys. Only major-key chorales are kept and each is moved by the smallest shift to
C major, so one 90-token vocabulary covers almost all notes and "in key" means "in
C major". Tokens are `<pitch>_<duration in quarters>` (`music_utils.make_token`); the
vocabulary is the 90 most frequent tokens (the lesson's n_values = 90), and the 60
snippets (the lesson's m = 60, Tx = 30) are windows that use only vocabulary tokens,
one window per chorale.

Measured: the lesson's model (one shared LSTM cell, n_a = 64, Dense softmax over 90
values, unrolled over 30 steps; 45,530 parameters) trained for the lesson's 100 epochs
(Adam 0.01 with the lesson's 1 / (1 + 0.01 t) decay, batch 32), its training time, and
how often sampled melodies stay in key: the share of sampled notes whose pitch class is
in C major (rests ignored), over 20 melodies of 60 tokens sampled at temperature 1 from a
zero state, against a uniform random baseline (60-token sequences drawn uniformly from the
vocabulary, 2,000 of them) and the corpus itself. The model code lives here only: it is a
graded exercise of the notebook.

Run from the repository root:  .venv/bin/python datasets/builders/chorale_melodies.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import keras  # noqa: E402
from keras import layers  # noqa: E402

from graders.manifest import record_artifact  # noqa: E402
from shared_utils import music_utils  # noqa: E402

SEED = 11
OUT_DIR = REPO_ROOT / "datasets" / "c5" / "music"
DATA_FILE = OUT_DIR / "chorale_melodies.npz"
VOCAB_FILE = OUT_DIR / "vocabulary.json"
MIDI_FILE = OUT_DIR / "generated_sample.mid"
WAV_FILE = OUT_DIR / "generated_sample.wav"
M, TX, N_VALUES, N_A = 60, 30, 90, 64
EPOCHS = 100
SAMPLE_LEN, N_SAMPLES, N_RANDOM = 60, 20, 2000


def chorale_melodies() -> dict[str, list[str]]:
    """Soprano tokens (moved to C) of every major-key four-part Bach chorale, by work."""
    from music21 import corpus

    melodies = {}
    for path in sorted(corpus.getComposer("bach"), key=str):
        score = corpus.parse(path)
        if len(score.parts) < 4 or score.analyze("key").mode != "major":
            continue
        melodies[Path(path).stem] = music_utils.melody_tokens(score, part=0, to_c=True)
    return melodies


def snippets(
    melodies: dict[str, list[str]], vocab: list[str], rng: np.random.Generator
) -> tuple[np.ndarray, list[str]]:
    """One random in-vocabulary window of TX tokens from each of M chorales."""
    index = {tok: i for i, tok in enumerate(vocab)}
    candidates = []
    for work, tokens in melodies.items():
        ids = [index.get(t, -1) for t in tokens]
        starts = [s for s in range(len(ids) - TX + 1) if min(ids[s : s + TX]) >= 0]
        if starts:
            candidates.append((work, ids, starts))
    chosen = rng.choice(len(candidates), size=M, replace=False)
    rows, works = [], []
    for k in sorted(chosen):
        work, ids, starts = candidates[k]
        s = starts[rng.integers(len(starts))]
        rows.append(ids[s : s + TX])
        works.append(work)
    return np.asarray(rows, dtype=np.int16), works


def djmodel(tx: int, lstm_cell, densor, reshaper) -> keras.Model:
    """The lesson's training model: one LSTM cell shared across tx steps."""
    n_values, n_a = densor.units, lstm_cell.units
    x_in = keras.Input(shape=(tx, n_values))
    a0, c0 = keras.Input(shape=(n_a,)), keras.Input(shape=(n_a,))
    a, c = a0, c0
    outputs = []
    for t in range(tx):
        x = reshaper(x_in[:, t, :])
        _, a, c = lstm_cell(x, initial_state=[a, c])
        outputs.append(densor(a))
    return keras.Model(inputs=[x_in, a0, c0], outputs=outputs)


def sample_melodies(
    lstm_cell, densor, reshaper, n: int, length: int, rng: np.random.Generator
) -> np.ndarray:
    """Token indices (n, length) sampled one step at a time from a zero state."""
    n_values, n_a = densor.units, lstm_cell.units
    x_in = keras.Input(shape=(n_values,))
    a_in, c_in = keras.Input(shape=(n_a,)), keras.Input(shape=(n_a,))
    _, a, c = lstm_cell(reshaper(x_in), initial_state=[a_in, c_in])
    step = keras.Model([x_in, a_in, c_in], [densor(a), a, c])
    x = np.zeros((n, n_values), np.float32)
    a = np.zeros((n, n_a), np.float32)
    c = np.zeros((n, n_a), np.float32)
    out = np.zeros((n, length), np.int64)
    for t in range(length):
        probs, a, c = (np.asarray(v) for v in step([x, a, c], training=False))
        p = probs.astype(np.float64)
        p /= p.sum(axis=1, keepdims=True)
        out[:, t] = [rng.choice(n_values, p=row) for row in p]
        x = music_utils.one_hot(out[:, t], n_values)
    return out


def in_key(rows: np.ndarray, vocab: list[str]) -> float:
    """Share of notes in C major over all sequences together (rests ignored)."""
    pcs = [music_utils.parse_token(vocab[i])[0] for i in rows.ravel()]
    notes = [p % 12 for p in pcs if p is not None]
    return float(np.mean([pc in music_utils.C_MAJOR for pc in notes]))


def main() -> None:
    keras.utils.set_random_seed(SEED)
    start = time.perf_counter()
    rng = np.random.default_rng(SEED)
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    melodies = chorale_melodies()
    counts = Counter(t for tokens in melodies.values() for t in tokens)
    # Most frequent first; ties broken by the token text so the order never changes.
    vocab = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:N_VALUES]]
    total_notes = sum(counts.values())
    coverage = sum(counts[t] for t in vocab) / total_notes
    corpus_in_key = music_utils.in_key_fraction([t for ts in melodies.values() for t in ts])
    x_idx, works = snippets(melodies, vocab, rng)
    np.savez_compressed(DATA_FILE, X_indices=x_idx, corpus_in_key=np.float64(corpus_in_key))
    VOCAB_FILE.write_text(
        json.dumps(
            {
                "tokens": vocab,
                "token_format": "<pitch>_<quarters>; pitch R is a rest; key moved to C major",
                "source": "soprano parts of major-key four-part Bach chorales, music21 corpus",
                "works": works,
            },
            indent=1,
        )
        + "\n"
    )
    parse_seconds = time.perf_counter() - start
    print(
        f"{len(melodies)} chorales, {total_notes} tokens, {len(counts)} distinct, "
        f"vocabulary covers {coverage:.3f}, parsed in {parse_seconds:.0f} s",
        flush=True,
    )

    X, Y, n_values, _ = music_utils.load_music_data_from(DATA_FILE, VOCAB_FILE)
    lstm_cell = layers.LSTM(N_A, return_state=True)
    densor = layers.Dense(n_values, activation="softmax")
    reshaper = layers.Reshape((1, n_values))
    model = djmodel(TX, lstm_cell, densor, reshaper)
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=0.01)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=schedule, beta_1=0.9, beta_2=0.999),
        loss="categorical_crossentropy",
    )
    zeros = np.zeros((M, N_A), np.float32)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    history = model.fit([X, zeros, zeros], list(Y), epochs=EPOCHS, batch_size=32, verbose=0)
    train_wall = time.perf_counter() - wall0
    train_cpu = time.process_time() - cpu0
    losses = history.history["loss"]
    print(
        f"trained {EPOCHS} epochs in {train_wall:.1f} s (cpu {train_cpu:.1f} s): "
        f"loss {losses[0]:.2f} -> {losses[-1]:.2f}",
        flush=True,
    )

    sampled = sample_melodies(lstm_cell, densor, reshaper, N_SAMPLES, SAMPLE_LEN, rng)
    random_rows = rng.integers(0, n_values, size=(N_RANDOM, SAMPLE_LEN))
    model_in_key = in_key(sampled, vocab)
    random_in_key = in_key(random_rows, vocab)
    per_melody = [in_key(row[None], vocab) for row in sampled]
    beats_random = int(sum(v > random_in_key for v in per_melody))

    # The committed sample: the sampled melody closest to the median in-key share.
    pick = int(np.argsort(per_melody)[len(per_melody) // 2])
    tokens = [vocab[i] for i in sampled[pick]]
    music_utils.write_midi(tokens, MIDI_FILE)
    music_utils.write_wav(music_utils.render_tokens(tokens), WAV_FILE)
    back = music_utils.midi_to_tokens(MIDI_FILE)
    metrics = {
        "chorales_used": len(melodies),
        "corpus_tokens": total_notes,
        "distinct_tokens": len(counts),
        "n_values": n_values,
        "vocabulary_coverage": round(coverage, 4),
        "X_shape": list(X.shape),
        "Y_shape": list(Y.shape),
        "params": int(model.count_params()),
        "epochs": EPOCHS,
        "train_wall_seconds": round(train_wall, 1),
        "train_cpu_seconds": round(train_cpu, 1),
        "loss_first_epoch": round(losses[0], 3),
        "loss_last_epoch": round(losses[-1], 3),
        "in_key_model_samples": round(model_in_key, 4),
        "in_key_uniform_random": round(random_in_key, 4),
        "in_key_corpus": round(corpus_in_key, 4),
        "samples_above_random": f"{beats_random}/{N_SAMPLES}",
        "sample_in_key": round(per_melody[pick], 4),
        "midi_round_trip_equal": back == music_utils.merge_rests(tokens),
        "sample_wav_seconds": round(
            music_utils.render_tokens(tokens).size / music_utils.SAMPLE_RATE, 1
        ),
    }
    seconds = time.perf_counter() - start
    for key, value in metrics.items():
        print(f"{key:>24}: {value}")
    record_artifact(
        "chorale_melodies",
        builder="datasets/builders/chorale_melodies.py",
        seed=SEED,
        files=[DATA_FILE, VOCAB_FILE, MIDI_FILE, WAV_FILE],
        metrics=metrics,
        libraries=("numpy", "music21", "keras", "tensorflow-cpu", "scipy"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Soprano lines of major-key four-part J. S. Bach chorales from music21's corpus (public "
    "domain), moved to C major; tokens <pitch>_<quarters>. Model: the lesson's djmodel "
    "(shared LSTM 64, Dense softmax 90, 30 steps), Adam 0.01 with 1/(1+0.01 t) decay, 100 "
    "epochs, batch 32. In-key = share of notes whose pitch class is in C major; model: 20 "
    "melodies x 60 tokens sampled at temperature 1 from a zero state; baseline: 2000 x 60 "
    "tokens uniform over the vocabulary. Timings measured while the 2-core machine was "
    "shared (the trigger-word detector was training at the same time)."
)

if __name__ == "__main__":
    main()
