"""Audio helpers for the trigger-word assignment (Course 5): spectrograms, WAV loading,
loudness matching and counting detections.

Every clip is 16-bit mono PCM at 16 kHz. That rate keeps the original lesson's shapes:
a 10-second clip has 160,000 samples, and a spectrogram with 200-sample windows moved by
29 samples has `TX = 5511` time steps and `N_FREQ = 101` frequencies. The detector
outputs `TY = 1375` steps per clip.

Overlaying uses `pydub` on WAV files only, which needs no ffmpeg. pydub warns at import
time when ffmpeg is missing; that warning is silenced here because nothing in this course
asks pydub for another format.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
from scipy.io import wavfile

with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)  # "Couldn't find ffmpeg"
    warnings.simplefilter("ignore", DeprecationWarning)  # pydub imports audioop
    from pydub import AudioSegment

SAMPLE_RATE = 16_000  # samples per second of every clip
CLIP_MS = 10_000  # length of a training or dev clip in milliseconds
NFFT = 200  # spectrogram window (12.5 ms), giving NFFT // 2 + 1 = 101 frequencies
HOP = 29  # samples between windows, chosen so 10 s gives exactly 5511 windows
TX = 5511  # spectrogram time steps of a 10-second clip
N_FREQ = 101  # spectrogram frequencies
TY = 1375  # detector output steps per 10-second clip
LABEL_STEPS = 50  # output steps set to 1 after each "activate" ends
FLOOR_DB = -100.0  # spectrogram values never go below this (silence)

TRIGGER_DIR = "c5/trigger"  # data folder, relative to datasets/


def spectrogram(samples: np.ndarray, nfft: int = NFFT, hop: int = HOP) -> np.ndarray:
    """Power spectrogram in decibels of a mono signal.

    Each window of `nfft` samples (Hann-tapered, moved by `hop` samples) gives one column:
    the power of its `nfft // 2 + 1` frequencies, in decibels relative to a full-scale
    sine wave and floored at -100 dB. Integer samples are read as 16-bit PCM.

    Args:
        samples: 1-D array of samples (int16, or floats in [-1, 1]).
        nfft: window length in samples.
        hop: step between windows in samples.

    Returns:
        float32 array (nfft // 2 + 1, n_windows); for a 10-second clip at 16 kHz with
        the defaults, (101, 5511).
    """
    x = np.asarray(samples)
    if x.ndim != 1:
        raise ValueError(f"expected a 1-D (mono) signal, got shape {x.shape}")
    x = x.astype(np.float64) / 32768.0 if np.issubdtype(x.dtype, np.integer) else x.astype(float)
    if len(x) < nfft:
        raise ValueError(f"signal of {len(x)} samples is shorter than one window ({nfft})")
    n_windows = (len(x) - nfft) // hop + 1
    frames = np.lib.stride_tricks.sliding_window_view(x, nfft)[::hop][:n_windows]
    window = np.hanning(nfft)
    power = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2
    # A full-scale sine puts (sum(window) / 2) ** 2 of power in its frequency bin: 0 dB.
    power /= (window.sum() / 2) ** 2
    db = 10 * np.log10(np.maximum(power, 10 ** (FLOOR_DB / 10)))
    return db.T.astype(np.float32)


def get_wav_info(wav_file: str | Path) -> tuple[int, np.ndarray]:
    """Sample rate and samples (int16 array) of a WAV file."""
    rate, data = wavfile.read(wav_file)
    return rate, data


def graph_spectrogram(wav_file: str | Path, ax=None) -> np.ndarray:
    """Plot the spectrogram of a WAV file and return it.

    Args:
        wav_file: path of a mono 16 kHz WAV file.
        ax: matplotlib axes to draw on (a new figure if None).

    Returns:
        The spectrogram, float32 (101, n_windows) in decibels (5511 windows for 10 s).
    """
    import matplotlib.pyplot as plt

    rate, data = get_wav_info(wav_file)
    spec = spectrogram(data if data.ndim == 1 else data[:, 0])
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3))
    seconds = len(data) / rate
    ax.imshow(
        spec,
        origin="lower",
        aspect="auto",
        cmap="magma",
        extent=(0, seconds, 0, rate / 2000),
        vmin=-90,
        vmax=-10,
    )
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (kHz)")
    return spec


def get_random_time_segment(segment_ms: int) -> tuple[int, int]:
    """A random place for a clip of `segment_ms` milliseconds in a 10-second background.

    The start is drawn with `np.random.randint(0, CLIP_MS - segment_ms)` (one draw of
    numpy's global generator, so `np.random.seed` makes it reproducible).

    Returns:
        (segment_start, segment_end) in milliseconds, both included: the clip covers
        segment_start, ..., segment_end = segment_start + segment_ms - 1.
    """
    segment_start = np.random.randint(low=0, high=CLIP_MS - segment_ms)
    return segment_start, segment_start + segment_ms - 1


def match_target_amplitude(sound: AudioSegment, target_dBFS: float) -> AudioSegment:
    """The same sound, made louder or quieter so its average level is `target_dBFS`."""
    return sound.apply_gain(target_dBFS - sound.dBFS)


def segment_to_array(sound: AudioSegment) -> np.ndarray:
    """The samples of a pydub sound as an int16 array (mono)."""
    return np.array(sound.get_array_of_samples(), dtype=np.int16)


def array_to_segment(samples: np.ndarray, rate: int = SAMPLE_RATE) -> AudioSegment:
    """A pydub sound from int16 (or [-1, 1] float) mono samples."""
    x = np.asarray(samples)
    if not np.issubdtype(x.dtype, np.integer):
        x = np.round(np.clip(x, -1, 1) * 32767)
    data = x.astype("<i2").tobytes()
    return AudioSegment(data=data, sample_width=2, frame_rate=rate, channels=1)


def _trigger_files(folder: str) -> list[Path]:
    """Verified paths, in name order, of the manifest's WAV files in c5/trigger/<folder>/."""
    from shared_utils.data import data_path, manifest

    prefix = f"{TRIGGER_DIR}/{folder}/"
    names = sorted(
        rel
        for artifact in manifest()["artifacts"].values()
        for rel in artifact["files"]
        if rel.startswith(prefix) and rel.endswith(".wav")
    )
    return [data_path(rel) for rel in names]


def load_raw_audio() -> tuple[list[AudioSegment], list[AudioSegment], list[AudioSegment]]:
    """The raw clips of the trigger-word assignment, as pydub sounds.

    Returns:
        activates: short clips of the word "activate" (many voices, speeds, pitches);
        negatives: short clips of other words, some of them near misses ("activity");
        backgrounds: 10-second backgrounds (noise, hum, babble, music).
    """
    return tuple(  # type: ignore[return-value]
        [AudioSegment.from_wav(path) for path in _trigger_files(f"raw_data/{folder}")]
        for folder in ("activates", "negatives", "backgrounds")
    )


def load_dev_set() -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """The trigger-word dev set: 10-second clips with known "activate" positions.

    Returns:
        X_dev: float32 (m, 5511, 101) spectrograms (time first, as the model reads them);
        Y_dev: float32 (m, 1375, 1) labels (1 for 50 steps after each "activate" ends);
        ends_ms: for each clip, the end times in milliseconds of its "activate"s.
    """
    from shared_utils.data import data_path

    wavs = _trigger_files("dev")
    X = np.stack([spectrogram(get_wav_info(path)[1]).T for path in wavs])
    Y = np.load(data_path(f"{TRIGGER_DIR}/dev/Y_dev.npy")).astype(np.float32)[..., None]
    info = json.loads(data_path(f"{TRIGGER_DIR}/dev/dev_clips.json").read_text())
    return X, Y, [clip["activate_ends_ms"] for clip in info["clips"]]


def detect_triggers(probs: np.ndarray, threshold: float = 0.5, hold: int = 75) -> list[int]:
    """Output steps where the detector fires.

    The detector fires at the first step whose probability exceeds `threshold`, then
    stays quiet for `hold` steps (75 steps = 0.55 s), so one spoken word rings once.

    Args:
        probs: (TY,) or (TY, 1) per-step probabilities of one clip.
        threshold: probability above which a step counts as "heard the word".
        hold: steps to wait after firing before the next detection.
    """
    p = np.asarray(probs).reshape(-1)
    fired: list[int] = []
    next_allowed = 0
    for step in np.flatnonzero(p > threshold):
        if step >= next_allowed:
            fired.append(int(step))
            next_allowed = step + hold
    return fired


def step_to_ms(step: int, ty: int = TY, clip_ms: int = CLIP_MS) -> float:
    """Time in milliseconds of output step `step`."""
    return step * clip_ms / ty


def trigger_f1(
    detections: list[list[int]], ends_ms: list[list[float]], window_ms: float = 500.0
) -> dict[str, float]:
    """Precision, recall and F1 of detected triggers.

    A detection is correct when it falls within `window_ms` after the end of an
    "activate" that no earlier detection claimed; every other detection is a false alarm,
    and every word left unclaimed is a miss.

    Args:
        detections: for each clip, the output steps where the detector fired.
        ends_ms: for each clip, the true end times (ms) of its "activate"s.
        window_ms: how long after a word ends a detection still counts.

    Returns:
        dict with "precision", "recall", "f1", "true_positives", "false_alarms", "misses".
    """
    tp = fa = misses = 0
    for fired, ends in zip(detections, ends_ms, strict=True):
        claimed = [False] * len(ends)
        for step in fired:
            t = step_to_ms(step)
            hit = next(
                (
                    i
                    for i, end in enumerate(ends)
                    if not claimed[i] and end <= t <= end + window_ms
                ),
                None,
            )
            if hit is None:
                fa += 1
            else:
                claimed[hit] = True
                tp += 1
        misses += claimed.count(False)
    precision = tp / (tp + fa) if tp + fa else 0.0
    recall = tp / (tp + misses) if tp + misses else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_positives": tp,
        "false_alarms": fa,
        "misses": misses,
    }


def chime_on_activate(
    clip: AudioSegment, probs: np.ndarray, chime: AudioSegment, threshold: float = 0.5
) -> AudioSegment:
    """The clip with `chime` overlaid wherever the detector fires."""
    out = clip
    for step in detect_triggers(probs, threshold):
        out = out.overlay(chime, position=int(step_to_ms(step)))
    return out
