"""Build the raw audio and the dev set of the trigger-word assignment (Course 5, "activate").

What it makes (all under `datasets/c5/trigger/`, 16-bit mono WAV at 16 kHz):
    raw_data/activates/act_NN.wav     60 clips of the word "activate"
    raw_data/negatives/neg_NN.wav     80 clips of other words, a third of them near misses
                                      ("activity", "captivate", "active", "motivate", ...)
    raw_data/backgrounds/bg_NN.wav    10 ten-second backgrounds: white, pink and brown
                                      noise, mains hum with a fan, babble of overlapping
                                      speech, Bach chorales rendered by numpy synthesis,
                                      and a cafe mix of babble and music
    dev/dev_NN.wav                    25 ten-second dev clips with 0 to 4 "activate"s
    dev/Y_dev.npy                     uint8 (25, 1375) labels of the dev clips
    dev/dev_clips.json                per dev clip: start/end (ms) of every word inserted

Speech comes from espeak-ng (a Debian package, called as a program; this script installs
nothing and stops with a clear message when it is missing). Each clip picks an English
voice (8 accents x 22 voice variants), a speed (120-230 words per minute), a pitch
(15-85) and a level (-26 to -12 dBFS). The dev set uses voice variants and background
seeds the raw clips never use, so its figures measure generalisation to new voices.

Shapes: 16 kHz keeps the original lesson's shapes. A 10-s clip is 160,000 samples; the
spectrogram of `shared_utils.td_utils` (200-sample windows, hop 29) has Tx = 5511 steps of
101 frequencies, and the detector's output has Ty = 1375 steps. Labels follow the lesson:
after a word ending at `end_ms`, steps int(end_ms * 1375 / 10000) + 1 onward are 1 for 50
steps (clipped at 1375).

Run from the repository root:  .venv/bin/python datasets/builders/trigger_word_audio.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.io import wavfile
from scipy.signal import lfilter, resample_poly

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from graders.manifest import record_artifact  # noqa: E402
from shared_utils import music_utils, td_utils  # noqa: E402
from shared_utils.td_utils import (  # noqa: E402
    CLIP_MS,
    LABEL_STEPS,
    SAMPLE_RATE,
    TY,
    array_to_segment,
    match_target_amplitude,
    segment_to_array,
)

SEED = 2024
OUT_DIR = REPO_ROOT / "datasets" / "c5" / "trigger"
RAW_DIR = OUT_DIR / "raw_data"
DEV_DIR = OUT_DIR / "dev"
N_ACTIVATES, N_NEGATIVES, N_DEV = 60, 80, 25
CLIP_SAMPLES = SAMPLE_RATE * CLIP_MS // 1000

ACCENTS = [
    "en-us",
    "en-gb",
    "en-gb-scotland",
    "en-gb-x-rp",
    "en-gb-x-gbclan",
    "en-gb-x-gbcwmd",
    "en-029",
    "en-us-nyc",
]
# Voice variants of espeak-ng; the last five are kept for the dev set only.
TRAIN_VARIANTS = [
    "m1",
    "m2",
    "m3",
    "m4",
    "m5",
    "m6",
    "m7",
    "f1",
    "f2",
    "f4",
    "klatt",
    "klatt2",
    "klatt4",
    "croak",
    "Andy",
    "Annie",
    "aunty",
    "boris",
]
DEV_VARIANTS = ["f3", "f5", "klatt3", "m8", "belinda", "david"]

NEAR_MISSES = [
    "activity",
    "active",
    "captivate",
    "motivate",
    "cultivate",
    "activist",
    "action",
    "actuate",
    "acted",
    "vacate",
    "a cat",
    "attic gate",
    "navigate",
    "evaluate",
    "elevate",
]
OTHER_WORDS = [
    "hello",
    "weather",
    "coffee",
    "dinner",
    "music",
    "tomorrow",
    "lamp",
    "computer",
    "alarm",
    "window",
    "kitchen",
    "yellow",
    "seven",
    "banana",
    "garden",
    "morning",
    "travel",
    "pillow",
    "remember",
    "basket",
    "orange",
    "listen",
    "purple",
    "calendar",
    "bicycle",
    "mountain",
    "telephone",
    "question",
    "bottle",
    "tiger",
]
BABBLE_SENTENCES = [
    "did you see the game last night",
    "I think we should leave before the rain starts",
    "the train was late again this morning",
    "can you pass me the salt please",
    "we are going to the beach on saturday",
    "my sister bought a new car",
    "how much is that blue jacket",
    "the meeting has been moved to three o'clock",
    "I forgot my umbrella at the office",
    "this soup is really very good",
    "let's watch a film after dinner",
    "the children are playing in the park",
    "could you turn the music down a little",
    "she is reading a book about history",
    "we need more milk and some bread",
    "the dog barked at the postman all day",
]


# ----------------------------------------------------------------------------- speech


def require_espeak() -> str:
    """Path of espeak-ng, or exit with a message naming the missing package."""
    path = shutil.which("espeak-ng")
    if path is None:
        sys.exit(
            "espeak-ng was not found. This builder synthesises speech with it and installs "
            "nothing itself: install the Debian/Ubuntu package 'espeak-ng' "
            "(sudo apt-get install espeak-ng), then run this script again."
        )
    return path


def speak(text: str, voice: str, speed: int, pitch: int) -> np.ndarray:
    """Float samples in [-1, 1] at 16 kHz of espeak-ng saying `text`, silence trimmed."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "say.wav"
        subprocess.run(
            [
                require_espeak(),
                "-v",
                voice,
                "-s",
                str(speed),
                "-p",
                str(pitch),
                "-w",
                str(wav),
                text,
            ],
            check=True,
            capture_output=True,
        )
        rate, data = wavfile.read(wav)
    x = resample_poly(data.astype(np.float64) / 32768.0, SAMPLE_RATE, rate)
    loud = np.flatnonzero(np.abs(x) > 0.02 * np.abs(x).max())
    x = x[max(loud[0] - 160, 0) : loud[-1] + 160]  # keep 10 ms around the speech
    return x


