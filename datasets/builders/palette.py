"""Colour arithmetic the procedural image builders share (RGB tuples of ints 0-255)."""

from __future__ import annotations

import numpy as np

Color = tuple[int, int, int]


def jitter(rng: np.random.Generator, color: Color, amount: int) -> Color:
    """The colour with each channel moved by a whole number in [-amount, amount]."""
    moved = np.asarray(color) + rng.integers(-amount, amount + 1, size=3)
    return tuple(int(c) for c in np.clip(moved, 0, 255))


def shade(color: Color, factor: float) -> Color:
    """The colour scaled by `factor` (darker below 1, lighter above), truncated to ints."""
    return tuple(int(c) for c in np.clip(np.asarray(color, float) * factor, 0, 255))


def mix(a: Color, b: Color, t: float) -> Color:
    """Linear blend from colour `a` (t=0) to colour `b` (t=1), rounded to ints."""
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))
