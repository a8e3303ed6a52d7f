"""Music helpers for the LSTM improvisation assignment (Course 5): melody tokens from
music21's offline corpus, one-hot encoding, MIDI files, and WAV rendering in numpy.

A melody is a list of tokens, one per note or rest, written `<pitch>_<duration>`:
`"E5_1"` is the E above middle C's octave held one quarter note, `"R_0.5"` an eighth
rest. Pitches are spelled the way music21 spells a MIDI number (`"B-4"`, `"C#5"`) so a
melody comes back from a MIDI file with the same tokens. Durations are in quarter notes.

WAV rendering is plain numpy additive synthesis (a few harmonics and a soft envelope),
so a notebook can play a melody with `IPython.display.Audio` without any synthesizer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

REST = "R"
SAMPLE_RATE = 16_000  # rendered audio, samples per second
BPM = 96  # default tempo of rendered melodies (quarter notes per minute)
C_MAJOR = frozenset({0, 2, 4, 5, 7, 9, 11})  # pitch classes of the C major scale
MUSIC_DIR = "c5/music"  # data folder, relative to datasets/


# ------------------------------------------------------------------------------- tokens


def _format_duration(quarters: float) -> str:
    return f"{float(quarters):g}"


def pitch_name(midi: int) -> str:
    """Canonical spelling of a MIDI note number, e.g. 60 -> "C4", 70 -> "B-4"."""
    from music21 import pitch

    return pitch.Pitch(midi=int(midi)).nameWithOctave


def make_token(midi: int | None, quarters: float) -> str:
    """Token of a note (MIDI number) or, when `midi` is None, of a rest."""
    name = REST if midi is None else pitch_name(midi)
    return f"{name}_{_format_duration(quarters)}"


def parse_token(token: str) -> tuple[int | None, float]:
    """(MIDI number or None for a rest, duration in quarter notes) of a token."""
    from music21 import pitch

    name, _, quarters = token.rpartition("_")
    midi = None if name == REST else int(pitch.Pitch(name).midi)
    return midi, float(quarters)


def element_tokens(elements: Iterable, shift: int = 0) -> list[str]:
    """Tokens of music21 notes and rests (chords count as their top note), transposed
    by `shift` semitones; grace notes (no duration) are skipped."""
    tokens = []
    for el in elements:
        quarters = float(el.quarterLength)
        if quarters <= 0:
            continue
        if el.isRest:
            tokens.append(make_token(None, quarters))
        else:
            top = max(p.midi for p in el.pitches) if el.isChord else el.pitch.midi
            tokens.append(make_token(top + shift, quarters))
    return tokens


def shift_to_c(key_tonic_pitch_class: int) -> int:
    """Smallest transposition (-6..+5 semitones) that moves a tonic to C."""
    return (-key_tonic_pitch_class + 6) % 12 - 6


def melody_tokens(score, part: int = 0, to_c: bool = True) -> list[str]:
    """Tokens of one part of a music21 score (the soprano of a chorale by default).

    With `to_c`, the melody is moved by the smallest shift that puts the score's key
    (as music21 analyses it) on C, so melodies in every major key share one vocabulary.
    """
    shift = shift_to_c(score.analyze("key").tonic.pitchClass) if to_c else 0
    return element_tokens(score.parts[part].flatten().notesAndRests, shift)


# ----------------------------------------------------------------------- one-hot arrays


def one_hot(indices: np.ndarray, n_values: int) -> np.ndarray:
    """One-hot float32 array (..., n_values) of integer indices."""
    idx = np.asarray(indices, dtype=np.int64)
    return np.eye(n_values, dtype=np.float32)[idx]


def load_music_data() -> tuple[np.ndarray, np.ndarray, int, dict[int, str]]:
    """Training data of the improvisation assignment.

    Returns:
        X: float32 (m, Tx, n_values) one-hot melody snippets (m = 60, Tx = 30);
        Y: float32 (Tx, m, n_values), X moved one step earlier: Y[t] = X[:, t + 1]
           (the last step's target is a zero vector), one array per model output;
        n_values: number of distinct tokens (90);
        indices_values: index -> token.
    """
    from shared_utils.data import data_path

    return load_music_data_from(
        data_path(f"{MUSIC_DIR}/chorale_melodies.npz"), data_path(f"{MUSIC_DIR}/vocabulary.json")
    )


def load_music_data_from(
    data_file: str | Path, vocab_file: str | Path
) -> tuple[np.ndarray, np.ndarray, int, dict[int, str]]:
    """`load_music_data` from explicit files (what the builder uses before the manifest
    lists them)."""
    with np.load(data_file) as data:
        idx = data["X_indices"]
    vocab = json.loads(Path(vocab_file).read_text())["tokens"]
    n_values = len(vocab)
    X = one_hot(idx, n_values)
    Y = np.zeros_like(X)
    Y[:, :-1] = X[:, 1:]
    return X, np.swapaxes(Y, 0, 1).copy(), n_values, dict(enumerate(vocab))


# ---------------------------------------------------------------------------- MIDI


def tokens_to_stream(tokens: Sequence[str], bpm: float = BPM):
    """A music21 stream (one part, with a tempo mark) playing the tokens in order."""
    from music21 import note, stream, tempo

    part = stream.Part()
    part.append(tempo.MetronomeMark(number=bpm))
    for token in tokens:
        midi, quarters = parse_token(token)
        el = note.Rest() if midi is None else note.Note(midi)
        el.quarterLength = quarters
        part.append(el)
    return part


def write_midi(tokens: Sequence[str], path: str | Path, bpm: float = BPM) -> Path:
    """Write the tokens as a MIDI file and return its path."""
    out = Path(path)
    tokens_to_stream(tokens, bpm).write("midi", fp=str(out))
    return out


def midi_to_tokens(path: str | Path) -> list[str]:
    """Tokens of the first part of a MIDI file.

    music21 cuts notes at bar lines when it reads a MIDI file; tied pieces are joined
    again, consecutive rests become one rest and trailing rests (bar padding) are
    dropped, so what `write_midi` wrote comes back with the same tokens as long as the
    melody has no two rests in a row and does not end with a rest.
    """
    from music21 import converter

    score = converter.parse(str(path))
    part = score.parts[0] if len(score.parts) else score
    return merge_rests(element_tokens(part.stripTies().flatten().notesAndRests))


def merge_rests(tokens: Sequence[str]) -> list[str]:
    """Tokens with runs of rests joined into one rest and trailing rests removed (the
    form in which a melody comes back from a MIDI file)."""
    merged: list[str] = []
    for token in tokens:
        if merged and token.startswith(REST + "_") and merged[-1].startswith(REST + "_"):
            total = parse_token(merged[-1])[1] + parse_token(token)[1]
            merged[-1] = make_token(None, total)
        else:
            merged.append(token)
    while merged and merged[-1].startswith(REST + "_"):
        merged.pop()
    return merged


# ----------------------------------------------------------------------------- audio


def midi_to_hz(midi: np.ndarray | float) -> np.ndarray:
    """Frequency in Hz of MIDI note numbers (A4 = 69 = 440 Hz)."""
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=float) - 69) / 12)


def synthesize(
    notes: Iterable[tuple[float, float, int]],
    bpm: float = BPM,
    rate: int = SAMPLE_RATE,
    harmonics: Sequence[float] = (1.0, 0.45, 0.25, 0.12),
    total_quarters: float | None = None,
) -> np.ndarray:
    """Float signal in [-1, 1] playing notes given as (start, length, MIDI number),
    start and length in quarter notes.

    Each note is a sum of harmonics with a short attack and an exponential decay, so the
    result sounds like a soft electric piano; overlapping notes (chords) just add up.
    """
    notes = list(notes)
    seconds_per_quarter = 60.0 / bpm
    end = max((s + d for s, d, _ in notes), default=0.0)
    total = max(end, total_quarters or 0.0) * seconds_per_quarter + 0.3
    out = np.zeros(int(total * rate) + 1)
    weights = np.asarray(harmonics, dtype=float)
    for start, length, midi in notes:
        n = int(length * seconds_per_quarter * rate)
        if n <= 0:
            continue
        t = np.arange(n + int(0.08 * rate)) / rate  # a short release after the note
        f0 = float(midi_to_hz(midi))
        k = np.arange(1, len(weights) + 1)[:, None]
        audible = (k[:, 0] * f0) < rate / 2  # drop harmonics above the Nyquist frequency
        tone = (weights[audible, None] * np.sin(2 * np.pi * f0 * k[audible] * t)).sum(0)
        env = np.minimum(t / 0.01, 1.0) * np.exp(-2.5 * t)
        env[n:] *= np.linspace(1, 0, len(t) - n)
        first = int(start * seconds_per_quarter * rate)
        out[first : first + len(t)] += (tone * env)[: len(out) - first]
    peak = np.abs(out).max()
    return out / peak * 0.8 if peak > 0 else out


def token_notes(tokens: Sequence[str]) -> list[tuple[float, float, int]]:
    """(start, length, MIDI number) of the notes of a token sequence (rests skipped)."""
    notes, start = [], 0.0
    for token in tokens:
        midi, quarters = parse_token(token)
        if midi is not None:
            notes.append((start, quarters, midi))
        start += quarters
    return notes


def score_notes(score) -> list[tuple[float, float, int]]:
    """(start, length, MIDI number) of every note of every part of a music21 score."""
    notes = []
    for el in score.flatten().notes:
        for p in el.pitches:
            notes.append((float(el.offset), float(el.quarterLength), int(p.midi)))
    return notes


def render_tokens(tokens: Sequence[str], bpm: float = BPM, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Float signal in [-1, 1] playing a token sequence."""
    total = sum(parse_token(t)[1] for t in tokens)
    return synthesize(token_notes(tokens), bpm, rate, total_quarters=total)


def write_wav(signal: np.ndarray, path: str | Path, rate: int = SAMPLE_RATE) -> Path:
    """Write a [-1, 1] float signal as a 16-bit mono WAV file and return its path."""
    from scipy.io import wavfile

    out = Path(path)
    wavfile.write(out, rate, np.round(np.clip(signal, -1, 1) * 32767).astype(np.int16))
    return out


# ---------------------------------------------------------------------------- measure


def in_key_fraction(tokens: Sequence[str], scale: frozenset[int] = C_MAJOR) -> float:
    """Fraction of the notes (rests ignored) whose pitch class is in `scale`."""
    pcs = [midi % 12 for midi, _ in map(parse_token, tokens) if midi is not None]
    return float(np.mean([pc in scale for pc in pcs])) if pcs else float("nan")