def random_voice(rng: np.random.Generator, variants: list[str]) -> tuple[str, int, int]:
    """(espeak voice, speed in words per minute, pitch) drawn at random."""
    voice = f"{ACCENTS[rng.integers(len(ACCENTS))]}+{variants[rng.integers(len(variants))]}"
    return voice, int(rng.integers(120, 231)), int(rng.integers(15, 86))


def at_level(x: np.ndarray, dbfs: float) -> np.ndarray:
    """Signal scaled so its RMS level is `dbfs` (peaks limited to full scale)."""
    rms = np.sqrt(np.mean(x**2)) + 1e-12
    y = x * 10 ** (dbfs / 20) / rms
    return y / max(1.0, np.abs(y).max() / 0.99)


def to_int16(x: np.ndarray) -> np.ndarray:
    return np.round(np.clip(x, -1, 1) * 32767).astype(np.int16)


def word_clip(rng: np.random.Generator, text: str, variants: list[str]) -> np.ndarray:
    """int16 clip of one word or phrase, random voice and level."""
    voice, speed, pitch = random_voice(rng, variants)
    return to_int16(at_level(speak(text, voice, speed, pitch), rng.uniform(-26, -12)))


# ------------------------------------------------------------------------ backgrounds


def coloured_noise(rng: np.random.Generator, n: int, exponent: float) -> np.ndarray:
    """Noise whose power falls as 1 / f**exponent (0 white, 1 pink, 2 brown)."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    spectrum[1:] /= f[1:] ** (exponent / 2)
    spectrum[0] = 0
    return np.fft.irfft(spectrum, n)


def room_hum(rng: np.random.Generator, n: int) -> np.ndarray:
    """Mains hum (50 or 60 Hz and harmonics) with a fan's low rumble."""
    t = np.arange(n) / SAMPLE_RATE
    mains = 50.0 if rng.random() < 0.5 else 60.0
    hum = sum(
        a * np.sin(2 * np.pi * mains * k * t + rng.uniform(0, 6.3))
        for k, a in zip(range(1, 6), (1.0, 0.5, 0.35, 0.2, 0.1), strict=True)
    )
    fan = lfilter([1.0], [1.0, -0.97], rng.standard_normal(n))  # low-pass rumble
    return hum / np.abs(hum).max() + 0.6 * fan / np.abs(fan).max()


