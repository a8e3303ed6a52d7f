"""Train the feature network of the neural style transfer lesson (c4w4a2) and measure it.

What it makes (under `datasets/c4/nst/`):
    feature_net.weights.h5       the network's weights (Keras 3 `save_weights`), read by
                                 `shared_utils.nst_utils.load_feature_network`.
    style_transfer_demo.png      content | style | result of a lesson-length run.
    trained_vs_untrained.png     the same runs with the trained network and with the
                                 same architecture left at its random start.
    texture_samples.png          four images of every class of the training set.

The network (`nst_utils.build_feature_network`) has VGG19's layout and layer names,
2-2-4-4-4 convolutions of 3 x 3 in five blocks each closed by a max pool, but 16-32-64-96-96
filters instead of 64-128-256-512-512 (about 0.8 M parameters instead of 20 M), so a style
transfer at 256 x 256 takes about a minute on a 2-core CPU.

Training set and objective: 37 classes of textures and shapes drawn here with numpy and
Pillow (stripes, checks, dots, Voronoi cells with and without lead lines, rings, spirals,
clouds, grain, marble, wood, bricks, hexagons, hatching, zigzags, waves, brush dabs,
grass, fish scales, scattered triangles and stars, tartan, Mondrian grids, ripples,
bubbles, halftone, labyrinths, Mikado sticks, leaves, vortex strokes, cubist shards,
tesserae, and one big circle, square, triangle or star), every image with its own random
palette, scale, angle and noise, 64 x 64 pixels. The network is trained as a classifier
(global average pooling and a softmax over the 37 classes on top of `block5_pool`) with
batch normalisation after every convolution, and with a second task after every block:
estimate the image's joint RGB histogram (4 bins per channel, KL divergence, weight
HIST_WEIGHT each) from that block's pooled features. A classifier alone learns to ignore
colour (every training image has a random palette), and then a style transfer with its
features hardly moves the colours; the colour heads keep colour in the features of every
block. After training the colour heads are dropped and each batch normalisation is folded
into its convolution, which leaves plain VGG-style Conv2D + ReLU layers.

Calibration (the same for the trained and the untrained network): first every channel is
scaled to mean activation 1 on held-out texture images (Gatys et al. did this for VGG19),
then every style layer so that it adds the same style cost on average between unrelated
images, and `block5_conv4` so that, between unrelated images, the lesson's
alpha * J_content is CONTENT_RATIO times beta * J_style (alpha = 10, beta = 40). ReLU and
max pooling commute with positive scales, so each scale is undone in the next layer's
weights: the classifier's outputs do not change, only the size of the activations the
costs see.

Measured: classification accuracy on held-out textures (and on a small fixed slice of them
that the tests recompute from the committed file); the time of a lesson-length style
transfer (STEPS Adam steps at lr 0.01, IMAGE_SIZE pixels) in wall and CPU seconds; its
content and style costs every 250 steps; and, for the trained against the untrained
network on CONTENT x STYLE pairs, three figures computed from the images alone (neither
network is the judge): colour distance to the style image (sliced Wasserstein distance of
the RGB values), texture distance to the style image (multi-scale oriented-derivative
statistics) and kept structure (SSIM of the blurred luminance with the content image).

CPU training is not bit-for-bit reproducible (thread scheduling changes float sums), so a
rebuild gives weights with other bytes and figures within noise of the recorded ones.

Run from the repository root (after nst_images.py):
    .venv/bin/python datasets/builders/nst_feature_net.py
"""

from __future__ import annotations

import argparse
import colorsys
import io
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

from shared_utils import nst_utils  # noqa: E402

SEED = 19
OUT_DIR = REPO_ROOT / "datasets" / "c4" / "nst"
WEIGHTS_FILE = OUT_DIR / "feature_net.weights.h5"
DEMO_FILE = OUT_DIR / "style_transfer_demo.png"
COMPARE_FILE = OUT_DIR / "trained_vs_untrained.png"
TEXTURE_SHEET = OUT_DIR / "texture_samples.png"

TEX = 64  # side of a training image
TRAIN_PER_CLASS, VAL_PER_CLASS, SLICE_PER_CLASS = 500, 40, 5
EPOCHS, BATCH, LEARNING_RATE = 10, 64, 3e-3  # Adam, cosine-decayed to 5 %
HIST_BINS, HIST_WEIGHT = 4, 0.4  # colour heads: joint RGB histogram, 4 bins per channel
CALIBRATION_IMAGES, CALIBRATION_SIZE = 64, 256
CONTENT_RATIO = 2.5  # alpha J_content : beta J_style between unrelated images

# The lesson's run (course: 400 x 400, 2501 Adam steps at lr 0.01 on a GPU).
IMAGE_SIZE, STEPS, LOG_EVERY = 256, 2501, 250
ALPHA, BETA, LR, NOISE, TF_SEED = 10, 40, 0.01, 0.25, 272
STYLE_LAYERS = [(f"block{b}_conv1", 0.2) for b in range(1, 6)]
CONTENT_LAYER = [("block5_conv4", 1)]
DEMO = ("china", "stained_glass")
COMPARE_CONTENT = ("china", "chelsea")
COMPARE_STYLES = ("impressionist", "stained_glass", "swirls")
COMPARE_STEPS = 500
# A short run the tests repeat from the committed weights (content, style, size, steps).
CHECK_RUN = ("chelsea", "mosaic", 64, 20)

Rng = np.random.Generator


# ================================================================ the texture classes


def palette(rng: Rng, n: int) -> np.ndarray:
    """n random colours (rows of RGB in [0, 1]) with some contrast in lightness."""
    base = rng.random()
    cols = []
    for i in range(n):
        hue = (base + i / n + rng.normal(0, 0.08)) % 1.0 if rng.random() < 0.7 else rng.random()
        cols.append(colorsys.hsv_to_rgb(hue, rng.uniform(0.1, 1.0), rng.uniform(0.15, 1.0)))
    cols = np.array(cols)
    if np.ptp(cols.mean(axis=1)) < 0.25:
        cols[0] = cols[0] * 0.3
        cols[-1] = 1 - (1 - cols[-1]) * 0.3
    return cols


def coords(rng: Rng, s: int) -> tuple[np.ndarray, np.ndarray]:
    """Pixel grid turned by a random angle and shifted (pixel units)."""
    yy, xx = np.mgrid[0:s, 0:s].astype(float)
    a = rng.uniform(0, math.pi)
    x = (xx - s / 2) * math.cos(a) - (yy - s / 2) * math.sin(a) + rng.uniform(0, 100)
    y = (xx - s / 2) * math.sin(a) + (yy - s / 2) * math.cos(a) + rng.uniform(0, 100)
    return x, y


def smooth(rng: Rng, cells: int, s: int) -> np.ndarray:
    """Smooth random field in [0, 1] of shape (s, s)."""
    coarse = (rng.random((cells, cells)) * 255).astype(np.uint8)
    return np.asarray(Image.fromarray(coarse).resize((s, s), Image.BICUBIC), float) / 255.0


