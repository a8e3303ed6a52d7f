"""Colour arithmetic and colour fields the procedural image builders share (RGB 0-255)."""

from __future__ import annotations

import numpy as np
from PIL import Image

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


def smooth_noise(rng: np.random.Generator, cells: int, size: int) -> np.ndarray:
    """Smooth random field in [0, 1] of shape (size, size): `cells` blobs per side."""
    coarse = (rng.random((cells, cells)) * 255).astype(np.uint8)
    img = Image.fromarray(coarse).resize((size, size), Image.BICUBIC)
    return np.asarray(img, dtype=np.float64) / 255.0


def from_field(field: np.ndarray, low: Color, high: Color) -> Image.Image:
    """Colour a field in [0, 1] between two colours."""
    a, b = np.asarray(low, float), np.asarray(high, float)
    return Image.fromarray((a + (b - a) * np.clip(field, 0, 1)[..., None]).astype(np.uint8))