def babble(rng: np.random.Generator, n: int, variants: list[str], voices: int = 6) -> np.ndarray:
    """Several people talking at once: sentences by random voices, overlapped."""
    out = np.zeros(n)
    for _ in range(voices):
        pos = int(rng.integers(-SAMPLE_RATE, SAMPLE_RATE))
        voice, speed, pitch = random_voice(rng, variants)
        while pos < n:
            text = BABBLE_SENTENCES[rng.integers(len(BABBLE_SENTENCES))]
            x = at_level(speak(text, voice, speed, pitch), rng.uniform(-30, -20))
            lo = max(pos, 0)
            piece = x[lo - pos : lo - pos + n - lo]
            out[lo : lo + len(piece)] += piece
            pos += len(x) + int(rng.integers(SAMPLE_RATE // 10, SAMPLE_RATE // 2))
    return out


def chorale_music(rng: np.random.Generator, n: int) -> np.ndarray:
    """Ten seconds from a Bach chorale of music21's corpus, synthesised in numpy."""
    from music21 import corpus

    works = sorted(str(p) for p in corpus.getComposer("bach"))
    score = corpus.parse(works[rng.integers(len(works))])
    bpm = float(rng.uniform(70, 110))
    x = music_utils.synthesize(music_utils.score_notes(score), bpm=bpm, rate=SAMPLE_RATE)
    start = int(rng.integers(0, max(len(x) - n, 1)))
    x = x[start : start + n]
    return np.pad(x, (0, n - len(x)))


def make_background(rng: np.random.Generator, kind: str, variants: list[str]) -> np.ndarray:
    """int16 ten-second background of the given kind."""
    n = CLIP_SAMPLES
    if kind in ("white", "pink", "brown"):
        x, level = coloured_noise(rng, n, {"white": 0, "pink": 1, "brown": 2}[kind]), -38
    elif kind == "hum":
        x, level = room_hum(rng, n), -32
    elif kind == "babble":
        x, level = babble(rng, n, variants), -30
    elif kind == "music":
        x, level = chorale_music(rng, n), -30
    else:  # "cafe": quieter babble over music and a little pink noise
        x = (
            at_level(babble(rng, n, variants, voices=4), -32)
            + at_level(chorale_music(rng, n), -30)
            + at_level(coloured_noise(rng, n, 1), -45)
        )
        level = -28
    return to_int16(at_level(x, level + rng.uniform(-3, 3)))


BACKGROUND_KINDS = [
    "white",
    "pink",
    "brown",
    "hum",
    "hum",
    "babble",
    "babble",
    "music",
    "music",
    "cafe",
]


# ------------------------------------------------------------ synthesising examples


def output_steps(n_samples: int) -> int:
    """Detector output steps for a clip of `n_samples` (1375 for 10 s): spectrogram
    windows, then the Conv1D of kernel 15 and stride 4."""
    frames = (n_samples - td_utils.NFFT) // td_utils.HOP + 1
    return (frames - 15) // 4 + 1


def label_steps(end_ms: float, ty: int = TY) -> tuple[int, int]:
    """First and one-past-last output steps labelled 1 after a word ending at `end_ms`."""
    first = int(end_ms * TY / CLIP_MS) + 1
    return min(first, ty), min(first + LABEL_STEPS, ty)


def place(
    rng: np.random.Generator, length_ms: int, taken: list[tuple[int, int]], clip_ms: int
) -> tuple[int, int] | None:
    """A free (start, end) interval in ms for a sound of `length_ms`, or None."""
    for _ in range(50):
        start = int(rng.integers(0, clip_ms - length_ms))
        end = start + length_ms - 1
        if all(end < s or start > e for s, e in taken):
            return start, end
    return None


def synthesize_example(
    rng: np.random.Generator,
    background: np.ndarray,
    activates: list[np.ndarray],
    negatives: list[np.ndarray],
    clip_ms: int = CLIP_MS,
) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """One training or dev example, made the way the lesson makes them.

    The background is lowered to a random level, 0-4 "activate"s and 0-3 other words are
    overlaid with pydub at free positions, and the result is brought to -20 dBFS.

    Returns:
        int16 samples (clip_ms * 16), uint8 labels (ty,), and the words placed (ms).
    """
    n = SAMPLE_RATE * clip_ms // 1000
    ty = output_steps(n)
    start = int(rng.integers(0, len(background) - n + 1))
    sound = match_target_amplitude(
        array_to_segment(background[start : start + n]), float(rng.uniform(-42, -26))
    )
    y = np.zeros(ty, dtype=np.uint8)
    taken: list[tuple[int, int]] = []
    words = []
    n_act = int(rng.choice([0, 1, 1, 2, 2, 3, 4]))
    n_neg = int(rng.integers(0, 4))
    picks = [("activate", activates[rng.integers(len(activates))]) for _ in range(n_act)] + [
        ("negative", negatives[rng.integers(len(negatives))]) for _ in range(n_neg)
    ]
    for kind, clip in picks:
        word = array_to_segment(clip).apply_gain(float(rng.uniform(-4, 4)))
        spot = place(rng, len(word), taken, clip_ms)
        if spot is None:
            continue
        taken.append(spot)
        sound = sound.overlay(word, position=spot[0])
        words.append({"kind": kind, "start_ms": spot[0], "end_ms": spot[1]})
        if kind == "activate":
            a, b = label_steps(spot[1], ty)
            y[a:b] = 1
    sound = match_target_amplitude(sound, -20.0)
    words.sort(key=lambda w: w["start_ms"])
    return segment_to_array(sound)[:n], y, words


# ------------------------------------------------------------------------------- main


def write(path: Path, samples: np.ndarray) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wavfile.write(path, SAMPLE_RATE, samples)
    return path


def build_words(
    rng: np.random.Generator, variants: list[str], n_act: int, n_neg: int
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    activates = [word_clip(rng, "activate", variants) for _ in range(n_act)]
    pool = NEAR_MISSES * 2 + OTHER_WORDS  # near misses are about 50 % of negatives
    negatives = [word_clip(rng, pool[rng.integers(len(pool))], variants) for _ in range(n_neg)]
    return activates, negatives


def main() -> None:
    require_espeak()
    start = time.perf_counter()
    rng = np.random.default_rng(SEED)
    for folder in (RAW_DIR, DEV_DIR):
        if folder.exists():
            shutil.rmtree(folder)
    files: list[Path] = []

    activates, negatives = build_words(rng, TRAIN_VARIANTS, N_ACTIVATES, N_NEGATIVES)
    files += [
        write(RAW_DIR / "activates" / f"act_{i:02d}.wav", a) for i, a in enumerate(activates)
    ]
    files += [
        write(RAW_DIR / "negatives" / f"neg_{i:02d}.wav", a) for i, a in enumerate(negatives)
    ]
    backgrounds = [make_background(rng, kind, TRAIN_VARIANTS) for kind in BACKGROUND_KINDS]
    files += [
        write(RAW_DIR / "backgrounds" / f"bg_{i:02d}_{kind}.wav", b)
        for i, (kind, b) in enumerate(zip(BACKGROUND_KINDS, backgrounds, strict=True))
    ]
    print(f"raw clips done in {time.perf_counter() - start:.0f} s", flush=True)

    # Dev set: new voices, new backgrounds of the same kinds, words never committed.
    dev_rng = np.random.default_rng([SEED, 1])
    dev_act, dev_neg = build_words(dev_rng, DEV_VARIANTS, 30, 40)
    dev_bgs = [make_background(dev_rng, kind, DEV_VARIANTS) for kind in BACKGROUND_KINDS]
    labels, clips = [], []
    for i in range(N_DEV):
        bg = dev_bgs[i % len(dev_bgs)]
        x, y, words = synthesize_example(dev_rng, bg, dev_act, dev_neg)
        files.append(write(DEV_DIR / f"dev_{i:02d}.wav", x))
        labels.append(y)
        clips.append(
            {
                "file": f"dev_{i:02d}.wav",
                "background": BACKGROUND_KINDS[i % len(dev_bgs)],
                "words": words,
                "activate_ends_ms": [w["end_ms"] for w in words if w["kind"] == "activate"],
            }
        )
    y_dev = np.stack(labels)
    np.save(DEV_DIR / "Y_dev.npy", y_dev)
    info = {
        "sample_rate": SAMPLE_RATE,
        "clip_ms": CLIP_MS,
        "Ty": TY,
        "label_rule": "ones at steps int(end_ms*Ty/10000)+1 .. +50 (clipped at Ty)",
        "clips": clips,
    }
    (DEV_DIR / "dev_clips.json").write_text(json.dumps(info, indent=1) + "\n")
    files += [DEV_DIR / "Y_dev.npy", DEV_DIR / "dev_clips.json"]

    spec = td_utils.spectrogram(backgrounds[0])
    n_triggers = sum(len(c["activate_ends_ms"]) for c in clips)
    total_bytes = sum(f.stat().st_size for f in files)
    metrics = {
        "activate_clips": N_ACTIVATES,
        "negative_clips": N_NEGATIVES,
        "background_clips": len(backgrounds),
        "dev_clips": N_DEV,
        "dev_activates": n_triggers,
        "dev_positive_step_fraction": round(float(y_dev.mean()), 4),
        "sample_rate": SAMPLE_RATE,
        "Tx": spec.shape[1],
        "n_freq": spec.shape[0],
        "Ty": TY,
        "activate_ms_mean": round(float(np.mean([len(a) for a in activates])) / 16, 1),
        "total_bytes": total_bytes,
    }
    seconds = time.perf_counter() - start
    for key, value in metrics.items():
        print(f"{key:>28}: {value}")
    record_artifact(
        "trigger_word_audio",
        builder="datasets/builders/trigger_word_audio.py",
        seed=SEED,
        files=files,
        metrics=metrics,
        libraries=("numpy", "scipy", "pydub", "music21"),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Speech synthesised with espeak-ng (GPL-3 program; its output is not a derivative "
    "work) in 8 English accents and many voice variants; music backgrounds are Bach chorales "
    "from music21's corpus (public domain), rendered with numpy; noises generated here. "
    "16 kHz mono int16 keeps the lesson's shapes (Tx 5511 x 101, Ty 1375). Dev clips use "
    "voice variants and backgrounds not in raw_data."
)

if __name__ == "__main__":
    main()