def fbm(rng: Rng, s: int, octaves: int = 4, base: int = 3) -> np.ndarray:
    """Sum of smooth fields of doubling frequency and halving amplitude, in [0, 1]."""
    out, amp, total = np.zeros((s, s)), 1.0, 0.0
    for o in range(octaves):
        out += amp * smooth(rng, base * 2**o, s)
        total += amp
        amp *= 0.5
    return out / total


def two(field: np.ndarray, cols: np.ndarray, soft: float = 0.0) -> np.ndarray:
    """Colour a field in [0, 1] with cols[0] below 0.5 and cols[1] above (soft edge)."""
    t = np.clip((field - 0.5) / soft + 0.5, 0, 1) if soft > 0 else (field > 0.5).astype(float)
    return cols[0] * (1 - t[..., None]) + cols[1] * t[..., None]


def ramp(field: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Colour a field in [0, 1] by interpolating through the palette."""
    k = len(cols) - 1
    f = np.clip(field, 0, 1) * k
    i = np.minimum(f.astype(int), k - 1)
    t = (f - i)[..., None]
    return cols[i] * (1 - t) + cols[i + 1] * t


def bands(field: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Colour a field in [0, 1] with flat bands of the palette's colours."""
    return cols[np.clip((field * len(cols)).astype(int), 0, len(cols) - 1)]


def c255(c) -> tuple[int, int, int]:
    return tuple(int(v * 255) for v in np.clip(c, 0, 1))


def canvas(cols: np.ndarray, s: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A Pillow canvas at twice the size (drawn shapes get smooth edges when shrunk)."""
    img = Image.new("RGB", (2 * s, 2 * s), c255(cols[0]))
    return img, ImageDraw.Draw(img)


def shrink(img: Image.Image, s: int) -> np.ndarray:
    return np.asarray(img.convert("RGB").resize((s, s), Image.BOX), float) / 255.0


def line(draw: ImageDraw.ImageDraw, x, y, angle, length, width, color) -> None:
    dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
    draw.line([(x - dx, y - dy), (x + dx, y + dy)], fill=color, width=max(1, int(width)))


def polygon(cx, cy, r, n, rot=0.0, star=False) -> list[tuple[float, float]]:
    """Corners of a regular polygon (or a star with n points)."""
    k = n * (2 if star else 1)
    corners = []
    for i in range(k):
        radius = r if not star or i % 2 == 0 else r * 0.45
        angle = rot + 2 * math.pi * i / k
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return corners


def nearest_two(points: np.ndarray, s: int) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest point and (second - first nearest distance) per pixel."""
    from scipy.spatial import cKDTree

    yy, xx = np.mgrid[0:s, 0:s]
    d, i = cKDTree(points).query(np.stack([xx.ravel(), yy.ravel()], 1).astype(float), k=2)
    return i[:, 0].reshape(s, s), (d[:, 1] - d[:, 0]).reshape(s, s)


def stripes(rng, s):
    x, _ = coords(rng, s)
    p = rng.uniform(4, 16)
    return two(0.5 + 0.5 * np.sin(2 * math.pi * x / p), palette(rng, 2), rng.choice([0, 0.6]))


def checks(rng, s):
    x, y = coords(rng, s)
    p = rng.uniform(4, 14)
    return two((np.sin(math.pi * x / p) * np.sin(math.pi * y / p) > 0) * 1.0, palette(rng, 2))


def dot_grid(rng, s):
    x, y = coords(rng, s)
    p = rng.uniform(5, 14)
    d = np.hypot((x % p) - p / 2, (y % p) - p / 2)
    return two((d < p * rng.uniform(0.15, 0.4)) * 1.0, palette(rng, 2))


def scattered_dots(rng, s):
    cols = palette(rng, 3)
    img, draw = canvas(cols, s)
    r0 = rng.uniform(2, 8)
    for _ in range(int(rng.integers(30, 140) * (s / TEX) ** 2)):
        x, y, r = rng.uniform(0, 2 * s), rng.uniform(0, 2 * s), r0 * rng.uniform(0.6, 1.4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=c255(cols[1 + rng.integers(2)]))
    return shrink(img, s)


def cells(rng, s):
    n = int(rng.integers(8, 60) * (s / TEX) ** 2)
    idx, _ = nearest_two(rng.uniform(-4, s + 4, (n, 2)), s)
    cols = palette(rng, 5)
    return cols[rng.integers(5, size=n)][idx]


def leaded_cells(rng, s):
    n = int(rng.integers(8, 60) * (s / TEX) ** 2)
    idx, gap = nearest_two(rng.uniform(-4, s + 4, (n, 2)), s)
    cols = palette(rng, 5)
    panes = cols[rng.integers(1, 5, size=n)][idx]
    return np.where((gap < rng.uniform(1.0, 2.5))[..., None], cols[0] * 0.3, panes)


def rings(rng, s):
    c = rng.uniform(-s, 2 * s, 2)
    yy, xx = np.mgrid[0:s, 0:s]
    p = rng.uniform(4, 14)
    f = 0.5 + 0.5 * np.sin(2 * math.pi * np.hypot(xx - c[0], yy - c[1]) / p)
    return two(f, palette(rng, 2), rng.choice([0, 0.6]))


def spiral(rng, s):
    c = rng.uniform(s * 0.2, s * 0.8, 2)
    yy, xx = np.mgrid[0:s, 0:s]
    r, th = np.hypot(xx - c[0], yy - c[1]), np.arctan2(yy - c[1], xx - c[0])
    k = int(rng.integers(1, 5)) * rng.choice([-1, 1])
    p = rng.uniform(5, 14)
    return two(0.5 + 0.5 * np.sin(k * th + 2 * math.pi * r / p), palette(rng, 2), 0.5)


def clouds(rng, s):
    return ramp(fbm(rng, s, base=int(rng.integers(2, 5))), palette(rng, 3))


def grain(rng, s):
    cols = palette(rng, 3)
    base = ramp(smooth(rng, 3, s), cols[:2])
    return np.clip(base + rng.normal(0, rng.uniform(0.08, 0.25), (s, s, 1)), 0, 1)


def marble(rng, s):
    x, _ = coords(rng, s)
    f = 0.5 + 0.5 * np.sin(2 * math.pi * x / rng.uniform(10, 30) + rng.uniform(3, 8) * fbm(rng, s))
    return ramp(f ** rng.uniform(1, 4), palette(rng, 3))


def wood(rng, s):
    x, y = coords(rng, s)
    r = np.hypot(x * 0.15, y) + 6 * fbm(rng, s)
    return ramp(0.5 + 0.5 * np.sin(2 * math.pi * r / rng.uniform(3, 8)), palette(rng, 2))


def bricks(rng, s):
    x, y = coords(rng, s)
    h = rng.uniform(5, 12)
    w = h * rng.uniform(1.5, 3)
    row = np.floor(y / h)
    xs = x + (row % 2) * w / 2
    m = rng.uniform(0.6, 2)
    cols = palette(rng, 3)
    brick = cols[1 + (np.floor(xs / w) + row).astype(int) % 2]
    return np.where((((y % h) < m) | ((xs % w) < m))[..., None], cols[0], brick)


def hexagons(rng, s):
    p = rng.uniform(5, 14)
    n = int(s / p) + 3
    centres = np.array(
        [
            (i * p * math.sqrt(3) + (j % 2) * p * math.sqrt(3) / 2, j * p * 1.5)
            for i in range(-2, n)
            for j in range(-2, n)
        ]
    )
    idx, gap = nearest_two(centres, s)
    cols = palette(rng, 3)
    fill = cols[1 + rng.integers(2, size=len(centres))][idx]
    return np.where((gap < rng.uniform(0.6, 2.0))[..., None], cols[0], fill)


def hatching(rng, s):
    x, y = coords(rng, s)
    p1, p2, w = rng.uniform(4, 10), rng.uniform(4, 10), rng.uniform(0.8, 2.0)
    other = y if rng.random() < 0.5 else (x + y) / math.sqrt(2)
    return two((((x % p1) < w) | ((other % p2) < w)) * 1.0, palette(rng, 2))


def zigzag(rng, s):
    x, y = coords(rng, s)
    p, a = rng.uniform(6, 16), rng.uniform(3, 10)
    tri = np.abs((x / p) % 2 - 1) * a
    return bands(((y + tri) / rng.uniform(5, 14)) % 1, palette(rng, int(rng.integers(2, 4))))


def waves(rng, s):
    x, y = coords(rng, s)
    bend = rng.uniform(2, 8) * np.sin(2 * math.pi * x / rng.uniform(10, 40))
    f = (y + bend) / rng.uniform(5, 14)
    return two(0.5 + 0.5 * np.sin(2 * math.pi * f), palette(rng, 2), rng.choice([0, 0.7]))


def brush_dabs(rng, s):
    cols = palette(rng, 4)
    img, draw = canvas(cols, s)
    base = rng.uniform(0, math.pi)
    flow = smooth(rng, 3, 2 * s) * rng.uniform(0, 3)
    size = rng.uniform(6, 16)
    for _ in range(int(rng.integers(150, 350) * (s / TEX) ** 2)):
        x, y = rng.uniform(0, 2 * s, 2)
        a = base + flow[int(y) % (2 * s), int(x) % (2 * s)] + rng.normal(0, 0.2)
        c = cols[rng.integers(4)] + rng.normal(0, 0.05, 3)
        line(draw, x, y, a, size * rng.uniform(1, 2), size * rng.uniform(0.3, 0.6), c255(c))
    return shrink(img, s)


def grass(rng, s):
    cols = palette(rng, 3)
    img, draw = canvas(cols, s)
    lean = rng.normal(0, 0.3)
    for _ in range(int(rng.integers(150, 400) * (s / TEX) ** 2)):
        x, y, h = rng.uniform(0, 2 * s), rng.uniform(-10, 2 * s + 10), rng.uniform(8, 30)
        a = -math.pi / 2 + lean + rng.normal(0, 0.2)
        draw.line(
            [(x, y), (x + h * math.cos(a), y + h * math.sin(a))],
            fill=c255(cols[1 + rng.integers(2)] * rng.uniform(0.7, 1.2)),
            width=int(rng.integers(1, 4)),
        )
    return shrink(img, s)


def fish_scales(rng, s):
    cols = palette(rng, 3)
    img, draw = canvas(cols, s)
    r = rng.uniform(6, 16)
    for j in range(-1, int(2 * s / (r * 0.7)) + 2):
        for i in range(-1, int(2 * s / r) + 2):
            cx, cy = i * r * 1.6 + (j % 2) * r * 0.8, j * r * 0.7
            draw.ellipse(
                (cx - r, cy - r, cx + r, cy + r),
                outline=c255(cols[0]),
                width=2,
                fill=c255(cols[1 + (i + j) % 2] * rng.uniform(0.85, 1.1)),
            )
    return shrink(img, s)


def scattered_shapes(points: int, star: bool):
    def draw_them(rng, s):
        cols = palette(rng, 3)
        img, draw = canvas(cols, s)
        r0 = rng.uniform(5, 14)
        n = points if points else int(rng.integers(4, 7))
        for _ in range(int(rng.integers(15, 70) * (s / TEX) ** 2)):
            x, y = rng.uniform(0, 2 * s, 2)
            corners = polygon(x, y, r0 * rng.uniform(0.6, 1.4), n, rng.uniform(0, 7), star)
            draw.polygon(corners, fill=c255(cols[1 + rng.integers(2)]))
        return shrink(img, s)

    draw_them.__name__ = "scattered_stars" if star else "scattered_triangles"
    return draw_them


def tartan(rng, s):
    x, y = coords(rng, s)
    cols = palette(rng, 3)
    p1, p2 = rng.uniform(8, 24), rng.uniform(8, 24)
    a = ((x % p1) < p1 * rng.uniform(0.2, 0.5))[..., None]
    b = ((y % p2) < p2 * rng.uniform(0.2, 0.5))[..., None]
    return cols[0] * (1 - 0.5 * a - 0.5 * b) + cols[1] * 0.5 * a + cols[2] * 0.5 * b


def mondrian(rng, s):
    cols = palette(rng, 4)
    img, draw = canvas(cols, s)
    boxes = [(0.0, 0.0, 2.0 * s, 2.0 * s)]
    for _ in range(int(rng.integers(4, 12) * (s / TEX))):
        x0, y0, x1, y1 = boxes.pop(int(rng.integers(len(boxes))))
        if x1 - x0 > y1 - y0 and x1 - x0 > 12:
            m = rng.uniform(x0 + 5, x1 - 5)
            boxes += [(x0, y0, m, y1), (m, y0, x1, y1)]
        elif y1 - y0 > 12:
            m = rng.uniform(y0 + 5, y1 - 5)
            boxes += [(x0, y0, x1, m), (x0, m, x1, y1)]
        else:
            boxes.append((x0, y0, x1, y1))
    edge = c255(np.full(3, 0.05) if rng.random() < 0.7 else cols[1])
    width = int(rng.integers(2, 6))
    for b in boxes:
        draw.rectangle(b, fill=c255(cols[rng.integers(4)]), outline=edge, width=width)
    return shrink(img, s)


def ripples(rng, s):
    yy, xx = np.mgrid[0:s, 0:s]
    f = np.zeros((s, s))
    p = rng.uniform(4, 12)
    for _ in range(int(rng.integers(2, 5))):
        c = rng.uniform(-s / 2, 1.5 * s, 2)
        f += np.sin(2 * math.pi * np.hypot(xx - c[0], yy - c[1]) / p)
    return ramp(0.5 + f / (2 * np.abs(f).max() + 1e-6), palette(rng, 3))


def bubbles(rng, s):
    cols = palette(rng, 3)
    img, draw = canvas(cols, s)
    r0 = rng.uniform(5, 20)
    for _ in range(int(rng.integers(10, 50) * (s / TEX) ** 2)):
        x, y, r = *rng.uniform(0, 2 * s, 2), r0 * rng.uniform(0.5, 1.5)
        draw.ellipse(
            (x - r, y - r, x + r, y + r),
            outline=c255(cols[1 + rng.integers(2)]),
            width=int(rng.integers(1, 4)),
        )
    return shrink(img, s)


def halftone(rng, s):
    x, y = coords(rng, s)
    p = rng.uniform(4, 9)
    d = np.hypot((x % p) - p / 2, (y % p) - p / 2)
    return two((d < fbm(rng, s, base=2) * p * 0.7) * 1.0, palette(rng, 2))


def labyrinth(rng, s):
    from scipy import ndimage

    noise = rng.normal(size=(s, s))
    w = rng.uniform(1.0, 2.5)
    band = ndimage.gaussian_filter(noise, w, mode="wrap") - ndimage.gaussian_filter(
        noise, 2 * w, mode="wrap"
    )
    return two((band > 0) * 1.0, palette(rng, 2))


def mikado(rng, s):
    cols = palette(rng, 4)
    img, draw = canvas(cols, s)
    for _ in range(int(rng.integers(10, 40) * (s / TEX) ** 2)):
        x, y = rng.uniform(0, 2 * s, 2)
        line(
            draw,
            x,
            y,
            rng.uniform(0, math.pi),
            rng.uniform(40, 200),
            rng.uniform(1, 5),
            c255(cols[1 + rng.integers(3)]),
        )
    return shrink(img, s)


def leaves(rng, s):
    cols = palette(rng, 4)
    img = Image.new("RGBA", (2 * s, 2 * s), c255(cols[0]) + (255,))
    size = rng.uniform(8, 22)
    for _ in range(int(rng.integers(20, 70) * (s / TEX) ** 2)):
        leaf = Image.new("RGBA", (int(size * 2.2), int(size * 2.2)), (0, 0, 0, 0))
        ImageDraw.Draw(leaf).ellipse(
            (0, size * 0.75, size * 2.2, size * 1.45),
            fill=c255(cols[1 + rng.integers(3)]) + (255,),
        )
        leaf = leaf.rotate(rng.uniform(0, 360))
        x, y = rng.integers(-int(size), 2 * s, 2)
        img.paste(leaf, (int(x), int(y)), leaf)
    return shrink(img, s)


def vortex_strokes(rng, s):
    cols = palette(rng, 4)
    img, draw = canvas(cols, s)
    vortices = [
        (*rng.uniform(0, 2 * s, 2), rng.uniform(15, 50) * s / TEX, rng.choice([-1, 1]) * 3)
        for _ in range(int(rng.integers(1, 4)))
    ]
    for _ in range(int(rng.integers(80, 200) * (s / TEX) ** 2)):
        x, y = rng.uniform(0, 2 * s, 2)
        points = [(x, y)]
        for _ in range(5):
            u, v = 0.3, 0.0
            for cx, cy, r, k in vortices:
                fall = k * math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))
                u, v = u - (y - cy) / r * fall, v + (x - cx) / r * fall
            norm = math.hypot(u, v) + 1e-6
            x, y = x + 4 * u / norm, y + 4 * v / norm
            points.append((x, y))
        draw.line(points, fill=c255(cols[1 + rng.integers(3)]), width=int(rng.integers(2, 5)))
    return shrink(img, s)


def shards(rng, s):
    cols = palette(rng, 5)
    img, draw = canvas(cols, s)
    for _ in range(int(rng.integers(8, 25) * (s / TEX) ** 2)):
        cx, cy = rng.uniform(-10, 2 * s + 10, 2)
        n = int(rng.integers(3, 5))
        angles, radii = np.sort(rng.uniform(0, 2 * math.pi, n)), rng.uniform(10, 60, n)
        corners = [
            (cx + r * math.cos(a), cy + r * math.sin(a))
            for a, r in zip(angles, radii, strict=True)
        ]
        draw.polygon(
            corners,
            fill=c255(cols[rng.integers(5)]),
            outline=c255(cols[0] * 0.3) if rng.random() < 0.5 else None,
        )
    return shrink(img, s)


def tesserae(rng, s):
    cols = palette(rng, 4)
    img, draw = canvas(cols, s)
    t = rng.uniform(5, 12)
    field = fbm(rng, 2 * s, 3, 2)
    for j in range(int(2 * s / t) + 1):
        for i in range(int(2 * s / t) + 1):
            x, y = i * t + (j % 2) * t / 2, j * t
            c = cols[1 + int(field[min(int(y), 2 * s - 1), min(int(x), 2 * s - 1)] * 2.99)]
            h = t / 2 - 1
            draw.rectangle((x - h, y - h, x + h, y + h), fill=c255(c * rng.uniform(0.85, 1.1)))
    return shrink(img, s)


def big_shape(kind: str):
    def draw_it(rng, s):
        cols = palette(rng, 3)
        back = (
            ramp(fbm(rng, s, base=2), cols[:2])
            if rng.random() < 0.5
            else np.broadcast_to(cols[0], (s, s, 3))
        )
        img = Image.fromarray((back * 255).astype(np.uint8)).resize((2 * s, 2 * s))
        draw = ImageDraw.Draw(img)
        x, y = rng.uniform(0.35, 0.65, 2) * 2 * s
        r = rng.uniform(0.25, 0.45) * 2 * s
        fill, rot = c255(cols[2]), rng.uniform(0, 7)
        if kind == "circle":
            draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)
        else:
            n, star = {"square": (4, False), "triangle": (3, False), "star": (5, True)}[kind]
            draw.polygon(polygon(x, y, r, n, rot, star), fill=fill)
        return shrink(img, s)

    draw_it.__name__ = f"big_{kind}"
    return draw_it


CLASSES = [
    stripes,
    checks,
    dot_grid,
    scattered_dots,
    cells,
    leaded_cells,
    rings,
    spiral,
    clouds,
    grain,
    marble,
    wood,
    bricks,
    hexagons,
    hatching,
    zigzag,
    waves,
    brush_dabs,
    grass,
    fish_scales,
    scattered_shapes(3, False),
    scattered_shapes(0, True),
    tartan,
    mondrian,
    ripples,
    bubbles,
    halftone,
    labyrinth,
    mikado,
    leaves,
    vortex_strokes,
    shards,
    tesserae,
] + [big_shape(k) for k in ("circle", "square", "triangle", "star")]
CLASS_NAMES = [f.__name__ for f in CLASSES]
SPLITS = {"train": 0, "val": 1, "calibration": 2}


def texture(cls: int, rng: Rng, size: int = TEX) -> np.ndarray:
    """One image of class `cls`: uint8 (size, size, 3)."""
    img = np.clip(CLASSES[cls](rng, size), 0, 1)
    if rng.random() < 0.3:  # sensor noise
        img = np.clip(img + rng.normal(0, rng.uniform(0.01, 0.06), img.shape), 0, 1)
    return (img * 255).astype(np.uint8)


def texture_set(split: str, per_class: int, first: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Images uint8 (n, 64, 64, 3) and labels int32 (n,) of a split, shuffled.

    Image i of class c is drawn from `default_rng([SEED, split id, c, first + i])`, so any
    slice of a split can be redrawn alone (the tests do that).
    """
    split_id = SPLITS[split]
    xs, ys = [], []
    for c in range(len(CLASSES)):
        for i in range(first, first + per_class):
            xs.append(texture(c, np.random.default_rng([SEED, split_id, c, i])))
            ys.append(c)
    order = np.random.default_rng([SEED, split_id, first]).permutation(len(ys))
    return np.stack(xs)[order], np.array(ys, np.int32)[order]


def colour_histogram(images: np.ndarray, bins: int = 4) -> np.ndarray:
    """Joint RGB histograms (bins per channel) of uint8 images: float32 (n, bins ** 3),
    each row summing to 1. The training network learns to estimate them, so that its
    features keep the colours (a texture classifier alone learns to ignore them: every
    training image has a random palette)."""
    q = (images.astype(np.int32) * bins) // 256
    index = (q[..., 0] * bins + q[..., 1]) * bins + q[..., 2]
    flat = index.reshape(len(images), -1)
    counts = np.stack([np.bincount(row, minlength=bins**3) for row in flat])
    return (counts / flat.shape[1]).astype(np.float32)


def heldout_slice() -> tuple[np.ndarray, np.ndarray]:
    """The small held-out slice whose accuracy the tests recompute: the first
    SLICE_PER_CLASS validation images of every class, as float32 in [0, 1]."""
    x, y = texture_set("val", SLICE_PER_CLASS)
    return x.astype(np.float32) / 255.0, y


# ========================================================================= training


def training_network() -> keras.Model:
    """The feature network with batch normalisation after every convolution, for training.

    Six outputs: the texture class (after `block5_pool`, as in the committed network) and,
    after every block's pool, an estimate of the image's colour histogram (global average
    pooling and a softmax; these heads are dropped after training).
    """
    inputs = keras.Input(shape=(None, None, 3))
    x, colours = inputs, []
    blocks = zip(nst_utils.WIDTHS, nst_utils.BLOCK_CONVS, strict=True)
    for block, (filters, convs) in enumerate(blocks, 1):
        for conv in range(1, convs + 1):
            x = layers.Conv2D(filters, 3, padding="same", name=f"block{block}_conv{conv}")(x)
            x = layers.BatchNormalization(name=f"block{block}_bn{conv}")(x)
            x = layers.ReLU(name=f"block{block}_relu{conv}")(x)
        x = layers.MaxPooling2D(2, name=f"block{block}_pool")(x)
        pooled = layers.GlobalAveragePooling2D(name=f"colour_pool{block}")(x)
        colours.append(
            layers.Dense(HIST_BINS**3, activation="softmax", name=f"colour_block{block}")(pooled)
        )
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    classes = layers.Dense(len(CLASSES), activation="softmax", name="predictions")(x)
    return keras.Model(inputs, [classes, *colours])


COLOUR_HEADS = [f"colour_block{b}" for b in range(1, 6)]


class Progress(keras.callbacks.Callback):
    """Prints loss, accuracy and elapsed time every 50 batches."""

    def __init__(self) -> None:
        super().__init__()
        self.start, self.epoch = time.perf_counter(), 0

    def on_epoch_begin(self, epoch, logs=None) -> None:
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None) -> None:
        if batch % 50 == 49:
            print(
                f"epoch {self.epoch + 1} batch {batch + 1}: loss {logs['loss']:.3f} "
                f"class acc {logs['predictions_accuracy']:.3f}  "
                f"{time.perf_counter() - self.start:.0f} s",
                flush=True,
            )


def train(x: np.ndarray, y: np.ndarray, val: tuple) -> tuple[keras.Model, dict]:
    """Train the batch-normalised network; returns it and its training figures."""
    keras.utils.set_random_seed(SEED)
    model = training_network()
    steps = EPOCHS * (len(y) // BATCH)
    model.compile(
        optimizer=keras.optimizers.Adam(
            keras.optimizers.schedules.CosineDecay(LEARNING_RATE, steps, alpha=0.05)
        ),
        loss={"predictions": "sparse_categorical_crossentropy"}
        | {name: "kl_divergence" for name in COLOUR_HEADS},
        loss_weights={"predictions": 1.0} | {name: HIST_WEIGHT for name in COLOUR_HEADS},
        metrics={"predictions": ["accuracy"]},
    )
    wall, cpu = time.perf_counter(), time.process_time()
    hist, val_hist = colour_histogram(x), colour_histogram(val[0])
    targets = {"predictions": y} | {name: hist for name in COLOUR_HEADS}
    val_targets = {"predictions": val[1]} | {name: val_hist for name in COLOUR_HEADS}
    history = model.fit(
        x.astype(np.float32) / 255.0,
        targets,
        batch_size=BATCH,
        epochs=EPOCHS,
        verbose=2,
        callbacks=[Progress()],
        validation_data=(val[0].astype(np.float32) / 255.0, val_targets),
    )
    return model, {
        "train_wall_seconds": round(time.perf_counter() - wall, 1),
        "train_cpu_seconds": round(time.process_time() - cpu, 1),
        "train_accuracy_last_epoch": round(history.history["predictions_accuracy"][-1] * 100, 1),
        **{
            f"val_colour_kl_{name}": round(history.history[f"val_{name}_loss"][-1], 4)
            for name in COLOUR_HEADS
        },
    }


def fold_batchnorm(trained: keras.Model) -> keras.Model:
    """The plain VGG-layout network computing the same function as `trained` (inference)."""
    plain = nst_utils.build_feature_network(include_top=True)
    for layer in plain.layers:
        if isinstance(layer, layers.Conv2D):
            kernel, bias = trained.get_layer(layer.name).get_weights()
            bn = trained.get_layer(layer.name.replace("_conv", "_bn"))
            gamma, beta, mean, var = bn.get_weights()
            scale = gamma / np.sqrt(var + bn.epsilon)
            layer.set_weights([kernel * scale, (bias - mean) * scale + beta])
        elif layer.name == "predictions":
            layer.set_weights(trained.get_layer("predictions").get_weights())
    return plain


# ====================================================== reference style transfer

# Private reference versions of the lesson's exercises, used only to measure the network.


def _content_cost(a_c, a_g):
    _, h, w, c = a_g.shape
    return tf.reduce_sum(tf.square(a_c - a_g)) / (4.0 * h * w * c)


def _gram(a):
    return tf.matmul(a, a, transpose_b=True)


def _layer_style_cost(a_s, a_g):
    _, h, w, c = a_g.shape
    s = tf.transpose(tf.reshape(a_s, (h * w, c)))
    g = tf.transpose(tf.reshape(a_g, (h * w, c)))
    return tf.reduce_sum(tf.square(_gram(s) - _gram(g))) / (4.0 * c * c * (h * w) ** 2)


def _style_cost(style_outputs, generated_outputs):
    layers_ = zip(STYLE_LAYERS, style_outputs[:-1], generated_outputs[:-1], strict=True)
    return tf.add_n([weight * _layer_style_cost(a_s, a_g) for (_, weight), a_s, a_g in layers_])


def style_transfer(
    network: keras.Model,
    content: np.ndarray,
    style: np.ndarray,
    steps: int = STEPS,
    log_every: int = LOG_EVERY,
) -> tuple[np.ndarray, dict]:
    """The lesson's run: Adam (lr 0.01) on the pixels of content + uniform noise.

    Args:
        network: the feature network (ending anywhere after block5_conv4).
        content, style: float32 (1, n, n, 3) in [0, 1].

    Returns:
        The generated image (n, n, 3) and a dict with wall / CPU seconds and the costs
        (J, J_content, J_style) at step 0, every `log_every` steps and at the last step.
    """
    outputs = nst_utils.get_layer_outputs(network, STYLE_LAYERS + CONTENT_LAYER)
    a_c, a_s = outputs(tf.constant(content)), outputs(tf.constant(style))
    tf.random.set_seed(TF_SEED)
    start = tf.constant(content) + tf.random.uniform(content.shape, -NOISE, NOISE)
    generated = tf.Variable(nst_utils.clip_0_1(start))
    optimizer = keras.optimizers.Adam(learning_rate=LR)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            a_g = outputs(generated)
            j_style = _style_cost(a_s, a_g)
            j_content = _content_cost(a_c[-1], a_g[-1])
            j = ALPHA * j_content + BETA * j_style
        optimizer.apply_gradients([(tape.gradient(j, generated), generated)])
        generated.assign(nst_utils.clip_0_1(generated))
        return j, j_content, j_style

    curve = []
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(steps):
        costs = step()
        if i % log_every == 0 or i == steps - 1:
            curve.append([i] + [round(float(v), 5) for v in costs])
    return generated.numpy()[0], {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "curve": curve,
    }


# ===================================================================== calibration


def conv_layers(model: keras.Model) -> list:
    return [layer for layer in model.layers if isinstance(layer, layers.Conv2D)]


def rescale(model: keras.Model, scales: dict[str, np.ndarray]) -> None:
    """Multiply each conv layer's output channels by `scales[name]` (positive) and divide
    the next layer's inputs by the same, so everything after it computes what it did."""
    previous = None
    for layer in conv_layers(model):
        kernel, bias = layer.get_weights()
        if previous is not None:
            kernel = kernel / previous[None, None, :, None]
        scale = scales.get(layer.name, np.ones_like(bias))
        layer.set_weights([kernel * scale, bias * scale])
        previous = scale
    head = model.get_layer("predictions")
    kernel, bias = head.get_weights()
    head.set_weights([kernel / previous[:, None], bias])


def calibration_images() -> np.ndarray:
    """CALIBRATION_IMAGES held-out textures, float32 (n, 256, 256, 3) in [0, 1]."""
    split, images = SPLITS["calibration"], []
    for i in range(CALIBRATION_IMAGES):  # drawn at 64, 128 or 256 pixels: several scales
        side = CALIBRATION_SIZE >> (i % 3)
        img = texture(i % len(CLASSES), np.random.default_rng([SEED, split, i]), side)
        images.append(Image.fromarray(img).resize((CALIBRATION_SIZE,) * 2, Image.LANCZOS))
    return np.stack(images).astype(np.float32) / 255.0


def calibrate(model: keras.Model, images: np.ndarray) -> dict[str, float]:
    """Scale channels and layers as described at the top (in place); returns the scales."""
    convs = conv_layers(model)
    probe = keras.Model(model.input, [layer.output for layer in convs])
    means = [np.zeros(layer.filters) for layer in convs]
    for image in images:
        for k, out in enumerate(probe(image[None])):
            means[k] += np.asarray(out).mean(axis=(0, 1, 2)) / len(images)
    scales = {}
    for layer, mean in zip(convs, means, strict=True):
        # Channels that never fire stay as they are; nearly silent ones are not blown up.
        floor = 0.05 * np.median(mean[mean > 0]) if np.any(mean > 0) else 1.0
        scales[layer.name] = np.where(mean > 0, 1.0 / np.maximum(mean, floor), 1.0)
    rescale(model, scales)
    # Costs between unrelated images (image i against image i + half).
    names = [n for n, _ in STYLE_LAYERS + CONTENT_LAYER]
    outputs = nst_utils.get_layer_outputs(model, names)
    half = len(images) // 2
    costs = np.zeros(len(names))
    for i in range(half):
        a, b = outputs(images[i : i + 1]), outputs(images[i + half : i + half + 1])
        pairs = zip(a[:-1], b[:-1], strict=True)
        costs[:-1] += [float(_layer_style_cost(x, y)) / half for x, y in pairs]
        costs[-1] += float(_content_cost(a[-1], b[-1])) / half
    # Each style layer to cost 1 on average; content to CONTENT_RATIO * beta / alpha times
    # the whole style cost (sum of 0.2 * 1 over five layers = 1).
    layer_scale = {n: (1.0 / c) ** 0.25 for n, c in zip(names[:-1], costs[:-1], strict=True)}
    layer_scale[names[-1]] = (CONTENT_RATIO * BETA / ALPHA / costs[-1]) ** 0.5
    rescale(model, {n: np.full(model.get_layer(n).filters, s) for n, s in layer_scale.items()})
    return {f"scale_{n}": round(float(s), 4) for n, s in layer_scale.items()}


# ======================================================= independent image measures


def colour_distance(image: np.ndarray, style: np.ndarray, projections: int = 64) -> float:
    """Sliced Wasserstein-1 distance between the RGB values of two images (0..1 units)."""
    rng = np.random.default_rng(0)
    a, b = image.reshape(-1, 3), style.reshape(-1, 3)
    q = np.linspace(0, 1, 1001)
    total = 0.0
    for _ in range(projections):
        v = rng.normal(size=3)
        v /= np.linalg.norm(v)
        total += np.abs(np.quantile(a @ v, q) - np.quantile(b @ v, q)).mean()
    return total / projections


def texture_statistics(image: np.ndarray) -> np.ndarray:
    """Mean and spread of oriented first derivatives and of the Laplacian of the
    luminance at scales 1, 2, 4 and 8 pixels: 40 numbers."""
    from scipy import ndimage

    grey = image.mean(axis=2)
    stats = []
    for s in (1, 2, 4, 8):
        gx = ndimage.gaussian_filter(grey, s, order=(0, 1)) * s
        gy = ndimage.gaussian_filter(grey, s, order=(1, 0)) * s
        for theta in np.arange(4) * np.pi / 4:
            r = np.abs(np.cos(theta) * gx + np.sin(theta) * gy)
            stats += [r.mean(), r.std()]
        lap = np.abs(ndimage.gaussian_laplace(grey, s) * s * s)
        stats += [lap.mean(), lap.std()]
    return np.array(stats)


def texture_distance(image: np.ndarray, style: np.ndarray) -> float:
    """RMS difference of the log texture statistics of two images."""
    a, b = np.log(texture_statistics(image) + 1e-4), np.log(texture_statistics(style) + 1e-4)
    return float(np.sqrt(np.mean((a - b) ** 2)))


def structure_kept(image: np.ndarray, content: np.ndarray) -> float:
    """SSIM of the luminance of two images, both blurred (sigma 2 px) to compare shapes."""
    from scipy import ndimage
    from skimage.metrics import structural_similarity

    a = ndimage.gaussian_filter(image.mean(axis=2), 2)
    b = ndimage.gaussian_filter(content.mean(axis=2), 2)
    return float(structural_similarity(a, b, data_range=1.0))


def measures(result: np.ndarray, content: np.ndarray, style: np.ndarray) -> dict[str, float]:
    return {
        "colour": colour_distance(result, style),
        "texture": texture_distance(result, style),
        "structure": structure_kept(result, content),
    }


# ========================================================================= figures


def save_png(fig, path: Path) -> None:
    """A matplotlib figure as a palette PNG without metadata."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    Image.open(buffer).convert("RGB").quantize(colors=256).save(path, optimize=True)


def pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def write_demo(path: Path, content, style, result, caption: str) -> None:
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.3), dpi=100)
    for ax, img, title in zip(
        axes, (content, style, result), ("content", "style", "result"), strict=True
    ):
        ax.imshow(np.clip(img, 0, 1))
        ax.set_title(title, fontsize=10)
        ax.axis("off")
    fig.text(0.5, 0.025, caption, ha="center", fontsize=7)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.08, top=0.91, wspace=0.03)
    save_png(fig, path)


def write_comparison(path: Path, rows: list) -> None:
    """rows: (content, style, untrained result, trained result, label)."""
    plt = pyplot()
    fig, axes = plt.subplots(len(rows), 4, figsize=(8, 2.1 * len(rows)), dpi=80)
    titles = ("content", "style", "untrained network", "trained network")
    for r, row in enumerate(rows):
        for c in range(4):
            axes[r, c].imshow(np.clip(row[c], 0, 1))
            axes[r, c].axis("off")
            if r == 0:
                axes[r, c].set_title(titles[c], fontsize=9)
        axes[r, 0].text(-8, 128, row[4], rotation=90, va="center", ha="right", fontsize=7)
    fig.tight_layout(pad=0.3)
    save_png(fig, path)


def write_texture_sheet(path: Path, per_class: int = 4) -> None:
    plt = pyplot()
    cols = 8
    rows = math.ceil(len(CLASSES) / (cols // per_class))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 0.9, rows * 1.0), dpi=80)
    for ax in axes.flat:
        ax.axis("off")
    for c in range(len(CLASSES)):
        for k in range(per_class):
            ax = axes.flat[c * per_class + k]
            ax.imshow(texture(c, np.random.default_rng([SEED, SPLITS["train"], c, k])))
            if k == 0:
                ax.set_title(CLASS_NAMES[c], fontsize=6, loc="left")
    fig.tight_layout(pad=0.2)
    save_png(fig, path)


# ============================================================================ main


def evaluate_classifier(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    probs = model.predict(x, batch_size=128, verbose=0)
    if isinstance(probs, list):  # the training network: (classes, colours)
        probs = probs[0]
    return float(np.mean(np.argmax(probs, axis=1) == y))


def check_run(network: keras.Model) -> dict:
    """CHECK_RUN: a few steps at a small size (the tests repeat it and compare the costs)."""
    content_name, style_name, size, steps = CHECK_RUN
    content = nst_utils.load_image(content_name, size)
    style = nst_utils.load_image(style_name, size)
    return style_transfer(network, content, style, steps=steps, log_every=steps)[1]


def untrained_network(images: np.ndarray) -> keras.Model:
    """The same architecture at its random start, calibrated the same way."""
    keras.utils.set_random_seed(SEED)
    model = nst_utils.build_feature_network(include_top=True)
    calibrate(model, images)
    return model


def compare(trained: keras.Model, untrained: keras.Model) -> tuple[dict, list]:
    """Both networks on COMPARE_CONTENT x COMPARE_STYLES: averaged image measures, the
    number of pairs where the trained network does better, and the figure's rows."""
    rows, found = [], {"untrained": [], "trained": [], "content_image": []}
    for content_name in COMPARE_CONTENT:
        content = nst_utils.load_image(content_name, IMAGE_SIZE)
        for style_name in COMPARE_STYLES:
            style = nst_utils.load_image(style_name, IMAGE_SIZE)
            row = [content[0], style[0]]
            for tag, net in (("untrained", untrained), ("trained", trained)):
                result, _ = style_transfer(net, content, style, steps=COMPARE_STEPS)
                found[tag].append(measures(result, content[0], style[0]))
                print(
                    f"{content_name} / {style_name} / {tag}: "
                    + ", ".join(f"{k} {v:.3f}" for k, v in found[tag][-1].items()),
                    flush=True,
                )
                row.append(result)
            found["content_image"].append(measures(content[0], content[0], style[0]))
            rows.append((*row, f"{content_name} / {style_name}"))
    figures: dict[str, float] = {"compare_pairs": len(rows), "compare_steps": COMPARE_STEPS}
    for tag, values in found.items():
        for key in values[0]:
            figures[f"compare_{tag}_{key}"] = round(float(np.mean([v[key] for v in values])), 4)
    for key in found["trained"][0]:
        sign = -1 if key == "structure" else 1  # higher structure is better
        figures[f"compare_trained_better_{key}_pairs"] = sum(
            int(sign * t[key] < sign * u[key])
            for t, u in zip(found["trained"], found["untrained"], strict=True)
        )
    return figures, rows


def main() -> None:
    from graders.manifest import record_artifact

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--trained",
        type=Path,
        help="reuse these training-network weights (skips training; for quick iterations)",
    )
    parser.add_argument(
        "--train-only",
        type=Path,
        help="train, save the training network's "
        "weights there and stop (nothing in datasets/ changes)",
    )
    args = parser.parse_args()
    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    start, cpu_start = time.perf_counter(), time.process_time()
    metrics: dict[str, float] = {"classes": len(CLASSES), "image_side": TEX}

    val = texture_set("val", VAL_PER_CLASS)
    trained_bn = training_network()
    if args.trained:
        trained_bn.load_weights(args.trained)
        record = args.trained.with_suffix(".json")  # figures of the --train-only run
        if record.exists():
            metrics.update(json.loads(record.read_text()))
    else:
        x, y = texture_set("train", TRAIN_PER_CLASS)
        draw_wall, draw_cpu = time.perf_counter() - start, time.process_time() - cpu_start
        print(f"training set drawn in {draw_wall:.0f} s", flush=True)
        trained_bn, figures = train(x, y, val)
        metrics.update(figures)
        del x, y
        if args.train_only:
            trained_bn.save_weights(args.train_only)
            figures["train_draw_wall_seconds"] = round(draw_wall, 1)
            figures["train_draw_cpu_seconds"] = round(draw_cpu, 1)
            args.train_only.with_suffix(".json").write_text(json.dumps(figures, indent=1))
            print(figures, evaluate_classifier(trained_bn, val[0] / 255.0, val[1]))
            return
    metrics.update(
        {
            "train_images": TRAIN_PER_CLASS * len(CLASSES),
            "epochs": EPOCHS,
            "val_images": VAL_PER_CLASS * len(CLASSES),
        }
    )
    network = fold_batchnorm(trained_bn)
    images = calibration_images()
    metrics.update(calibrate(network, images))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    network.save_weights(WEIGHTS_FILE)

    # Everything below uses the committed file through the learner's loading code.
    loaded = nst_utils.load_feature_network(include_top=True, weights=WEIGHTS_FILE)
    metrics["val_accuracy"] = round(evaluate_classifier(loaded, val[0] / 255.0, val[1]) * 100, 2)
    metrics["val_accuracy_bn_network"] = round(
        evaluate_classifier(trained_bn, val[0] / 255.0, val[1]) * 100, 2
    )
    slice_x, slice_y = heldout_slice()
    metrics["heldout_slice_images"] = len(slice_y)
    slice_accuracy = evaluate_classifier(loaded, slice_x, slice_y)
    metrics["heldout_slice_accuracy"] = round(slice_accuracy * 100, 2)
    metrics["params"] = int(loaded.count_params())
    metrics["weights_bytes"] = WEIGHTS_FILE.stat().st_size
    features = nst_utils.load_feature_network(weights=WEIGHTS_FILE)
    print({k: v for k, v in metrics.items()}, flush=True)
    metrics["check_run_costs"] = check_run(features)["curve"][-1]

    # The lesson-length run and its figure.
    content = nst_utils.load_image(DEMO[0], IMAGE_SIZE)
    style = nst_utils.load_image(DEMO[1], IMAGE_SIZE)
    result, run = style_transfer(features, content, style)
    metrics.update(
        {
            "run_image_size": IMAGE_SIZE,
            "run_steps": STEPS,
            "run_wall_seconds": round(run["wall"], 1),
            "run_cpu_seconds": round(run["cpu"], 1),
            "run_unshared_estimate_seconds": round(run["cpu"] / 2, 1),
            "run_ms_per_step_cpu": round(run["cpu"] / STEPS * 1000, 1),
            "run_costs_every_250_steps": run["curve"],
        }
    )
    metrics.update(
        {f"run_{k}": round(v, 4) for k, v in measures(result, content[0], style[0]).items()}
    )
    print(f"lesson run: {run['wall']:.0f} s wall, {run['cpu']:.0f} s CPU", flush=True)
    write_demo(
        DEMO_FILE,
        content[0],
        style[0],
        result,
        f"{DEMO[0]} (photo CC BY 2.0, danielbuechele on Flickr) in the style of "
        f"{DEMO[1]} (drawn here): "
        f"{STEPS} Adam steps at {IMAGE_SIZE} x {IMAGE_SIZE}, alpha {ALPHA}, beta {BETA}",
    )

    # Trained against untrained.
    figures, rows = compare(features, untrained_network(images))
    metrics.update(figures)
    write_comparison(COMPARE_FILE, rows)
    write_texture_sheet(TEXTURE_SHEET)

    seconds = time.perf_counter() - start
    metrics["build_cpu_seconds"] = round(time.process_time() - cpu_start, 1)
    if args.trained and "train_cpu_seconds" in metrics:  # the --train-only run's share
        metrics["total_cpu_seconds_with_training"] = round(
            metrics["build_cpu_seconds"]
            + metrics["train_cpu_seconds"]
            + metrics.get("train_draw_cpu_seconds", 0),
            1,
        )
        metrics["total_wall_seconds_with_training"] = round(
            seconds + metrics["train_wall_seconds"] + metrics.get("train_draw_wall_seconds", 0), 1
        )
    for key, value in metrics.items():
        print(f"{key:>40}: {value}")
    record_artifact(
        "nst_feature_net",
        builder="datasets/builders/nst_feature_net.py",
        seed=SEED,
        files=[WEIGHTS_FILE, DEMO_FILE, COMPARE_FILE, TEXTURE_SHEET],
        metrics=metrics,
        libraries=(
            "numpy",
            "scipy",
            "pillow",
            "scikit-image",
            "matplotlib",
            "keras",
            "tensorflow-cpu",
        ),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "VGG19 layer names and layout (2-2-4-4-4 conv 3x3 + ReLU, max pool per block) with "
    "16-32-64-96-96 filters, plus avg_pool + predictions (37 texture classes) kept in the "
    "same weights file. Trained as a texture classifier with BatchNorm (folded into the "
    "convolutions afterwards) on 18,500 procedurally drawn 64 x 64 images, plus one "
    "auxiliary head per block (pooled features -> joint RGB histogram, 4 bins per "
    "channel, KL loss weight 0.4 each; dropped after training) so that the features keep "
    "colour; Adam 3e-3 cosine-decayed, batch 64, 10 epochs; inputs RGB in [0, 1], no mean "
    "subtraction. The weights come from a `--train-only` run of this builder (train_* "
    "figures; CPU training is not bit-reproducible, so a rebuild gives other bytes), the "
    "rest from a `--trained` run on them; build_* and train_* together are the whole "
    "build's cost. "
    "Channels calibrated to mean activation 1 on held-out textures, style layers to equal "
    "average cost between unrelated images, block5_conv4 so that alpha J_content = "
    "CONTENT_RATIO x beta J_style between unrelated images; the untrained baseline gets "
    "the identical calibration. run_*: one lesson-length run (content + U(-0.25, 0.25) "
    "noise, tf seed 272, Adam lr 0.01, alpha 10, beta 40, style layers block1..5_conv1 at "
    "0.2, content block5_conv4) on the 2-core machine while it was shared with other jobs: "
    "wall seconds are inflated, the unshared estimate is CPU seconds / 2; costs listed as "
    "[step, J, J_content, J_style]. compare_*: image-only measures averaged over the pairs "
    "(colour: sliced Wasserstein distance of RGB values to the style image; texture: RMS "
    "log-difference of multi-scale derivative statistics to the style image; structure: "
    "SSIM of blurred luminance with the content image; lower, lower, higher is better). "
    "CPU training is not bit-reproducible; the figures are rebuilt with it."
)

if __name__ == "__main__":
    main()
